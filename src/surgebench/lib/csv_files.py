"""Reading uploaded CSV files and writing CSV downloads, for any set of columns: what every import and
export shares. A file that cannot be read at all raises ``FileUnreadable`` with one plain message; a
row's problems are ``RowError``s with the line (the header is line 1) and the column. Cells that a
spreadsheet would run as a formula are written with a leading apostrophe, which reading takes off again
(so export → import → export gives the same bytes)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from litestar.response import Stream

_BINARY_SIGNATURES = {
    b"PK\x03\x04": 'a ZIP archive (an Excel .xlsx workbook is one: save it as "CSV UTF-8" first)',
    b"\xd0\xcf\x11\xe0": 'an old Excel/Office document (save it as "CSV UTF-8" first)',
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


PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
"""A signed number (``-5``, ``+2.5``) opens as that number, not a formula: left as it is."""


def _needs_quote(cell: str) -> bool:
    return cell.startswith((*FORMULA_STARTS, QUOTE)) and not PLAIN_NUMBER.fullmatch(cell)


def neutralise(cell: str) -> str:
    """The cell as exported: a leading apostrophe before a formula-like cell, and before a cell that
    already starts with one (so ``unneutralise`` can always tell which apostrophes it added)."""
    return QUOTE + cell if _needs_quote(cell) else cell


def unneutralise(cell: str) -> str:
    """Undo ``neutralise``: export → import → export gives back the same bytes."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


class FileUnreadable(Exception):
    """The file as a whole cannot be read as the expected CSV; one plain message says why."""

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


def binary_problem(content: bytes | bytearray) -> str | None:
    """What the bytes are when they are plainly not text (an image, a workbook, NUL bytes), or ``None``."""
    for signature, what in _BINARY_SIGNATURES.items():
        if content.startswith(signature):
            return f"This is not a CSV file: it looks like {what}."
    if b"\x00" in content[:65536]:
        return "This is not a CSV file: it contains binary data (NUL bytes)."
    return None


def decode(content: bytes | bytearray) -> str:
    """UTF-8 text (a byte-order mark is fine), or ``FileUnreadable`` saying what the file is instead."""
    if not content or content.isspace():  # not ``strip()``: that copies a 190 MB upload once more
        raise FileUnreadable("The file is empty.")
    if problem := binary_problem(content):
        raise FileUnreadable(problem)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        byte = content[exc.start : exc.start + 1].hex().upper()
        raise FileUnreadable(
            f"The file is not UTF-8 text: byte 0x{byte} at offset {exc.start} (line {line}) "
            "is not valid UTF-8. "
            'Save it as "CSV UTF-8" and upload it again.'
        ) from None
    if not text.strip():
        raise FileUnreadable("The file is empty.")
    return text


def read_rows(text: str, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Check the header against ``columns``, then ``(line, cells)`` for each non-blank data row, read as
    they are asked for (a large file is never held as a list of rows). Raises ``FileUnreadable``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        check_header(next(reader, []), columns)
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


def check_header(header: list[str], columns: Sequence[str]) -> None:
    got = [cell.strip().lower() for cell in header]
    if tuple(got) == tuple(columns):
        return
    expected = ",".join(columns)
    missing = [c for c in columns if c not in got]
    unexpected = [c or "(blank)" for c in got if c not in columns]
    repeated = sorted({c for c in got if c in columns and got.count(c) > 1})
    problems = []
    if missing:
        problems.append("missing " + ", ".join(missing))
    if unexpected:
        problems.append("unexpected " + ", ".join(unexpected))
    if repeated:
        problems.append("repeated " + ", ".join(repeated))
    if not problems:
        first = next(i for i, (a, b) in enumerate(zip(got, columns, strict=True)) if a != b)
        problems.append(f"column {first + 1} is {got[first]} but should be {columns[first]}")
    raise FileUnreadable(
        f"The header row is wrong ({'; '.join(problems)}). The first line must be exactly: {expected}"
    )


def cells_by_column(
    line: int, cells: list[str], columns: Sequence[str]
) -> tuple[dict[str, str] | None, RowError | None]:
    """``(row, None)`` or ``(None, error)``: ``row_by_column`` as a pair (prefer that, which mypy narrows)."""
    row = row_by_column(line, cells, columns)
    return (None, row) if isinstance(row, RowError) else (row, None)


def row_by_column(line: int, cells: list[str], columns: Sequence[str]) -> dict[str, str] | RowError:
    """The row as ``{column: cell}``, or the error when it has the wrong number of cells."""
    if len(cells) != len(columns):
        column = columns[len(cells)] if len(cells) < len(columns) else None
        return RowError(line, column, f"the row has {len(cells)} cells, expected {len(columns)}")
    return dict(zip(columns, cells, strict=True))


def format_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bytes:
    """CSV lines (CRLF, quoted only where needed) of rows already in text form (``None`` → empty),
    formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if row[column] is None else neutralise(str(row[column])) for column in columns])
    return buffer.getvalue().encode("utf-8")


def header_and_examples(columns: Sequence[str], examples: Iterable[Sequence[str]]) -> bytes:
    """A template file: the header row and example rows."""
    return format_rows(
        [
            dict(zip(columns, columns, strict=True)),
            *(dict(zip(columns, row, strict=True)) for row in examples),
        ],
        columns,
    )


def csv_download(content: Iterable[bytes], name: str) -> Stream:
    """A CSV file download (streamed). Litestar adds "; charset=utf-8" to text/* types itself: naming it
    here too repeated it."""
    return Stream(
        content,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
