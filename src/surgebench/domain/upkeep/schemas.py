"""What the schedule's JSON sends out: each job with its last run and next slot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from surgebench.domain.upkeep.service import JobStatus


class RunOut(msgspec.Struct):
    slot: datetime
    manual: bool
    status: str
    """running, succeeded or failed."""
    instance: str
    started_at: datetime
    finished_at: datetime | None
    outcome: dict[str, Any] | None
    """What the run changed (counts and names), or the error."""


class ScheduledJobOut(msgspec.Struct):
    name: str
    label: str
    schedule: str
    last_run: RunOut | None
    next_run: datetime


def run_out(run: Any) -> RunOut | None:
    if run is None:
        return None
    return RunOut(
        run.slot, run.manual, run.status, run.instance, run.started_at, run.finished_at, run.outcome
    )


def job_out(s: JobStatus) -> ScheduledJobOut:
    return ScheduledJobOut(s.job.name, s.job.label, s.job.every.describe(), run_out(s.last), s.next_slot)
