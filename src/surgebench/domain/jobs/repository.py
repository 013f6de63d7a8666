"""Queries on jobs. Claiming is a compare-and-set on the job's status, so it is safe on both engines
and across instances: exactly one claimant's UPDATE matches the row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, delete, insert, or_, select, text, update
from sqlalchemy.orm import Session

from surgebench.db.orm import Job, JobInput, JobInputChunk, User
from surgebench.db.session import rows_changed


def get(db: Session, job_id: int) -> Job | None:
    return db.get(Job, job_id)


def input_of(db: Session, job_id: int) -> JobInput | None:
    return db.get(JobInput, job_id)


def add_input(db: Session, job_id: int, filename: str) -> None:
    db.execute(insert(JobInput).values(job_id=job_id, filename=filename, size_bytes=0))


def add_input_chunk(db: Session, job_id: int, seq: int, content: bytes) -> None:
    db.execute(insert(JobInputChunk).values(job_id=job_id, seq=seq, content=content))


def set_input_size(db: Session, job_id: int, size_bytes: int) -> None:
    db.execute(update(JobInput).where(JobInput.job_id == job_id).values(size_bytes=size_bytes))


def input_chunks(db: Session, job_id: int) -> Iterator[bytes]:
    """The upload's chunks in order, fetched one at a time."""
    query = (
        select(JobInputChunk.content)
        .where(JobInputChunk.job_id == job_id)
        .order_by(JobInputChunk.seq)
        .execution_options(yield_per=1)
    )
    for content in db.scalars(query):
        yield bytes(content)


def delete_input(db: Session, job_id: int) -> None:
    db.execute(delete(JobInputChunk).where(JobInputChunk.job_id == job_id))
    db.execute(delete(JobInput).where(JobInput.job_id == job_id))


def cancel_reason(db: Session, job_id: int) -> str | None:
    return db.scalar(select(Job.cancel_reason).where(Job.id == job_id))


def cancel_queued(db: Session, job_id: int, reason: str, now: datetime) -> bool:
    """Compare-and-set: a job still queued ends cancelled and never runs; True when this call did it."""
    result = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "queued")
        .values(status="cancelled", cancel_reason=reason, outcome={"cancelled": reason}, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


def ask_to_stop(db: Session, job_id: int, reason: str) -> bool:
    """A running job is asked to stop: its handler sees ``cancel_reason`` at its next check."""
    result = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == "running", Job.cancel_reason.is_(None))
        .values(cancel_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


def email_of(db: Session, user_id: int) -> str | None:
    return db.scalar(select(User.email).where(User.id == user_id))


def recent_by(db: Session, user_id: int, kind: str, limit: int) -> Sequence[Job]:
    query = (
        select(Job).where(Job.created_by_id == user_id, Job.kind == kind).order_by(Job.id.desc()).limit(limit)
    )
    return db.scalars(query).all()


def _claimable(stale_before: datetime) -> ColumnElement[bool]:
    """Queued, or running on a worker whose heartbeat went quiet (it died)."""
    return or_(Job.status == "queued", and_(Job.status == "running", Job.heartbeat_at < stale_before))


def claimable_ids(
    db: Session, kinds: Sequence[str], stale_before: datetime, first: Sequence[str] = (), limit: int = 5
) -> Sequence[int]:
    """Jobs of ``first``'s kinds before the others, then oldest first. On PostgreSQL rows another
    claimant holds are skipped (SQLite ignores the lock)."""
    order = [case((Job.kind.in_(first), 0), else_=1)] if first else []
    query = (
        select(Job.id)
        .where(Job.kind.in_(kinds), _claimable(stale_before))
        .order_by(*order, Job.created_at, Job.id)
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
    return rows_changed(result) == 1


def touch(db: Session, job_id: int, worker: str, now: datetime, **values: Any) -> bool:
    """Refresh the heartbeat (and any given columns) while ``worker`` still holds the job; False when it
    no longer does (another worker retook it, or it finished)."""
    result = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.worker == worker, Job.status == "running")
        .values(heartbeat_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


def finish(
    db: Session,
    job_id: int,
    worker: str,
    now: datetime,
    status: str,
    outcome: dict[str, Any],
    progress: dict[str, Any],
) -> bool:
    """End the job ``worker`` holds, and delete its upload in the same transaction (its work is done or
    will never be); False when the worker no longer holds it (nothing changes then)."""
    result = db.execute(
        update(Job)
        .where(Job.id == job_id, Job.worker == worker, Job.status == "running")
        .values(status=status, outcome=outcome, progress=progress, finished_at=now, heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    if rows_changed(result) != 1:
        return False
    delete_input(db, job_id)
    return True


def notify(db: Session | Connection, channel: str) -> None:
    """PostgreSQL ``NOTIFY`` on ``channel``, sent when the transaction commits."""
    db.execute(text("SELECT pg_notify(:channel, '')"), {"channel": channel})
