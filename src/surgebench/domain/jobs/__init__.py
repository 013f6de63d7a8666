"""Background jobs domain: queue, claim, run, report progress. (Being built: see jobs/service.py.)"""

from __future__ import annotations

route_handlers: list = []


def start_runner(engine):  # type: ignore[no-untyped-def]
    from surgebench.domain.jobs.runner import start_runner as _start

    return _start(engine)
