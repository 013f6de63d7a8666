"""Queries on surge requests: one request with everything it asks, the lists a program manager works
from, and what planning and approval need (the open requests whose cycles overlap)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from surgebench.db.orm import (
    Client,
    ClientModel,
    Cycle,
    PlanAssignment,
    Program,
    Specialist,
    SurgeCompetitor,
    SurgeExclusion,
    SurgePin,
    SurgeRampDay,
    SurgeRequest,
    SurgeRole,
)


@dataclass(frozen=True)
class PinRow:
    specialist_id: int
    full_name: str
    role_id: int
    role_key: str


@dataclass(frozen=True)
class ExclusionRow:
    specialist_id: int
    full_name: str
    reason: str


@dataclass(frozen=True)
class NamingRequest:
    """Another client's open or approved request that lists a client among its competitors."""

    named_client_id: int
    request_id: int
    client_id: int
    client_slug: str
    client_name: str
    model: str
    cycle_number: int
    cooldown_days: int


def requests_naming(
    db: Session, client_ids: Collection[int], statuses: Sequence[str] = ("open", "approved")
) -> list[NamingRequest]:
    """Requests (in these statuses) of other clients whose competitors include one of these clients."""
    query = (
        select(
            SurgeCompetitor.client_id,
            SurgeRequest.id,
            Client.id,
            Client.slug,
            Client.name,
            ClientModel.name,
            Cycle.number,
            SurgeRequest.cooldown_days,
        )
        .select_from(SurgeCompetitor)
        .join(SurgeRequest, SurgeRequest.id == SurgeCompetitor.request_id)
        .join(Cycle, Cycle.id == SurgeRequest.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
        .where(
            SurgeCompetitor.client_id.in_(list(client_ids)),
            SurgeRequest.status.in_(list(statuses)),
            Client.id != SurgeCompetitor.client_id,
        )
        .order_by(SurgeRequest.id)
    )
    return [NamingRequest(*row) for row in db.execute(query)]


def get(db: Session, request_id: int, *, lock: bool = False) -> SurgeRequest | None:
    query = select(SurgeRequest).where(SurgeRequest.id == request_id)
    return db.scalar(query.with_for_update() if lock else query)


def lock_many(db: Session, request_ids: Collection[int]) -> list[SurgeRequest]:
    """The requests, locked in id order (every writer locks in the same order, so none deadlock)."""
    query = select(SurgeRequest).where(SurgeRequest.id.in_(sorted(request_ids))).order_by(SurgeRequest.id)
    return list(db.scalars(query.with_for_update()))


def active_for_cycle(db: Session, cycle_id: int) -> SurgeRequest | None:
    """The cycle's open or approved request (a cycle has at most one)."""
    return db.scalar(
        select(SurgeRequest).where(
            SurgeRequest.cycle_id == cycle_id, SurgeRequest.status.in_(("open", "approved"))
        )
    )


def requests_of_program(db: Session, program_id: int) -> list[SurgeRequest]:
    query = (
        select(SurgeRequest)
        .join(Cycle, Cycle.id == SurgeRequest.cycle_id)
        .where(Cycle.program_id == program_id)
        .order_by(SurgeRequest.id.desc())
    )
    return list(db.scalars(query))


def list_ids(db: Session, statuses: Sequence[str]) -> list[int]:
    query = (
        select(SurgeRequest.id)
        .where(SurgeRequest.status.in_(list(statuses)))
        .order_by(SurgeRequest.id.desc())
    )
    return list(db.scalars(query))


def overlapping(db: Session, first: date, last: date, statuses: Sequence[str] = ("open",)) -> list[int]:
    """Requests (in these statuses) whose cycles share at least a day with ``first``…``last``."""
    query = (
        select(SurgeRequest.id)
        .join(Cycle, Cycle.id == SurgeRequest.cycle_id)
        .where(SurgeRequest.status.in_(list(statuses)), Cycle.starts_on <= last, Cycle.ends_on >= first)
        .order_by(SurgeRequest.id)
    )
    return list(db.scalars(query))


def roles_of(db: Session, request_ids: Collection[int]) -> dict[int, list[SurgeRole]]:
    found: dict[int, list[SurgeRole]] = {rid: [] for rid in request_ids}
    query = (
        select(SurgeRole)
        .where(SurgeRole.request_id.in_(list(request_ids)))
        .order_by(SurgeRole.request_id, SurgeRole.position, SurgeRole.id)
    )
    for role in db.scalars(query):
        found[role.request_id].append(role)
    return found


def ramp_of(db: Session, request_ids: Collection[int]) -> dict[int, list[SurgeRampDay]]:
    found: dict[int, list[SurgeRampDay]] = {rid: [] for rid in request_ids}
    query = (
        select(SurgeRampDay).where(SurgeRampDay.request_id.in_(list(request_ids))).order_by(SurgeRampDay.day)
    )
    for day in db.scalars(query):
        found[day.request_id].append(day)
    return found


def competitors_of(db: Session, request_ids: Collection[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {rid: [] for rid in request_ids}
    query = (
        select(SurgeCompetitor.request_id, Client.slug)
        .join(Client, Client.id == SurgeCompetitor.client_id)
        .where(SurgeCompetitor.request_id.in_(list(request_ids)))
        .order_by(Client.slug)
    )
    for rid, slug in db.execute(query):
        found[rid].append(slug)
    return found


def pins_of(db: Session, request_ids: Collection[int]) -> dict[int, list[PinRow]]:
    found: dict[int, list[PinRow]] = {rid: [] for rid in request_ids}
    query = (
        select(SurgePin.request_id, SurgePin.specialist_id, Specialist.full_name, SurgeRole.id, SurgeRole.key)
        .join(Specialist, Specialist.id == SurgePin.specialist_id)
        .join(SurgeRole, SurgeRole.id == SurgePin.role_id)
        .where(SurgePin.request_id.in_(list(request_ids)))
        .order_by(Specialist.full_name)
    )
    for rid, *values in db.execute(query):
        found[rid].append(PinRow(*values))
    return found


def exclusions_of(db: Session, request_ids: Collection[int]) -> dict[int, list[ExclusionRow]]:
    found: dict[int, list[ExclusionRow]] = {rid: [] for rid in request_ids}
    query = (
        select(
            SurgeExclusion.request_id,
            SurgeExclusion.specialist_id,
            Specialist.full_name,
            SurgeExclusion.reason,
        )
        .join(Specialist, Specialist.id == SurgeExclusion.specialist_id)
        .where(SurgeExclusion.request_id.in_(list(request_ids)))
        .order_by(Specialist.full_name)
    )
    for rid, *values in db.execute(query):
        found[rid].append(ExclusionRow(*values))
    return found


def pin(db: Session, request_id: int, specialist_id: int) -> SurgePin | None:
    return db.get(SurgePin, (request_id, specialist_id))


def exclusion(db: Session, request_id: int, specialist_id: int) -> SurgeExclusion | None:
    return db.get(SurgeExclusion, (request_id, specialist_id))


def role_in_plans(db: Session, role_id: int) -> bool:
    return bool(db.scalar(select(exists().where(PlanAssignment.role_id == role_id))))


def client_slug_of_program(db: Session, program_id: int) -> str:
    query = (
        select(Client.slug)
        .join(ClientModel, ClientModel.client_id == Client.id)
        .join(Program, Program.model_id == ClientModel.id)
        .where(Program.id == program_id)
    )
    return db.scalar(query) or ""


def specialist_status(db: Session, specialist_id: int) -> tuple[str, str] | None:
    """(full name, status) of a bench member, or None."""
    row = db.execute(
        select(Specialist.full_name, Specialist.status).where(Specialist.id == specialist_id)
    ).first()
    return (row[0], row[1]) if row else None


def clear_competitors_and_ramp(db: Session, request_id: int) -> None:
    """Delete the request's competitors and ramp days (before writing them again)."""
    db.execute(delete(SurgeCompetitor).where(SurgeCompetitor.request_id == request_id))
    db.execute(delete(SurgeRampDay).where(SurgeRampDay.request_id == request_id))
