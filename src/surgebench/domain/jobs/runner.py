"""The background runner: an APScheduler interval job that drains the queue, one job at a time per
instance. Several instances may run it; the compare-and-set claim runs each job once."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from surgebench.domain.jobs.registry import JobKinds
from surgebench.domain.jobs.service import run_next
from surgebench.lib.clock import Clock

log = logging.getLogger("surgebench.jobs")


def drain(engine: Engine, job_kinds: JobKinds, clock: Clock) -> None:
    """Run queued jobs until there are none left (errors are logged; the next tick tries again)."""
    try:
        while run_next(engine, job_kinds, clock=clock):
            pass
    except Exception:
        log.exception("the job runner could not reach the queue")


def start_runner(
    engine: Engine, job_kinds: JobKinds, interval_seconds: float = 1.0, clock: Clock | None = None
) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(daemon=True)
    scheduler.add_job(
        drain,
        "interval",
        seconds=interval_seconds,
        args=[engine, job_kinds, clock or Clock()],
        id="surgebench-jobs",
        max_instances=1,
        coalesce=True,
    )
    scheduler.start()
    return scheduler
