"""Client-scoped queries: every one takes the client's id and filters on it in SQL, so no row of another
client is ever read into the process, let alone shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from surgebench.db.orm import (
    ClientModel,
    Cycle,
    Engagement,
    Offer,
    Program,
    Specialist,
    SurgeRampDay,
    SurgeRequest,
    SurgeRole,
)
from surgebench.domain.programs.repository import worked_by

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

    def takes_outcomes(self, today: date) -> bool:
        """Its lab may report outcomes of its roster: approved, and begun by ``today``."""
        return self.roster_visible and self.starts_on <= today

    @property
    def status_label(self) -> str:
        """The status in the client's words."""
        return "being staffed" if self.status == "staffing" else self.status

    @property
    def ramp_shown(self) -> bool:
        """A closed cycle's ramp is history: its page shows only the team."""
        return self.status != "closed"


@dataclass(frozen=True)
class RosterEntry:
    """One roster row, made only of what the personal-data rule lets the client see."""

    entry: int
    """The row's place in the listing as filtered and ordered (1 … the listing's total)."""
    display_name: str
    role: str
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


def _cycles(client_id: int) -> Select[Any]:
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
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]  # typed by the query's columns


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
        .outerjoin(before, worked_by(before, previous.id, team.specialist_id))
        .where(ClientModel.client_id == client_id)
        .group_by(Cycle.id)
    )
    return {cid: (n, back) for cid, n, back in db.execute(query)}


def _shown(c: ClientCycle, *, full: bool = True) -> Subquery:
    """The cycle's roster as the client is shown it, and nothing else: every filter, sort and count of
    the portal reads this subquery, so none can depend on a name, e-mail, bench id or anything else the
    client is not shown. Its one hidden column, ``tiebreak`` (the engagement), orders only rows alike in
    everything shown, which the client cannot tell apart either. ``full=False``: only what the filters
    read (for a count)."""
    before, previous = aliased(Engagement), aliased(Cycle)
    query = (
        select(
            Specialist.display_name.label("display_name"),
            func.coalesce(SurgeRole.key, Engagement.skill_id).label("role"),
            before.id.is_not(None).label("is_returning"),
        )
        .select_from(Engagement)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .outerjoin(SurgeRole, SurgeRole.id == Engagement.role_id)
        .outerjoin(previous, and_(previous.program_id == c.program_id, previous.number == c.number - 1))
        .outerjoin(before, worked_by(before, previous.id, Engagement.specialist_id))
        .where(Engagement.cycle_id == c.id, Engagement.withdrawn_on.is_(None))
    )
    if not full:
        return query.subquery("shown")
    worked = _cycles_worked(c)
    return (
        query.add_columns(
            Engagement.skill_id.label("skill_id"),
            Engagement.level.label("level"),
            Engagement.starts_on.label("starts_on"),
            Engagement.ends_on.label("ends_on"),
            func.coalesce(worked.c.cycles, 0).label("cycles_on_model"),
            Engagement.id.label("tiebreak"),
        )
        .outerjoin(worked, worked.c.specialist_id == Engagement.specialist_id)
        .subquery("shown")
    )


def _cycles_worked(c: ClientCycle) -> Subquery:
    """Per person, the cycles of this program they have worked up to this one: one grouped pass over
    the program's engagements (a count per row, as a correlated subquery, is as slow once every row of a
    10,000-person roster needs it to be ordered)."""
    return (
        select(Engagement.specialist_id, func.count(Engagement.id).label("cycles"))
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .where(Cycle.program_id == c.program_id, Cycle.number <= c.number, Engagement.withdrawn_on.is_(None))
        .group_by(Engagement.specialist_id)
        .subquery("worked")
    )


def _filters(shown: Subquery, f: RosterFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.text:
        escaped = f.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(shown.c.display_name).like(f"%{escaped}%", escape="\\"))
    if f.role:
        conditions.append(shown.c.role == f.role)
    if f.returning is not None:
        conditions.append(shown.c.is_returning.is_(True) if f.returning else shown.c.is_returning.is_(False))
    return conditions


SHOWN = (
    "display_name",
    "role",
    "skill_id",
    "level",
    "starts_on",
    "ends_on",
    "is_returning",
    "cycles_on_model",
)
"""What a row shows, in ``RosterEntry``'s order after ``entry``; also the tie-breaking order of a sort."""
_SORTS = {
    "name": "display_name",
    "role": "role",
    "starts_on": "starts_on",
    "returning": "is_returning",
    "tenure": "cycles_on_model",
}


def _ordered(c: ClientCycle, f: RosterFilter, *, with_engagement: bool = False) -> Select[Any]:
    """The roster's rows, filtered, in the order asked; ties go by everything else shown, then by the
    engagement (only for rows alike in everything shown). ``with_engagement``: each row's engagement
    last (for a write; never shown)."""
    shown = _shown(c)
    first = shown.c[_SORTS[f.sort]]
    keys = [first.desc() if f.order == "desc" else first.asc(), *(shown.c[name] for name in SHOWN)]
    hidden = [shown.c.tiebreak] if with_engagement else []
    return (
        select(*(shown.c[name] for name in SHOWN), *hidden)
        .where(*_filters(shown, f))
        .order_by(*keys, shown.c.tiebreak)
    )


def _count(c: ClientCycle, f: RosterFilter) -> Select[Any]:
    shown = _shown(c, full=False)
    return select(func.count()).select_from(shown).where(*_filters(shown, f))


def roster_page(db: Session, c: ClientCycle, f: RosterFilter) -> tuple[list[RosterEntry], int]:
    """One page; each entry numbered by its place in the whole listing (1 … total)."""
    total = db.scalar(_count(c, f)) or 0
    offset = (f.page - 1) * f.per_page
    rows = db.execute(_ordered(c, f).offset(offset).limit(f.per_page))
    return [RosterEntry(offset + n, *row) for n, row in enumerate(rows, start=1)], total


def roster_size(db: Session, c: ClientCycle) -> int:
    return db.scalar(_count(c, RosterFilter())) or 0


def roster(db: Session, c: ClientCycle, f: RosterFilter) -> Iterator[RosterEntry]:
    for n, row in enumerate(db.execute(_ordered(c, f)), start=1):
        yield RosterEntry(n, *row)


def entries_with_engagements(
    db: Session, c: ClientCycle, offset: int = 0, limit: int | None = None
) -> Iterator[tuple[RosterEntry, int]]:
    """The roster in its default listing (by display name, nothing filtered), numbered as the client sees
    it (``entry``), each row with the engagement it stands for: for writing a lab's outcomes against the
    entry it names. The engagement never leaves the portal's services."""
    query = _ordered(c, RosterFilter(), with_engagement=True).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    for n, row in enumerate(db.execute(query), start=offset + 1):
        yield RosterEntry(n, *row[:-1]), row[-1]


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


def offers_filled_per_day(db: Session, cycle_id: int) -> dict[date, tuple[int, int]]:
    """Per start day, offers of the cycle accepted (or started) and those marked started: counts only,
    never who declined."""
    query = (
        select(Offer.starts_on, Offer.state, func.count())
        .join(Engagement, Engagement.id == Offer.engagement_id)
        .where(Engagement.cycle_id == cycle_id, Offer.state.in_(("accepted", "started")))
        .group_by(Offer.starts_on, Offer.state)
    )
    found: dict[date, tuple[int, int]] = {}
    for day, state, n in db.execute(query):
        accepted, started = found.get(day, (0, 0))
        found[day] = (accepted + n, started + (n if state == "started" else 0))
    return found


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
