"""What the API says about a job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from surgebench.db.orm import Job
from surgebench.domain.jobs import routes


class JobOut(msgspec.Struct):
    id: int
    kind: str
    status: str
    """queued, running, succeeded, failed or cancelled (stopped before it finished: ``outcome.cancelled``
    says why, e.g. a plan superseded by a newer one)."""
    url: str
    """The job's page (progress, then the outcome)."""
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    stalled: bool
    """Running, but its worker has been silent too long (it most likely died); another instance retakes
    it shortly and starts it over."""
    progress: dict[str, Any]
    """Handler-specific counters, e.g. ``rows_total``, ``rows_checked``, ``rows_written``."""
    outcome: dict[str, Any] | None
    """When finished: counts on success; ``error`` (and, for imports, ``errors``) on failure;
    ``cancelled`` (why) when it was stopped."""

    @classmethod
    def of(cls, job: Job, stalled: bool) -> JobOut:
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            url=routes.JOB.url(job_id=job.id),
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            stalled=stalled,
            progress=dict(job.progress or {}),
            outcome=job.outcome,
        )
