"""A job is taken the moment it is queued: the queueing transaction wakes this instance's runner when it
commits, and on PostgreSQL other instances hear it through LISTEN/NOTIFY. The runners poll once an hour
here, so a job done within the test's bound was taken by a wake-up, not by the poll."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine

from surgebench.db.engine import build_engine
from surgebench.db.orm import Job
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import service
from surgebench.domain.jobs.registry_service import JobContext, JobKinds
from surgebench.domain.jobs.runner_service import start_runner
from surgebench.settings import DatabaseSettings

AN_HOUR = 3600.0
BOUND = 60.0
"""How long the test waits at most (a bound on a hung test, far below the poll interval)."""


def _note(context: JobContext) -> dict[str, Any]:
    return {"by": context.worker}


KINDS = JobKinds({"test_note": _note})


def _enqueue(engine: Engine) -> int:
    with unit_of_work(engine) as db:
        return service.enqueue(db, Actor.system("test"), "test_note").id


def _finished(engine: Engine, job_id: int) -> bool:
    tick = threading.Event()
    for _ in range(int(BOUND / 0.02)):
        with unit_of_work(engine, writes=False) as db:
            job = db.get(Job, job_id)
            if job is not None and job.status == "succeeded":
                return True
        tick.wait(0.02)
    return False


def test_a_queued_job_is_taken_at_once_not_at_the_next_poll(engine) -> None:
    runner = start_runner(engine, KINDS, interval_seconds=AN_HOUR)
    try:
        first = _enqueue(engine)
        assert _finished(engine, first)
        second = _enqueue(engine)  # the runner is asleep now: only the wake-up can move it
        assert _finished(engine, second)
    finally:
        runner.shutdown()


def test_another_instance_takes_a_job_queued_elsewhere(engine) -> None:
    """On PostgreSQL it hears the job through NOTIFY (its poll is an hour away); SQLite has no
    LISTEN/NOTIFY, so there another instance finds it at its next poll (a second here)."""
    other_instance = build_engine(DatabaseSettings(url=engine.url.render_as_string(hide_password=False)))
    poll = AN_HOUR if engine.dialect.name == "postgresql" else 1
    runner = start_runner(other_instance, KINDS, interval_seconds=poll)
    try:
        job_id = _enqueue(engine)  # queued through this instance, which runs no jobs
        assert _finished(engine, job_id)
    finally:
        runner.shutdown()
        other_instance.dispose()
