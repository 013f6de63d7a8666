"""Generated specialists as the bench CSV, in exactly the form an export writes and an import reads
(the imports' ``csv_format`` and the canonical state from ``specialists.bulk_service``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice
from typing import BinaryIO

from surgebench.domain.imports import csv_schemas as csv_format
from surgebench.domain.specialists import bulk_service as bulk
from surgebench.domain.specialists.record_schemas import SpecialistRecord

BATCH = 5_000


def to_csv_row(record: SpecialistRecord) -> dict[str, str]:
    """The record's cells in canonical text form (``en;hi``, ``coding.python:4;math.algebra:3``,
    ``0.870``, ``45.00``, empty for a missing date)."""
    return {key: "" if value is None else str(value) for key, value in bulk.state_of_record(record).items()}


def write_csv(
    records: Iterable[SpecialistRecord],
    out: BinaryIO,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Header, then one UTF-8 CSV line per record; returns how many. ``on_batch(count)`` after each batch."""
    out.write(csv_format.header_line())
    count = 0
    pending = iter(records)
    while batch := list(islice(pending, BATCH)):
        out.write(csv_format.format_rows(to_csv_row(record) for record in batch))
        count += len(batch)
        if on_batch is not None:
            on_batch(count)
    return count
