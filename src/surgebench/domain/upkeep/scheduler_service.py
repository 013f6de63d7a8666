"""Each instance's timer: APScheduler calls ``Upkeep.tick`` every ``tick`` seconds; the ledger, not the
timer, decides who runs what, so any number of instances may run it."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler

from surgebench.domain.upkeep.service import Upkeep

log = logging.getLogger("surgebench.upkeep")


def _tick(upkeep: Upkeep) -> None:
    try:
        upkeep.tick()
    except Exception:
        log.exception("the schedule could not be checked (the next tick tries again)")


def start_scheduler(upkeep: Upkeep) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(daemon=True)
    scheduler.add_job(
        _tick,
        "interval",
        seconds=upkeep.settings.tick.total_seconds(),
        args=[upkeep],
        id="surgebench-upkeep",
        max_instances=1,
        coalesce=True,
        next_run_time=upkeep.clock.now(),
    )
    scheduler.start()
    return scheduler
