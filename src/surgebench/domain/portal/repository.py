"""Client-scoped queries: every one takes the client's id and filters on it in SQL, so no row of another
client is ever read into the process, let alone shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from surgebench.db.orm import (
    ClientModel,
    Cycle,
    Engagement,
    Program,
    Specialist,
    SurgeRampDay,
    SurgeRequest,
    SurgeRole,
)
from surgebench.domain.engagements.repository import worked_by

VISIBLE_ROSTERS = ("active", "closed")
"""Cycles whose team the client sees (and a staffed cycle whose plan is approved, before it starts)."""


@dataclass(frozen=True)
class ClientCycle:
    id: int
    program_id: int
    program_name: str
    model: str
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str
    approved: bool
    """A plan for it has been approved: its roster is the team (even before the cycle starts)."""

    @property
    def roster_visible(self) -> bool:
        return self.status in VISIBLE_ROSTERS or self.approved


@dataclass(frozen=True)
class RosterEntry:
    engagement_id: int
    full_name: str
    role: str | None
    skill_id: str
    level: int
    starts_on: date
    ends_on: date | None
    returning: bool
    cycles_on_model: int


@dataclass(frozen=True)
class RosterFilter:
    text: str | None = None
    role: str | None = None
    returning: bool | None = None
    sort: str = "name"
    order: str = "asc"
    page: int = 1
    per_page: int = 100


def _cycles(client_id: int) -> Select:  # type: ignore[type-arg]
    return (
        select(
            Cycle.id,
            Program.id,
            Program.name,
            ClientModel.name,
            Cycle.number,
            Cycle.model_version,
            Cycle.starts_on,
            Cycle.ends_on,
            Cycle.status,
            exists().where(SurgeRequest.cycle_id == Cycle.id, SurgeRequest.status == "approved"),
        )
        .select_from(Cycle)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .where(ClientModel.client_id == client_id)
    )


def programs(db: Session, client_id: int) -> list[tuple[int, str, str]]:
    """(program id, name, model) of the client's programs, by model."""
    query = (
        select(Program.id, Program.name, ClientModel.name)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .where(ClientModel.client_id == client_id)
        .order_by(ClientModel.name)
    )
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]


def cycles(db: Session, client_id: int, program_id: int | None = None) -> list[ClientCycle]:
    query = _cycles(client_id).order_by(Program.id, Cycle.number)
    if program_id is not None:
        query = query.where(Program.id == program_id)
    return [ClientCycle(*row) for row in db.execute(query)]


def cycle(db: Session, client_id: int, cycle_id: int) -> ClientCycle | None:
    row = db.execute(_cycles(client_id).where(Cycle.id == cycle_id)).first()
    return ClientCycle(*row) if row else None


def team_counts(db: Session, client_id: int) -> dict[int, tuple[int, int]]:
    """Cycle id → (team, returning from the cycle before), for the client's cycles."""
    team, before, previous = aliased(Engagement), aliased(Engagement), aliased(Cycle)
    query = (
        select(Cycle.id, func.count(team.id), func.count(before.id))
        .select_from(Cycle)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .outerjoin(team, and_(team.cycle_id == Cycle.id, team.withdrawn_on.is_(None)))
        .outerjoin(
            previous, and_(previous.program_id == Cycle.program_id, previous.number == Cycle.number - 1)
        )
        .outerjoin(
            before, worked_by(before, previous.id, team.specialist_id)
        )
        .where(ClientModel.client_id == client_id)
        .group_by(Cycle.id)
    )
    return {cid: (n, back) for cid, n, back in db.execute(query)}


def _roster(c: ClientCycle, f: RosterFilter) -> Select:  # type: ignore[type-arg]
    before, previous = aliased(Engagement), aliased(Cycle)
    earlier, earlier_cycle = aliased(Engagement), aliased(Cycle)
    tenure = (
        select(func.count(earlier.id))
        .join(earlier_cycle, earlier_cycle.id == earlier.cycle_id)
        .where(
            earlier.specialist_id == Engagement.specialist_id,
            earlier.withdrawn_on.is_(None),
            earlier_cycle.program_id == c.program_id,
            earlier_cycle.number <= c.number,
        )
        .scalar_subquery()
    )
    returning = before.id.is_not(None)
    query = (
        select(
            Engagement.id,
            Specialist.full_name,
            SurgeRole.key,
            Engagement.skill_id,
            Engagement.level,
            Engagement.starts_on,
            Engagement.ends_on,
            returning.label("is_returning"),
            tenure.label("cycles_on_model"),
        )
        .select_from(Engagement)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .outerjoin(SurgeRole, SurgeRole.id == Engagement.role_id)
        .outerjoin(previous, and_(previous.program_id == c.program_id, previous.number == c.number - 1))
        .outerjoin(
            before, worked_by(before, previous.id, Engagement.specialist_id)
        )
        .where(Engagement.cycle_id == c.id, Engagement.withdrawn_on.is_(None))
    )
    conditions: list[ColumnElement[bool]] = []
    if f.text:
        escaped = f.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(Specialist.full_name).like(f"%{escaped}%", escape="\\"))
    if f.role:
        conditions.append(func.coalesce(SurgeRole.key, Engagement.skill_id) == f.role)
    if f.returning is not None:
        conditions.append(returning if f.returning else before.id.is_(None))
    return query.where(*conditions)


_SORTS = {
    "name": (Specialist.full_name,),
    "role": (SurgeRole.key, Engagement.skill_id),
    "starts_on": (Engagement.starts_on,),
    "returning": ("is_returning",),
    "tenure": ("cycles_on_model",),
}


def _ordered(query: Select, f: RosterFilter) -> Select:  # type: ignore[type-arg]
    keys = []
    for key in _SORTS[f.sort]:
        column = query.selected_columns[key] if isinstance(key, str) else key
        keys.append(column.desc() if f.order == "desc" else column.asc())
    return query.order_by(*keys, Specialist.full_name, Engagement.id)


def roster_page(db: Session, c: ClientCycle, f: RosterFilter) -> tuple[list[RosterEntry], int]:
    query = _roster(c, f)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.execute(_ordered(query, f).offset((f.page - 1) * f.per_page).limit(f.per_page))
    return [RosterEntry(*row) for row in rows], total


def roster(db: Session, c: ClientCycle, f: RosterFilter) -> Iterator[RosterEntry]:
    for row in db.execute(_ordered(_roster(c, f), f)):
        yield RosterEntry(*row)


def roles(db: Session, cycle_id: int) -> list[str]:
    """The role names this cycle's roster uses (the request's role keys, or skills for imported history)."""
    query = (
        select(func.coalesce(SurgeRole.key, Engagement.skill_id))
        .select_from(Engagement)
        .outerjoin(SurgeRole, SurgeRole.id == Engagement.role_id)
        .where(Engagement.cycle_id == cycle_id, Engagement.withdrawn_on.is_(None))
        .distinct()
    )
    return sorted(db.scalars(query))


def starts_per_day(db: Session, cycle_id: int) -> dict[date, int]:
    query = (
        select(Engagement.starts_on, func.count())
        .where(Engagement.cycle_id == cycle_id, Engagement.withdrawn_on.is_(None))
        .group_by(Engagement.starts_on)
    )
    return {day: n for day, n in db.execute(query)}


def approved_request(db: Session, cycle_id: int) -> tuple[list[date], int] | None:
    """The approved surge request's ramp days and seats asked, when the cycle was staffed here."""
    request_id = db.scalar(
        select(SurgeRequest.id).where(SurgeRequest.cycle_id == cycle_id, SurgeRequest.status == "approved")
    )
    if request_id is None:
        return None
    days = list(
        db.scalars(
            select(SurgeRampDay.day).where(SurgeRampDay.request_id == request_id).order_by(SurgeRampDay.day)
        )
    )
    seats = db.scalar(select(func.sum(SurgeRole.headcount)).where(SurgeRole.request_id == request_id)) or 0
    return days, int(seats)
