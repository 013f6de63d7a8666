"""A cycle's roster as the client may download it (the same fields as the page)."""

from __future__ import annotations

from collections.abc import Iterator

from litestar.response import Stream
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.domain.portal import repository
from surgebench.domain.portal.repository import ClientCycle, RosterFilter
from surgebench.lib.csv_files import csv_download, format_rows

COLUMNS = ("display_name", "role", "skill", "level", "starts_on", "ends_on", "returning", "cycles_on_model")


def roster_csv(engine: Engine, c: ClientCycle, f: RosterFilter | None) -> Stream:
    return csv_download(_lines(engine, c, f), f"roster-{c.model}-cycle{c.number}.csv")


def _lines(engine: Engine, c: ClientCycle, f: RosterFilter | None) -> Iterator[bytes]:
    yield format_rows([dict(zip(COLUMNS, COLUMNS, strict=True))], COLUMNS)
    if f is None:  # being staffed: nothing to show yet
        return
    with Session(engine) as db:
        batch = []
        for e in repository.roster(db, c, f):
            batch.append(
                {
                    "display_name": e.display_name,
                    "role": e.role,
                    "skill": e.skill_id,
                    "level": e.level,
                    "starts_on": e.starts_on.isoformat(),
                    "ends_on": e.ends_on.isoformat() if e.ends_on else None,
                    "returning": "yes" if e.returning else "no",
                    "cycles_on_model": e.cycles_on_model,
                }
            )
            if len(batch) == 2_000:
                yield format_rows(batch, COLUMNS)
                batch = []
        if batch:
            yield format_rows(batch, COLUMNS)
