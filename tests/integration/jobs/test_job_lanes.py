"""Short jobs are never stuck behind long ones: each instance's runner has a lane for short jobs only,
and its general lane takes short jobs before long ones. Driven deterministically: the long job holds
its lane until the test lets it go, and the poll interval is an hour, so only a wake-up moves a lane."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine

from surgebench.db.orm import Job
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import service
from surgebench.domain.jobs.registry_service import JobContext, JobKinds
from surgebench.domain.jobs.runner_service import start_runner

solving = threading.Event()
release = threading.Event()
ran: list[str] = []


def _long(context: JobContext) -> dict[str, Any]:
    ran.append(f"long {context.job_id}")
    solving.set()
    release.wait(120)
    return {}


def _short(context: JobContext) -> dict[str, Any]:
    ran.append(f"short {context.job_id}")
    return {}


KINDS = JobKinds({"test_solve": _long, "test_import": _short}, long=frozenset({"test_solve"}))
AN_HOUR = 3600.0


def _enqueue(engine: Engine, kind: str) -> int:
    with unit_of_work(engine) as db:
        return service.enqueue(db, Actor.system("test"), kind).id


def _status(engine: Engine, job_id: int) -> str:
    with unit_of_work(engine, writes=False) as db:
        job = db.get(Job, job_id)
        assert job is not None
        return job.status


def _wait_until(condition: Any, seconds: float = 60) -> bool:
    """Wait for a state (a bound on a hung test, not a timing claim)."""
    tick = threading.Event()
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        tick.wait(0.02)
    return condition()


def test_the_general_lane_takes_a_short_job_before_older_long_ones(engine) -> None:
    ran.clear()
    release.set()
    solves = [_enqueue(engine, "test_solve"), _enqueue(engine, "test_solve")]
    quick = _enqueue(engine, "test_import")
    assert service.run_next(engine, KINDS, lane="general")
    assert ran == [f"short {quick}"]
    assert [_status(engine, job_id) for job_id in solves] == ["queued", "queued"]


def test_the_short_lane_never_takes_a_long_job(engine) -> None:
    ran.clear()
    solve = _enqueue(engine, "test_solve")
    assert not service.run_next(engine, KINDS, lane="short")
    assert ran == [] and _status(engine, solve) == "queued"


def test_an_import_queued_behind_solves_runs_while_the_solve_holds_the_runner(engine) -> None:
    ran.clear()
    solving.clear()
    release.clear()
    solves = [_enqueue(engine, "test_solve") for _ in range(3)]
    runner = start_runner(engine, KINDS, interval_seconds=AN_HOUR)
    try:
        assert solving.wait(60)  # the general lane is busy with the first solve, the others wait
        quick = _enqueue(engine, "test_import")
        runner.wake()
        assert _wait_until(lambda: _status(engine, quick) == "succeeded")
        assert [_status(engine, job_id) for job_id in solves] == ["running", "queued", "queued"]
        assert ran == [f"long {solves[0]}", f"short {quick}"]
    finally:
        release.set()
        runner.shutdown()
