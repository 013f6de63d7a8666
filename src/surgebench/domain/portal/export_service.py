"""A cycle's roster as the client may download it (the same fields as the page)."""

from __future__ import annotations

from collections.abc import Iterator

from litestar.response import Stream
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.domain.portal import repository, service
from surgebench.domain.portal.repository import ClientCycle, RosterFilter
from surgebench.domain.portal.schemas import RosterQuery
from surgebench.lib.csv_files import csv_download, format_rows
from surgebench.lib.principal import Principal

COLUMNS = ("display_name", "role", "skill", "level", "starts_on", "ends_on", "returning", "cycles_on_model")


def roster_csv(
    engine: Engine, db: Session, principal: Principal, cycle_id: int, query: RosterQuery
) -> Stream:
    """The client's roster of a cycle as CSV, filtered and sorted as ``query`` says (the page's download
    and the API's alike); streamed after the request's transaction, in a session of its own."""
    c, f = service.roster_for_export(db, principal, cycle_id, query)
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
