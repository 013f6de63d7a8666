"""A cycle's team as CSV: what a program manager hands to a lab or pastes into a sheet."""

from __future__ import annotations

from collections.abc import Iterator

from litestar.response import Stream
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.domain.programs import repository
from surgebench.domain.programs.repository import CycleRow, TeamFilter
from surgebench.lib.csv_files import csv_download, format_rows

TEAM_COLUMNS = (
    "specialist_id",
    "full_name",
    "skill",
    "level",
    "weekly_hours",
    "starts_on",
    "ends_on",
    "returning",
    "cycles_worked",
    "reported_quality",
)
BATCH = 2_000


def filename(cycle: CycleRow) -> str:
    p = cycle.program
    return f"team-{p.client_slug}-{p.model}-cycle{cycle.number}.csv"


def team_csv(engine: Engine, cycle: CycleRow, f: TeamFilter) -> Stream:
    """Streamed after the request's transaction has ended, so it reads in a session of its own."""
    return csv_download(_lines(engine, cycle, f), filename(cycle))


def _lines(engine: Engine, cycle: CycleRow, f: TeamFilter) -> Iterator[bytes]:
    yield format_rows([dict(zip(TEAM_COLUMNS, TEAM_COLUMNS, strict=True))], TEAM_COLUMNS)
    with Session(engine) as db:
        yield from _member_lines(db, cycle, f)


def _member_lines(db: Session, cycle: CycleRow, f: TeamFilter) -> Iterator[bytes]:
    batch = []
    for m in repository.team_rows(db, cycle, f):
        quality = None if m.reported_quality_milli is None else f"{m.reported_quality_milli / 1000:.3f}"
        batch.append(
            {
                "specialist_id": m.specialist_id,
                "full_name": m.full_name,
                "skill": m.skill_id,
                "level": m.level,
                "weekly_hours": m.weekly_hours,
                "starts_on": m.starts_on.isoformat(),
                "ends_on": m.ends_on.isoformat() if m.ends_on else None,
                "returning": "yes" if m.returning else "no",
                "cycles_worked": m.cycles_worked,
                "reported_quality": quality,
            }
        )
        if len(batch) == BATCH:
            yield format_rows(batch, TEAM_COLUMNS)
            batch = []
    if batch:
        yield format_rows(batch, TEAM_COLUMNS)
