"""Seconds per stage of a piece of work, kept with what it made (a plan's job records where its time went,
so a benchmark can print it and a slow plan can be read afterwards). Durations only: a monotonic
counter, never the time of day."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stopwatch:
    """``lap(name)`` adds the seconds since the last lap (or the start) to ``name``; ``stage(name)`` times
    a block. A stage timed twice adds up."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(self.laps.get(name, 0.0) + now - self._last, 3)
        self._last = now

    def skip(self) -> None:
        """Start the next lap now, counting the time since the last one nowhere."""
        self._last = time.perf_counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.skip()
        try:
            yield
        finally:
            self.lap(name)


def lap(watch: Stopwatch | None, name: str) -> None:
    """``watch.lap(name)`` for an optional stopwatch (callers that time nothing pass ``None``)."""
    if watch is not None:
        watch.lap(name)
