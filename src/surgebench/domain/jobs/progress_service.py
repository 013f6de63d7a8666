"""Progress and heartbeats, each written in its own short transaction so any instance can show them
while the job's work is still going on."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine

from surgebench.db.base import utcnow
from surgebench.db.session import unit_of_work
from surgebench.domain.jobs import repository

log = logging.getLogger("surgebench.jobs")


class ProgressReporter:
    """``update(rows_checked=…)`` merges values into the job's progress and refreshes its heartbeat.

    While a handler holds its writing transaction open, a progress write from another transaction would
    wait for it: on SQLite for the single write lock, on PostgreSQL for the job row the handler locked
    (``JobContext.still_held``). Handlers wrap such stretches in ``held_back()``: the updates (and
    heartbeats) are kept and written when the stretch ends. Counts of work not yet committed are never
    written, so a crash never leaves a job showing work that was rolled back."""

    def __init__(self, engine: Engine, job_id: int, worker: str) -> None:
        self.engine = engine
        self.job_id = job_id
        self.worker = worker
        self.values: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._holding = False

    def update(self, **values: Any) -> None:
        with self._lock:
            self.values.update(values)
            if not self._holding:
                self._write(progress=dict(self.values))

    def beat(self) -> None:
        """Say the worker is alive (called by the heartbeat thread); skipped while writes are held."""
        with self._lock:
            if not self._holding:
                self._write()

    @contextmanager
    def held_back(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            self.update()

    def _write(self, **values: Any) -> None:
        try:
            with unit_of_work(self.engine) as db:
                repository.touch(db, self.job_id, self.worker, utcnow(), **values)
        except Exception:  # a missed progress write must never fail the job
            log.warning("could not record progress of job %s", self.job_id, exc_info=True)


class Heartbeat:
    """Beats every ``interval`` seconds while a handler runs, so a long quiet stretch is not mistaken
    for a dead worker."""

    def __init__(self, reporter: ProgressReporter, interval: float = 20.0) -> None:
        self.reporter = reporter
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"job-{reporter.job_id}-heartbeat", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.reporter.beat()
