"""Queries on jobs. Claiming is a compare-and-set on the job's status, so it is safe on both engines
and across instances: exactly one claimant's UPDATE matches the row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from surgebench.db.orm import Job, JobInput, User


def get(db: Session, job_id: int) -> Job | None:
    return db.get(Job, job_id)


def input_of(db: Session, job_id: int) -> JobInput | None:
    return db.get(JobInput, job_id)


def email_of(db: Session, user_id: int) -> str | None:
    return db.scalar(select(User.email).where(User.id == user_id))


def recent_by(db: Session, user_id: int, kind: str, limit: int) -> Sequence[Job]:
    query = (
        select(Job).where(Job.created_by_id == user_id, Job.kind == kind).order_by(Job.id.desc()).limit(limit)
    )
    return db.scalars(query).all()


def _claimable(stale_before: datetime):  # type: ignore[no-untyped-def]
    """Queued, or running on a worker whose heartbeat went quiet (it died)."""
    return or_(Job.status == "queued", and_(Job.status == "running", Job.heartbeat_at < stale_before))


def claimable_ids(db: Session, kinds: Sequence[str], stale_before: datetime, limit: int = 5) -> Sequence[int]:
    """Oldest first. On PostgreSQL rows another claimant holds are skipped (SQLite ignores the lock)."""
    query = (
        select(Job.id)
        .where(Job.kind.in_(kinds), _claimable(stale_before))
        .order_by(Job.created_at, Job.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return db.scalars(query).all()


def claim(db: Session, job_id: int, worker: str, now: datetime, stale_before: datetime) -> bool:
    """Compare-and-set: take the job only if it is still claimable; True when this call took it."""
    result = db.execute(
        update(Job)
        .where(Job.id == job_id, _claimable(stale_before))
        .values(status="running", worker=worker, started_at=now, heartbeat_at=now, finished_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def touch(db: Session, job_id: int, worker: str, now: datetime, **values: Any) -> bool:
    """Refresh the heartbeat (and any given columns) while ``worker`` still holds the job; False when it
    no longer does (another worker retook it, or it finished)."""
    result = db.execute(update(Job).where(Job.id == job_id, Job.worker == worker, Job.status == "running")
                        .values(heartbeat_at=now, **values).execution_options(synchronize_session=False))
    return result.rowcount == 1  # type: ignore[attr-defined]


def finish(
    db: Session,
    job_id: int,
    worker: str,
    now: datetime,
    status: str,
    outcome: dict[str, Any],
    progress: dict[str, Any],
) -> bool:
    result = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.worker == worker, Job.status == "running")
        .values(status=status, outcome=outcome, progress=progress, finished_at=now, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]
