"""The background runner: an APScheduler interval job that drains the queue, one job at a time per
instance. Several instances may run it; the compare-and-set claim runs each job once."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from surgebench.domain.jobs.registry import JobKinds
from surgebench.domain.jobs.service import run_next
from surgebench.lib.clock import Clock
from surgebench.settings import JobSettings, get_settings

log = logging.getLogger("surgebench.jobs")


def drain(engine: Engine, job_kinds: JobKinds, settings: JobSettings, clock: Clock) -> None:
    """Run queued jobs until there are none left (errors are logged; the next tick tries again)."""
    try:
        while run_next(engine, job_kinds, settings=settings, clock=clock):
            pass
    except Exception:
        log.exception("the job runner could not reach the queue")


def start_runner(engine: Engine, job_kinds: JobKinds, settings: JobSettings | None = None,
                 interval_seconds: float | None = None, clock: Clock | None = None) -> BackgroundScheduler:
    settings = settings or get_settings().jobs
    seconds = settings.poll_interval.total_seconds() if interval_seconds is None else interval_seconds
    scheduler = BackgroundScheduler(daemon=True)
    scheduler.add_job(drain, "interval", seconds=seconds,
                      args=[engine, job_kinds, settings, clock or Clock()],
                      id="surgebench-jobs", max_instances=1, coalesce=True)
    scheduler.start()
    return scheduler
