"""When each scheduled job runs, as data: a daily time (UTC) or, for tests and trials, a short interval.
A *slot* is one scheduled moment; the latest slot at or before now is the one due. Only that one is
run when an instance looks: slots missed while everything was down are not run one by one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Every:
    """A job's schedule: daily at ``at`` (UTC), or every ``interval`` from the epoch when one is set."""

    at: time = time(0, 30)
    interval: timedelta | None = None

    def latest_slot(self, now: datetime) -> datetime:
        if self.interval is not None:
            return EPOCH + ((now - EPOCH) // self.interval) * self.interval
        today = datetime.combine(now.date(), self.at, tzinfo=UTC)
        return today if today <= now else today - timedelta(days=1)

    def next_slot(self, now: datetime) -> datetime:
        if self.interval is not None:
            return self.latest_slot(now) + self.interval
        return self.latest_slot(now) + timedelta(days=1)

    def describe(self) -> str:
        if self.interval is not None:
            return f"every {self.interval.total_seconds():g} s"
        return f"daily at {self.at:%H:%M} UTC"


Handler = Callable[[Session, datetime], dict[str, Any]]
"""Does the job's work in the given (writing) transaction, as of the given moment; returns what it
changed. Must be idempotent: run twice for the same moment, it changes nothing the second time."""


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    label: str
    """What it does, for the admin page."""
    every: Every
    handler: Handler
