"""The ledger's queries. Claiming a slot is an INSERT on the unique (job, slot) key — exactly one
instance's insert succeeds — or, for a run whose instance went silent, a compare-and-set on its row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surgebench.db.orm import ScheduleRun


def insert_run(
    db: Session, job: str, slot: datetime, instance: str, now: datetime, manual: bool
) -> int | None:
    """The new run's id, or None when another instance already has this slot (the unique key said so)."""
    try:
        with db.begin_nested():
            result = db.execute(
                insert(ScheduleRun)
                .values(
                    job=job,
                    slot=slot,
                    manual=manual,
                    status="running",
                    instance=instance,
                    started_at=now,
                    heartbeat_at=now,
                )
                .returning(ScheduleRun.id)
            )
            return int(result.scalar_one())
    except IntegrityError:
        return None


def run_for(db: Session, job: str, slot: datetime) -> ScheduleRun | None:
    return db.scalar(select(ScheduleRun).where(ScheduleRun.job == job, ScheduleRun.slot == slot))


def retake(db: Session, run_id: int, instance: str, now: datetime, stale_before: datetime) -> bool:
    """Take over a run whose instance stopped beating; True when this call did."""
    result = db.execute(
        update(ScheduleRun)
        .where(
            ScheduleRun.id == run_id, ScheduleRun.status == "running", ScheduleRun.heartbeat_at < stale_before
        )
        .values(instance=instance, heartbeat_at=now, started_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def beat(db: Session, run_id: int, instance: str, now: datetime) -> bool:
    result = db.execute(
        update(ScheduleRun)
        .where(ScheduleRun.id == run_id, ScheduleRun.instance == instance, ScheduleRun.status == "running")
        .values(heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def finish(
    db: Session, run_id: int, instance: str, now: datetime, status: str, outcome: dict[str, Any]
) -> bool:
    """Close the run if this instance still holds it (in the work's own transaction)."""
    result = db.execute(
        update(ScheduleRun)
        .where(ScheduleRun.id == run_id, ScheduleRun.instance == instance, ScheduleRun.status == "running")
        .values(status=status, finished_at=now, heartbeat_at=now, outcome=outcome)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def latest_runs(db: Session) -> dict[str, ScheduleRun]:
    """Each job's most recent run."""
    newest = (
        select(ScheduleRun.job, func.max(ScheduleRun.id).label("id")).group_by(ScheduleRun.job).subquery()
    )
    query = select(ScheduleRun).join(newest, newest.c.id == ScheduleRun.id)
    return {run.job: run for run in db.scalars(query)}


def history(db: Session, job: str, limit: int = 20) -> list[ScheduleRun]:
    return list(
        db.scalars(
            select(ScheduleRun).where(ScheduleRun.job == job).order_by(ScheduleRun.id.desc()).limit(limit)
        )
    )


def count_runs(db: Session, job: str) -> int:
    return db.scalar(select(func.count()).select_from(ScheduleRun).where(ScheduleRun.job == job)) or 0
