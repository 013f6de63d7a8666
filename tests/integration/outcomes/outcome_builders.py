"""Outcomes for tests, entered through the service (the same checks and audit as the page and API)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from surgebench.db.orm import Cycle, Engagement, Program
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.outcomes import service
from tests.conftest import TODAY


def engagement_id(engine: Engine, specialist_id: int, cycle: int, program: str = "orion") -> int:
    with unit_of_work(engine, writes=False) as db:
        query = (
            select(Engagement.id)
            .join(Cycle, Cycle.id == Engagement.cycle_id)
            .join(Program, Program.id == Cycle.program_id)
            .where(Engagement.specialist_id == specialist_id, Cycle.number == cycle)
            .where(Program.name.ilike(f"%{program}%"))
        )
        found = db.scalar(query)
        assert found is not None, (specialist_id, cycle)
        return found


def report(
    engine: Engine, engagement: int, on: date, reviewed: int, accepted: int, score: str | None = None
) -> int:
    with unit_of_work(engine) as db:
        raw = {"reported_on": on, "items_reviewed": reviewed, "items_accepted": accepted, "score": score}
        return service.report(db, Actor.system("test"), engagement, raw, TODAY.date()).id
