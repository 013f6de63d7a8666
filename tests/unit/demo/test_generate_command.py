"""``surgebench fixtures generate``: a generated bench as a CSV in the import format."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from surgebench.demo.commands import fixtures
from surgebench.demo.reference import skills_by_area
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS
from surgebench.domain.specialists.validation_schemas import parse_record


def _generate(*args: str) -> str:
    result = CliRunner().invoke(fixtures, ["generate", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_generate_writes_the_import_header_and_one_row_per_specialist() -> None:
    rows = list(csv.reader(io.StringIO(_generate("--specialists", "40", "--seed", "3", "-o", "-"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 41


def test_generated_csv_rows_are_valid_import_rows() -> None:
    known = {skill for ids in skills_by_area().values() for skill in ids}
    for row in csv.DictReader(io.StringIO(_generate("--specialists", "40", "--seed", "3"))):
        _record, errors = parse_record(row, known)
        assert errors == {}


def test_generate_is_deterministic_for_a_seed() -> None:
    assert _generate("--specialists", "30", "--seed", "5") == _generate("--specialists", "30", "--seed", "5")
    assert _generate("--specialists", "30", "--seed", "5") != _generate("--specialists", "30", "--seed", "6")


def test_generate_writes_to_a_file_and_says_so_on_stderr(tmp_path) -> None:
    target = tmp_path / "bench.csv"
    result = CliRunner().invoke(fixtures, ["generate", "--specialists", "25", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "25 specialists" in result.stderr
    assert target.read_text(encoding="utf-8") == _generate("--specialists", "25")
