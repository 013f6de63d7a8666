"""The bench CSV: reading an uploaded file into checked records (every problem found, with its line and
column), and writing specialists back out in canonical form so export → import → export is identical.

Columns are ``records.CSV_COLUMNS`` in that order; ``languages`` like ``en;hi``; ``skills`` like
``coding.python:4;math.algebra:3``. Line numbers count the header as line 1."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from surgebench.domain.specialists.record_schemas import CSV_COLUMNS, SpecialistRecord
from surgebench.domain.specialists.validation_schemas import parse_record
from surgebench.lib import csv_files
from surgebench.lib.csv_files import RowError

PROGRESS_EVERY = 5_000
"""Rows between two progress reports while checking."""

EXAMPLE_ROW = (
    "asha.verma@example.com",
    "Asha Verma",
    "IN",
    "Asia/Kolkata",
    "en;hi",
    "coding.python:4;math.algebra:3",
    "vetted",
    "2027-06-30",
    "2026-12-01",
    "20",
    "0.870",
    "45.00",
)
"""The template's example row (also a valid import on its own)."""


@dataclass
class CheckedFile:
    records: list[SpecialistRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


def read_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """The bench file's rows (header checked against the bench columns)."""
    return csv_files.read_rows(text, CSV_COLUMNS)


def check_rows(
    rows: Iterable[tuple[int, list[str]]],
    known_skills: Collection[str],
    on_progress: Callable[[int], None] | None = None,
) -> CheckedFile:
    """Every row checked with the specialist field rules, plus the file's own: one row per e-mail
    (ignoring case), the right number of cells."""
    checked = CheckedFile()
    first_line_of: dict[str, int] = {}
    for index, (line, cells) in enumerate(rows, start=1):
        values = csv_files.row_by_column(line, cells, CSV_COLUMNS)
        if isinstance(values, csv_files.RowError):  # the wrong number of cells
            checked.errors.append(values)
        else:
            record, problems = parse_record(values, known_skills)
            for column, message in problems.items():
                checked.errors.append(RowError(line, column, message))
            if record is not None:
                earlier = first_line_of.setdefault(record.email_key, line)
                if earlier != line:
                    checked.errors.append(
                        RowError(
                            line,
                            "email",
                            f"{record.email} is also on line {earlier} (e-mails are compared "
                            f"ignoring case): lines {earlier} and {line} are the same specialist",
                        )
                    )
                elif not checked.errors:
                    checked.records.append(record)
        checked.rows = index
        if on_progress is not None and index % PROGRESS_EVERY == 0:
            on_progress(index)
    if checked.errors:
        checked.records = []
    return checked


def header_line() -> bytes:
    return csv_files.header_and_examples(CSV_COLUMNS, ())


def template_file() -> bytes:
    return csv_files.header_and_examples(CSV_COLUMNS, [EXAMPLE_ROW])


def format_rows(rows: Iterable[Mapping[str, str]]) -> bytes:
    """CSV lines of bench rows already in canonical text form."""
    return csv_files.format_rows(rows, CSV_COLUMNS)
