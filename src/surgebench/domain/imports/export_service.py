"""Exporting the bench as CSV, streamed: the matching ids first (one query), then specialists with their
skills and languages a batch at a time, so a 200,000-row export never holds the bench in memory.
Rows come in e-mail order (unique, so the same bench always gives the same bytes)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from litestar.response import Stream
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.domain.imports import csv_schemas as csv_format
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import bulk_service as bulk
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.specialists.schemas import BenchQuery, SpecialistFilter
from surgebench.lib.csv_files import csv_download

BATCH = 5_000
ALL = 1 << 40
"""No page limit: the export holds every match."""


def check_filter(db: Session, query: BenchQuery, today: date) -> SpecialistFilter:
    """The bench list's filter (``InvalidBenchFilter`` names each bad parameter), paging and sort
    dropped: an export holds every match, in e-mail order."""
    parsed = SpecialistFilter.parse(query, skills.known_ids(db), today)
    return replace(parsed, sort="email", order="asc", page=1)


def download(engine: Engine, db: Session, query: BenchQuery, today: date) -> Stream:
    """The bench CSV for the list's filters (checked first: ``InvalidBenchFilter`` names bad ones)."""
    return csv_download(rows(engine, check_filter(db, query, today)), filename(today))


def filename(today: date) -> str:
    return f"bench-{today:%Y%m%d}.csv"


def rows(engine: Engine, f: SpecialistFilter) -> Iterator[bytes]:
    """The header line, then the matches in batches of CSV lines (one read transaction throughout)."""
    yield csv_format.header_line()
    with Session(engine) as db:
        ids = specialists.page_ids(db, f, ALL)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            states = bulk.states_by_id(db, chunk)
            yield csv_format.format_rows(_cells(states[sid]) for sid in chunk if sid in states)


def _cells(state: dict[str, Any]) -> dict[str, str]:
    return {key: "" if value is None else str(value) for key, value in state.items()}
