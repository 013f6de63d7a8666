"""Building continuity records for tests: people on the bench, then past cycles brought in through the
real history import (the same checks and writes a vendor's file goes through)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine

from surgebench.app import job_kinds
from surgebench.db.orm import Job
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements.record_schemas import HISTORY_COLUMNS
from surgebench.domain.engagements.repository import specialist_ids_by_email
from surgebench.domain.imports import service as imports
from surgebench.domain.imports.kinds_service import HISTORY_IMPORT
from surgebench.domain.jobs import service as jobs
from surgebench.lib.clock import FixedClock
from surgebench.lib.csv_files import format_rows
from tests.conftest import TODAY
from tests.integration.specialists.bench_builders import add_specialist
from tests.support import wait_for_jobs

CYCLE_WEEKS = 8


def cycle_dates(number: int, first: date = date(2026, 1, 5)) -> tuple[date, date]:
    """Cycle ``number`` of a test program: eight weeks, a week apart from the next."""
    starts = first + timedelta(weeks=(CYCLE_WEEKS + 1) * (number - 1))
    return starts, starts + timedelta(weeks=CYCLE_WEEKS) - timedelta(days=3)


@dataclass(frozen=True)
class Worked:
    """One engagement as a test states it: who worked which cycle of which client's model."""

    email: str
    client: str
    model: str
    cycle: int
    skill: str = "coding.python"
    level: int = 3
    weekly_hours: int = 20
    ends_early: bool = False
    running: bool = False
    first: date = date(2026, 1, 5)
    """When the program's cycle 1 started (cycles follow every nine weeks)."""

    def cells(self) -> dict[str, str]:
        starts, ends = cycle_dates(self.cycle, self.first)
        ended = "" if self.running else (starts + timedelta(days=10) if self.ends_early else ends).isoformat()
        return {
            "email": self.email,
            "client": self.client,
            "model": self.model,
            "cycle": str(self.cycle),
            "model_version": f"{self.model}-{self.cycle}",
            "cycle_starts_on": starts.isoformat(),
            "cycle_ends_on": ends.isoformat(),
            "skill": self.skill,
            "level": str(self.level),
            "weekly_hours": str(self.weekly_hours),
            "starts_on": starts.isoformat(),
            "ends_on": ended,
            "reported_quality": "",
        }


def history_csv(rows: Sequence[dict[str, str]]) -> bytes:
    header = dict(zip(HISTORY_COLUMNS, HISTORY_COLUMNS, strict=True))
    return format_rows([header, *rows], HISTORY_COLUMNS)


def import_history(engine: Engine, content: bytes) -> Job:
    """Queue the history import and let the runner take it, as in production (this thread's, or a live
    server's that was woken first)."""
    queued = imports.start_import(
        engine, Actor.system("test"), "history.csv", content, inline=False, spec=HISTORY_IMPORT
    )
    jobs.run_next(engine, job_kinds(), clock=FixedClock(TODAY))
    wait_for_jobs(engine, [queued.id])
    with unit_of_work(engine) as db:
        job = db.get(Job, queued.id)
        assert job is not None
        return job


def record_history(engine: Engine, worked: Sequence[Worked]) -> None:
    """People (made on the bench when new) and their engagements, imported; fails loudly if refused."""
    with unit_of_work(engine) as db:
        known = set(specialist_ids_by_email(db, {w.email for w in worked}))
    for email in dict.fromkeys(w.email for w in worked if w.email not in known):
        name = email.split("@")[0].replace(".", " ").title()
        add_specialist(engine, email=email, full_name=name)
    job = import_history(engine, history_csv([w.cells() for w in worked]))
    assert job.status == "succeeded", job.outcome
