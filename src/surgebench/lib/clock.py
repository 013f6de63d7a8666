"""The time the service runs on. Handlers, jobs and the scheduler ask the app's clock instead of the
system, so tests set the date (``FixedClock``) instead of sleeping or patching."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from litestar.datastructures import State
from litestar.di import NamedDependency


class Clock:
    """The real clock (UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().date()


class FixedClock(Clock):
    """A clock that says what it is told (tests); ``advance`` moves it on."""

    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, by: timedelta) -> None:
        self._now += by


def provide_clock(state: State) -> Clock:
    clock: Clock = state.clock
    return clock


AppClock = NamedDependency[Clock]
"""The app's clock (handler parameter ``clock: AppClock``)."""
