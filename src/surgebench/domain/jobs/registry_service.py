"""Job kinds and the handlers that run them. Nothing registers itself: ``app.job_kinds()`` lists every
domain's kinds in one place and hands the table to the runner, so a reader sees them all there, and
says there which kinds are long (solves), so short ones never queue behind them (``runner``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import repository
from surgebench.domain.jobs.errors import JobCancelled, JobRetaken
from surgebench.domain.jobs.progress_service import ProgressReporter
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

    def stop_if_cancelled(self) -> None:
        """Raise ``JobCancelled`` when someone asked this job to stop (one read of the job's row, cheap
        enough for every progress report of a solve)."""
        with unit_of_work(self.engine, writes=False) as db:
            reason = repository.cancel_reason(db, self.job_id)
        if reason is not None:
            raise JobCancelled(reason)

    def input_name(self) -> tuple[str, int] | None:
        """The uploaded file's name and size in bytes, or ``None`` when the job has none."""
        with unit_of_work(self.engine, writes=False) as db:
            stored = repository.input_of(db, self.job_id)
            return None if stored is None else (stored.filename, stored.size_bytes)

    def input_chunks(self) -> Iterator[bytes]:
        """The uploaded file's bytes, a chunk at a time, in order (one chunk in memory at once)."""
        with unit_of_work(self.engine, writes=False) as db:
            yield from repository.input_chunks(db, self.job_id)

    def read_input(self) -> tuple[str, bytearray]:
        """The uploaded file's name and whole content, filled chunk by chunk into one buffer of the
        file's size (no second copy), for handlers that need it all at once."""
        named = self.input_name()
        if named is None:
            return "", bytearray()
        content = bytearray(named[1])
        at = 0
        with memoryview(content) as into:
            for chunk in self.input_chunks():
                into[at : at + len(chunk)] = chunk
                at += len(chunk)
        return named[0], content


Handler = Callable[[JobContext], dict[str, Any]]
"""Runs one job; returns its outcome (a JSON-able dict) or raises ``JobFailed``."""


@dataclass(frozen=True)
class JobKinds:
    """Which handler runs each kind of job, and which kinds are long. A runner claims only jobs whose kind
    it knows, so an instance started with fewer kinds leaves the others to instances that know them."""

    handlers: Mapping[str, Handler]
    long: frozenset[str] = frozenset()
    """Kinds that take a minute, not seconds (a solve): claimed only by the runner's general lane, and
    after every short job already waiting. Every other kind is short."""

    def handler_for(self, kind: str) -> Handler | None:
        return self.handlers.get(kind)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted(self.handlers))

    @property
    def short(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.handlers) - self.long))
