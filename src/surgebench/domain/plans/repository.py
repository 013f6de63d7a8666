"""Queries on plans: versions, the people of a plan (a page at a time or all, by SQL), stored documents,
and the bulk writes of a solve's results."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, insert, select
from sqlalchemy.orm import Session

from surgebench.db.orm import (
    Cycle,
    Engagement,
    Plan,
    PlanAssignment,
    PlanDocument,
    PlanRequest,
    Specialist,
    SurgeRole,
)
from surgebench.domain.engagements.repository import on_the_team

CHUNK = 5_000


@dataclass(frozen=True)
class PlanPerson:
    request_id: int
    role_id: int
    role_key: str
    skill_id: str
    specialist_id: int
    full_name: str
    email: str
    country: str
    starts_on: date
    returning: bool
    quality_milli: int
    hourly_rate_cents: int
    hours_per_week: int


@dataclass(frozen=True)
class PeopleFilter:
    text: str | None = None
    role_id: int | None = None
    returning: bool | None = None
    sort: str = "name"
    order: str = "asc"
    page: int = 1
    per_page: int = 100


def get(db: Session, plan_id: int, *, lock: bool = False) -> Plan | None:
    query = select(Plan).where(Plan.id == plan_id)
    return db.scalar(query.with_for_update() if lock else query)


def versions_of(db: Session, request_id: int) -> list[Plan]:
    """Every plan that answers the request (its own versions and joint plans), newest first."""
    query = (
        select(Plan)
        .join(PlanRequest, PlanRequest.plan_id == Plan.id)
        .where(PlanRequest.request_id == request_id)
        .order_by(Plan.id.desc())
    )
    return list(db.scalars(query))


def latest_id(db: Session, request_id: int) -> int | None:
    return db.scalar(select(func.max(PlanRequest.plan_id)).where(PlanRequest.request_id == request_id))


def next_version(db: Session, request_id: int) -> int:
    return (db.scalar(select(func.max(Plan.version)).where(Plan.request_id == request_id)) or 0) + 1


def plan_requests(db: Session, plan_id: int) -> list[PlanRequest]:
    return list(
        db.scalars(select(PlanRequest).where(PlanRequest.plan_id == plan_id).order_by(PlanRequest.request_id))
    )


def in_flight_answering(db: Session, request_ids: Collection[int], *, lock: bool = False) -> list[Plan]:
    """Plans still queued or solving that answer any of these requests, in id order (locked, for the
    writer that is about to stop them)."""
    answering = select(PlanRequest.plan_id).where(PlanRequest.request_id.in_(list(request_ids)))
    query = select(Plan).where(Plan.status == "solving", Plan.id.in_(answering)).order_by(Plan.id)
    return list(db.scalars(query.with_for_update() if lock else query))


def in_flight_count_by(db: Session, user_id: int) -> int:
    """Plans this user asked for that are still queued or solving."""
    query = select(func.count()).select_from(Plan)
    return db.scalar(query.where(Plan.status == "solving", Plan.created_by_id == user_id)) or 0


def latest_ready_per_request(db: Session, request_ids: Collection[int]) -> dict[int, Plan]:
    """Request id → its newest plan that finished solving."""
    found: dict[int, Plan] = {}
    query = (
        select(PlanRequest.request_id, Plan)
        .join(Plan, Plan.id == PlanRequest.plan_id)
        .where(PlanRequest.request_id.in_(list(request_ids)), Plan.status.in_(("ready", "approved")))
        .order_by(Plan.id)
    )
    for rid, plan in db.execute(query):
        found[rid] = plan
    return found


def store_documents(db: Session, plan_id: int, problem: bytes, plan: bytes) -> None:
    """Keep the problem a plan solved and its result (once: a retaken job replaces what it wrote)."""
    db.execute(delete(PlanDocument).where(PlanDocument.plan_id == plan_id))
    db.add(PlanDocument(plan_id=plan_id, problem=problem, plan=plan))


def document(db: Session, plan_id: int, which: str) -> bytes | None:
    """The stored ``problem`` or ``plan`` alone (a 200,000-person problem is megabytes: never read for
    the plan)."""
    column = PlanDocument.problem if which == "problem" else PlanDocument.plan
    return db.scalar(select(column).where(PlanDocument.plan_id == plan_id))


def insert_assignments(db: Session, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.execute(insert(PlanAssignment), list(rows[start : start + CHUNK]))


def _people() -> Select[Any]:
    return (
        select(
            PlanAssignment.request_id,
            PlanAssignment.role_id,
            SurgeRole.key,
            SurgeRole.skill_id,
            PlanAssignment.specialist_id,
            Specialist.full_name,
            Specialist.email,
            Specialist.country,
            PlanAssignment.starts_on,
            PlanAssignment.is_returning,
            Specialist.quality_milli,
            Specialist.hourly_rate_cents,
            SurgeRole.hours_per_week,
        )
        .select_from(PlanAssignment)
        .join(Specialist, Specialist.id == PlanAssignment.specialist_id)
        .join(SurgeRole, SurgeRole.id == PlanAssignment.role_id)
    )


_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (Specialist.full_name,),
    "role": (SurgeRole.position, SurgeRole.key),
    "starts_on": (PlanAssignment.starts_on,),
    "returning": (PlanAssignment.is_returning,),
    "quality": (Specialist.quality_milli,),
    "rate": (Specialist.hourly_rate_cents,),
    "country": (Specialist.country,),
}


def _filtered(plan_id: int, f: PeopleFilter) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = [PlanAssignment.plan_id == plan_id]
    if f.text:
        escaped = f.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(Specialist.full_name).like(f"%{escaped}%", escape="\\"))
    if f.role_id is not None:
        conditions.append(PlanAssignment.role_id == f.role_id)
    if f.returning is not None:
        conditions.append(PlanAssignment.is_returning.is_(f.returning))
    return _people().where(*conditions)


def _ordered(query: Select[Any], f: PeopleFilter) -> Select[Any]:
    keys = [c.desc() if f.order == "desc" else c.asc() for c in _SORTS[f.sort]]
    return query.order_by(*keys, Specialist.full_name, PlanAssignment.specialist_id)


def people_page(db: Session, plan_id: int, f: PeopleFilter) -> tuple[list[PlanPerson], int]:
    query = _filtered(plan_id, f)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.execute(_ordered(query, f).offset((f.page - 1) * f.per_page).limit(f.per_page))
    return [PlanPerson(*row) for row in rows], total


def people(db: Session, plan_id: int, f: PeopleFilter | None = None) -> Iterator[PlanPerson]:
    f = f or PeopleFilter()
    for row in db.execute(_ordered(_filtered(plan_id, f), f)):
        yield PlanPerson(*row)


def assignment_keys(db: Session, plan_id: int) -> dict[tuple[int, int], int]:
    """(request id, specialist id) → role id, for comparing versions."""
    query = select(PlanAssignment.request_id, PlanAssignment.specialist_id, PlanAssignment.role_id).where(
        PlanAssignment.plan_id == plan_id
    )
    return {(rid, sid): role for rid, sid, role in db.execute(query)}


def names(db: Session, specialist_ids: Collection[int]) -> dict[int, str]:
    ids = sorted(specialist_ids)
    found: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        query = select(Specialist.id, Specialist.full_name).where(
            Specialist.id.in_(ids[start : start + CHUNK])
        )
        found.update({sid: name for sid, name in db.execute(query)})
    return found


def lock_specialists(db: Session, specialist_ids: Collection[int]) -> None:
    """Row locks on these people, in id order, until the transaction ends: two approvals sharing someone
    take turns (on SQLite the write transaction itself is the lock)."""
    if db.get_bind().dialect.name == "sqlite":
        return
    ids = sorted(specialist_ids)
    for start in range(0, len(ids), CHUNK):
        db.execute(
            select(Specialist.id)
            .where(Specialist.id.in_(ids[start : start + CHUNK]))
            .order_by(Specialist.id)
            .with_for_update()
        )


def running_roster(db: Session, cycle_id: int, today: date) -> list[Engagement]:
    """The cycle's team still on it: not withdrawn, and no end date or ending today or later."""
    query = select(Engagement).where(
        Engagement.cycle_id == cycle_id,
        on_the_team(),
        (Engagement.ends_on.is_(None)) | (Engagement.ends_on >= today),
    )
    return list(db.scalars(query))


def insert_engagements(db: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert roster rows (one statement; a plain insert: on PostgreSQL with 8,000 rows 0.34 s where
    inserting with ``RETURNING`` took 0.52 s, the parameters of its many-row statement parsed each time)."""
    db.execute(insert(Engagement), list(rows))


def engagement_ids(db: Session, cycle_id: int) -> dict[int, int]:
    """Specialist id → their engagement id in the cycle (rows, not ORM objects)."""
    query = select(Engagement.specialist_id, Engagement.id).where(Engagement.cycle_id == cycle_id)
    return {sid: eid for sid, eid in db.execute(query)}


def roster(db: Session, cycle_id: int) -> dict[int, Engagement]:
    return {e.specialist_id: e for e in db.scalars(select(Engagement).where(Engagement.cycle_id == cycle_id))}


def roster_of_number(db: Session, program_id: int, number: int) -> set[int]:
    """The people of a program's cycle with this number (empty when there is none)."""
    query = (
        select(Engagement.specialist_id)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .where(Cycle.program_id == program_id, Cycle.number == number, on_the_team())
    )
    return set(db.scalars(query))
