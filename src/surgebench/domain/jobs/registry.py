"""Job kinds and the handlers that run them. Nothing registers itself: ``app.job_kinds()`` lists every
domain's kinds in one place and hands the table to the runner, so a reader sees them all there."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import repository
from surgebench.domain.jobs.errors import JobRetaken
from surgebench.domain.jobs.progress import ProgressReporter
from surgebench.lib.clock import Clock


@dataclass(frozen=True)
class JobContext:
    """What a handler gets: the job's identity and parameters, who asked for it, the engine to open its
    own unit of work with, and a progress reporter whose writes other instances see at once."""

    job_id: int
    kind: str
    params: dict[str, Any]
    actor: Actor
    engine: Engine
    progress: ProgressReporter
    clock: Clock
    """The time the job runs on (the app's clock; tests set it)."""
    worker: str = ""
    _done: list[bool] = field(default_factory=list)

    def still_held(self, db: Session) -> None:
        """In the handler's writing transaction: confirm this worker still holds the job, refreshing its
        heartbeat in the same transaction (on PostgreSQL the job row then stays locked to the end, so no
        one can retake it meanwhile). Raises ``JobRetaken`` otherwise, rolling the work back."""
        if not repository.touch(db, self.job_id, self.worker, utcnow()):
            raise JobRetaken(f"job {self.job_id} is no longer held by {self.worker}")

    def succeed_in(self, db: Session, outcome: dict[str, Any]) -> None:
        """Record the job as succeeded in the handler's own writing transaction, so the work and its
        "succeeded" commit together: a crash can never leave work done but the job still to do (which
        another instance would then do again). Call ``still_held`` first in the same transaction."""
        repository.finish(db, self.job_id, self.worker, utcnow(), "succeeded", outcome, self.progress.values)
        self._done.append(True)

    @property
    def finished(self) -> bool:
        """Whether the handler recorded the outcome itself (``succeed_in``), once its transaction ended."""
        return bool(self._done)

    def read_input(self) -> tuple[str, bytes]:
        """The uploaded file's name and bytes (loaded only when the handler asks)."""
        with unit_of_work(self.engine, writes=False) as db:
            stored = repository.input_of(db, self.job_id)
            if stored is None:
                return "", b""
            return stored.filename, stored.content


Handler = Callable[[JobContext], dict[str, Any]]
"""Runs one job; returns its outcome (a JSON-able dict) or raises ``JobFailed``."""


@dataclass(frozen=True)
class JobKinds:
    """Which handler runs each kind of job. A runner claims only jobs whose kind it knows, so an instance
    started with fewer kinds leaves the others to instances that know them."""

    handlers: Mapping[str, Handler]

    def handler_for(self, kind: str) -> Handler | None:
        return self.handlers.get(kind)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted(self.handlers))
