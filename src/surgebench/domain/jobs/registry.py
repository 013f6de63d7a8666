"""Job kinds and the handlers that run them. Nothing registers itself: ``app.job_kinds()`` lists every
domain's kinds in one place and hands the table to the runner, so a reader sees them all there."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import repository
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

    def read_input(self) -> tuple[str, bytes]:
        """The uploaded file's name and bytes (loaded only when the handler asks)."""
        with unit_of_work(self.engine) as db:
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
