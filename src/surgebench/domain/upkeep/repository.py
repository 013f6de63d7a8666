"""The ledger's queries. Claiming a slot is an INSERT on the unique (job, slot) key — exactly one
instance's insert succeeds — or, for a run whose instance went silent, a compare-and-set on its row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surgebench.db.orm import Cycle, ScheduleRun, Specialist, SurgeRequest
from surgebench.db.session import rows_changed


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
    return rows_changed(result) == 1


def beat(db: Session, run_id: int, instance: str, now: datetime) -> bool:
    result = db.execute(
        update(ScheduleRun)
        .where(ScheduleRun.id == run_id, ScheduleRun.instance == instance, ScheduleRun.status == "running")
        .values(heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result) == 1


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
    return rows_changed(result) == 1


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


def vetting_run_out(db: Session, today: date) -> list[tuple[int, str, date]]:
    """(id, name, vetting_expires) of the vetted people whose vetting ran out before ``today`` and is not
    yet recorded as lapsed, by id."""
    rows = db.execute(
        select(Specialist.id, Specialist.full_name, Specialist.vetting_expires)
        .where(
            Specialist.status == "vetted",
            Specialist.vetting_expires < today,
            Specialist.vetting_lapsed_on.is_(None),
        )
        .order_by(Specialist.id)
    ).all()
    return [(sid, name, expires) for sid, name, expires in rows]


def mark_lapsed(db: Session, lapsed_on: list[tuple[int, date]]) -> None:
    """Record (specialist id, the day vetting lapsed) for each."""
    db.execute(
        update(Specialist).execution_options(synchronize_session=False),
        [{"id": sid, "vetting_lapsed_on": on} for sid, on in lapsed_on],
    )


def clear_renewed_vetting(db: Session, today: date) -> int:
    """Clear the lapse of everyone whose vetting is valid again (or who is no longer vetted); how many."""
    result = db.execute(
        update(Specialist)
        .where(
            Specialist.vetting_lapsed_on.is_not(None),
            (Specialist.vetting_expires >= today) | (Specialist.status != "vetted"),
        )
        .values(vetting_lapsed_on=None)
        .execution_options(synchronize_session=False)
    )
    return rows_changed(result)


def staffed_cycles_starting(db: Session, today: date) -> list[int]:
    """Cycles still staffing whose request was approved and whose start date has come, by id."""
    return list(
        db.scalars(
            select(Cycle.id)
            .join(SurgeRequest, SurgeRequest.cycle_id == Cycle.id)
            .where(Cycle.status == "staffing", SurgeRequest.status == "approved", Cycle.starts_on <= today)
            .order_by(Cycle.id)
        )
    )


def active_cycles_ended(db: Session, today: date) -> list[int]:
    """Active cycles whose end date has passed, by id."""
    return list(
        db.scalars(select(Cycle.id).where(Cycle.status == "active", Cycle.ends_on < today).order_by(Cycle.id))
    )
