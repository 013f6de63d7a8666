"""A small program with history, and surge requests on it, for the surge-flow tests: built through the
services and the real jobs, as a program manager's clicks would build them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from surgebench.app import job_kinds
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import repository as clients
from surgebench.domain.jobs import service as jobs
from surgebench.domain.plans import planning_service as planning
from surgebench.domain.programs import repository as programs
from surgebench.domain.surges import service as surges
from surgebench.lib.clock import FixedClock
from tests.conftest import TODAY
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist
from tests.support import wait_for_jobs

PM = Actor.system("test-pm")


def request_payload(headcount: int = 3, **changes: Any) -> dict[str, Any]:
    """Cycle 3 of Aurora's orion: one Python role, ramp Mon 2026-12-07 to Fri 2026-12-11."""
    return {
        "cycle": {"model_version": "orion-3", "starts_on": "2026-12-07", "ends_on": "2027-02-26"},
        "roles": [
            {
                "key": "python",
                "skill": "coding.python",
                "min_level": 3,
                "min_quality": 0.7,
                "headcount": headcount,
                "hours_per_week": 20,
            }
        ],
        "ramp": [{"date": f"2026-12-{d:02d}", "onboarding_capacity": 2} for d in (7, 8, 9, 10, 11)],
        **changes,
    }


@dataclass(frozen=True)
class Orion:
    program_id: int
    people: dict[str, int]
    """Name → specialist id: ana, ben (worked cycle 2: returning), cai, dev, eve (new), hal (works for
    Meridian, Aurora's competitor, right now)."""


def orion_with_history(engine: Engine) -> Orion:
    people = {
        name: add_specialist(
            engine,
            email=f"{name}@example.test",
            full_name=name.title(),
            skills="coding.python:4",
            quality=quality,
        )
        for name, quality in (
            ("ana", "0.950"),
            ("ben", "0.900"),
            ("cai", "0.850"),
            ("dev", "0.800"),
            ("eve", "0.750"),
            ("hal", "0.990"),
        )
    }
    record_history(
        engine,
        [
            Worked("ana@example.test", "aurora-labs", "orion", 1),
            Worked("ana@example.test", "aurora-labs", "orion", 2),
            Worked("ben@example.test", "aurora-labs", "orion", 2),
            Worked(
                "hal@example.test", "meridian-ai", "atlas", 1, running=True, first=TODAY.date().replace(day=1)
            ),
        ],
    )
    with unit_of_work(engine) as db:
        aurora = clients.by_slug(db, "aurora-labs")
        assert aurora is not None
        clients.replace_competitors(db, aurora.id, [clients.ids_by_slug(db)["meridian-ai"]])
        aurora.cooldown_days = 90
        program = programs.program_of_model(db, aurora.id, "orion")
        assert program is not None
    return Orion(program.id, people)


def create_request(engine: Engine, program_id: int, **payload: Any) -> int:
    with unit_of_work(engine) as db:
        return surges.create_request(db, PM, program_id, request_payload(**payload), TODAY.date()).id


def plan_now(engine: Engine, request_id: int, together: bool = False) -> int:
    """Ask for a plan and run its job to the end (as a background runner would)."""
    with unit_of_work(engine) as db:
        plan_id = planning.start_plan(db, PM, request_id, time_limit=20, together=together).id
    run_jobs(engine)
    return plan_id


def run_jobs(engine: Engine) -> None:
    """Run the queued jobs here until none is left, then wait for any a live server's runner took."""
    while jobs.run_next(engine, job_kinds(), clock=FixedClock(TODAY)):
        pass
    wait_for_jobs(engine)
