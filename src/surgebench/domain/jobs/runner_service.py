"""The background runner: each instance drains the queue in two lanes, each a thread of its own.

- The ``short`` lane takes only short jobs (imports, anything not listed as long in ``app.job_kinds``).
- The ``general`` lane takes any job, short ones first, then long ones (solves), oldest first.

So a solve runs on at most one thread per instance, and a recruiter's one-row import never waits behind
one: with every instance's general lane busy solving, their short lanes are free (measured by
``benchmarks/bench_queue.py``: with 40 plans asked at once, an import queued behind them waited 88 s
when all kinds shared one lane). Several instances may run the lanes; the compare-and-set claim runs each
job once.

A lane sleeps ``poll_interval`` between looks at the queue, and ``wake()`` ends the sleep at once: the
instance that queues a job wakes its own runner when the job's transaction commits, and on PostgreSQL
every other instance hears it through ``LISTEN/NOTIFY`` (``wakeups``). The poll stays as the fallback
for what a wake-up misses (a lost connection, SQLite instances in other processes)."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

from surgebench.domain.jobs import wakeup_service as wakeups
from surgebench.domain.jobs.registry_service import JobKinds
from surgebench.domain.jobs.service import LANES, run_next
from surgebench.lib.clock import Clock
from surgebench.settings import JobSettings, get_settings

log = logging.getLogger("surgebench.jobs")


def drain(
    engine: Engine, job_kinds: JobKinds, settings: JobSettings, clock: Clock, lane: str = "general"
) -> None:
    """Run queued jobs until there are none left (errors are logged; the next look tries again)."""
    try:
        while run_next(engine, job_kinds, settings=settings, clock=clock, lane=lane):
            pass
    except Exception:
        log.exception("the job runner could not reach the queue")


class JobRunner:
    """The lanes of one instance. ``wake()`` makes every lane look at the queue now."""

    def __init__(
        self,
        engine: Engine,
        job_kinds: JobKinds,
        settings: JobSettings,
        clock: Clock,
        interval_seconds: float,
    ) -> None:
        self.engine = engine
        self.job_kinds = job_kinds
        self.settings = settings
        self.clock = clock
        self.interval = interval_seconds
        self._stop = threading.Event()
        self._wake = {lane: threading.Event() for lane in LANES}
        self._threads = [
            threading.Thread(target=self._run, args=(lane,), name=f"jobs-{lane}", daemon=True)
            for lane in LANES
        ]
        self._listener = wakeups.Listener(engine, self.wake) if engine.dialect.name == "postgresql" else None

    def start(self) -> JobRunner:
        wakeups.register(self.engine, self)
        for thread in self._threads:
            thread.start()
        if self._listener is not None:
            self._listener.start()
        return self

    def wake(self) -> None:
        for event in self._wake.values():
            event.set()

    def shutdown(self, wait: bool = True) -> None:
        """Stop looking for jobs; with ``wait``, let the jobs running now finish first."""
        wakeups.unregister(self.engine, self)
        self._stop.set()
        self.wake()
        if self._listener is not None:
            self._listener.stop.set()
        if wait:
            for thread in self._threads:
                thread.join()
            if self._listener is not None:
                self._listener.join()

    def _run(self, lane: str) -> None:
        wake = self._wake[lane]
        while not self._stop.is_set():
            wake.clear()  # a wake-up during the drain below makes the wait return at once
            drain(self.engine, self.job_kinds, self.settings, self.clock, lane)
            wake.wait(self.interval)


def start_runner(
    engine: Engine,
    job_kinds: JobKinds,
    settings: JobSettings | None = None,
    interval_seconds: float | None = None,
    clock: Clock | None = None,
) -> JobRunner:
    settings = settings or get_settings().jobs
    seconds = settings.poll_interval.total_seconds() if interval_seconds is None else interval_seconds
    return JobRunner(engine, job_kinds, settings, clock or Clock(), seconds).start()
