"""The bench CSV: reading an uploaded file into checked records (every problem found, with its line and
column), and writing specialists back out in canonical form so export → import → export is identical.

Columns are ``records.CSV_COLUMNS`` in that order; ``languages`` like ``en;hi``; ``skills`` like
``coding.python:4;math.algebra:3``. Line numbers count the header as line 1. Cells that a spreadsheet
would run as a formula are written with a leading apostrophe, which the import takes off again."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from surgebench.domain.specialists.records import CSV_COLUMNS, SpecialistRecord
from surgebench.domain.specialists.validation import parse_record

PROGRESS_EVERY = 5_000
"""Rows between two progress reports while checking."""

EXAMPLE_ROW = (
    "asha.verma@example.com", "Asha Verma", "IN", "Asia/Kolkata", "en;hi", "coding.python:4;math.algebra:3",
    "vetted", "2027-06-30", "2026-12-01", "20", "0.870", "45.00",
)
"""The template's example row (also a valid import on its own)."""

_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx workbook is one: save it as \"CSV UTF-8\" first)",
    b"\xd0\xcf\x11\xe0": "an old Excel/Office document (save it as \"CSV UTF-8\" first)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these opens as a formula in a spreadsheet (``=HYPERLINK(…)`` becomes a
live link, ``=cmd|…`` can run commands): OWASP's list for CSV injection."""
QUOTE = "'"
"""Put before such a cell on export (a spreadsheet shows the text as typed) and taken off on import."""


def neutralise(cell: str) -> str:
    """The cell as exported: a leading apostrophe before a formula-like cell, and before a cell that
    already starts with one (so ``unneutralise`` can always tell which apostrophes it added)."""
    return QUOTE + cell if cell.startswith((*FORMULA_STARTS, QUOTE)) else cell


def unneutralise(cell: str) -> str:
    """Undo ``neutralise``: export → import → export gives back the same bytes."""
    if cell.startswith(QUOTE) and cell[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return cell[1:]
    return cell


class FileUnreadable(Exception):
    """The file as a whole cannot be read as the bench CSV; one plain message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str | None
    """The CSV column at fault, or ``None`` when the row as a whole is (wrong number of cells)."""
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class CheckedFile:
    records: list[SpecialistRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


def decode(content: bytes) -> str:
    """UTF-8 text (a byte-order mark is fine), or ``FileUnreadable`` saying what the file is instead."""
    if not content.strip():
        raise FileUnreadable("The file is empty.")
    for signature, what in _BINARY_SIGNATURES.items():
        if content.startswith(signature):
            raise FileUnreadable(f"This is not a CSV file: it looks like {what}.")
    if b"\x00" in content[:65536]:
        raise FileUnreadable("This is not a CSV file: it contains binary data (NUL bytes).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        byte = content[exc.start:exc.start + 1].hex().upper()
        raise FileUnreadable(
            f"The file is not UTF-8 text: byte 0x{byte} at offset {exc.start} (line {line}) "
            "is not valid UTF-8. "
            "Save it as \"CSV UTF-8\" and upload it again."
        ) from None
    if not text.strip():
        raise FileUnreadable("The file is empty.")
    return text


def read_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Check the header, then ``(line, cells)`` for each non-blank data row, read as they are asked for
    (a large file is never held as a list of rows). Raises ``FileUnreadable`` while iterating."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        check_header(next(reader, []))
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield line, [unneutralise(cell) for cell in cells]
            line = reader.line_num + 1
    except csv.Error as exc:
        raise FileUnreadable(f"This is not a readable CSV file: {exc} (line {reader.line_num}).") from None


def estimated_rows(text: str) -> int:
    """Data rows, counted as lines after the header (exact unless cells span lines or lines are blank):
    the progress bar's length before the rows are read."""
    return max(text.count("\n") - (1 if text.endswith("\n") else 0), 0)


def check_header(header: list[str]) -> None:
    got = [cell.strip().lower() for cell in header]
    if tuple(got) == CSV_COLUMNS:
        return
    expected = ",".join(CSV_COLUMNS)
    missing = [c for c in CSV_COLUMNS if c not in got]
    unexpected = [c or "(blank)" for c in got if c not in CSV_COLUMNS]
    repeated = sorted({c for c in got if c in CSV_COLUMNS and got.count(c) > 1})
    problems = []
    if missing:
        problems.append("missing " + ", ".join(missing))
    if unexpected:
        problems.append("unexpected " + ", ".join(unexpected))
    if repeated:
        problems.append("repeated " + ", ".join(repeated))
    if not problems:
        first = next(i for i, (a, b) in enumerate(zip(got, CSV_COLUMNS, strict=True)) if a != b)
        problems.append(f"column {first + 1} is {got[first]} but should be {CSV_COLUMNS[first]}")
    raise FileUnreadable(f"The header row is wrong ({'; '.join(problems)}). "
                         f"The first line must be exactly: {expected}")


def check_rows(rows: Iterable[tuple[int, list[str]]], known_skills: Collection[str],
               on_progress: Callable[[int], None] | None = None) -> CheckedFile:
    """Every row checked with the specialist field rules, plus the file's own: one row per e-mail
    (ignoring case), the right number of cells."""
    checked = CheckedFile()
    first_line_of: dict[str, int] = {}
    width = len(CSV_COLUMNS)
    for index, (line, cells) in enumerate(rows, start=1):
        if len(cells) != width:
            column = CSV_COLUMNS[len(cells)] if len(cells) < width else None
            checked.errors.append(RowError(line, column, f"the row has {len(cells)} cells, expected {width}"))
        else:
            record, problems = parse_record(dict(zip(CSV_COLUMNS, cells, strict=True)), known_skills)
            for column, message in problems.items():
                checked.errors.append(RowError(line, column, message))
            if record is not None:
                earlier = first_line_of.setdefault(record.email_key, line)
                if earlier != line:
                    checked.errors.append(RowError(
                        line, "email", f"{record.email} is also on line {earlier} (e-mails are compared "
                        f"ignoring case): lines {earlier} and {line} are the same specialist"))
                elif not checked.errors:
                    checked.records.append(record)
        checked.rows = index
        if on_progress is not None and index % PROGRESS_EVERY == 0:
            on_progress(index)
    if checked.errors:
        checked.records = []
    return checked


def header_line() -> bytes:
    return format_rows([dict(zip(CSV_COLUMNS, CSV_COLUMNS, strict=True))])


def template_file() -> bytes:
    return format_rows([dict(zip(CSV_COLUMNS, CSV_COLUMNS, strict=True)),
                        dict(zip(CSV_COLUMNS, EXAMPLE_ROW, strict=True))])


def format_rows(rows: Iterable[Mapping[str, str]]) -> bytes:
    """CSV lines (CRLF, quoted only where needed) of rows already in canonical text form, formula-like
    cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")
