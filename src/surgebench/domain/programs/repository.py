"""Queries on programs, cycles and their teams. Continuity is counted in the database: one grouped query
joins each cycle's engagements to the previous cycle's (same program, number − 1, same person), so the
program list and a program's page cost one query each whatever the history's length."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select, update
from sqlalchemy.orm import Session, aliased

from surgebench.db.orm import (
    Client,
    ClientModel,
    Cycle,
    Engagement,
    Program,
    ProgramWorkstream,
    Specialist,
    SpecialistLanguage,
    SurgeRole,
    Workstream,
)
from surgebench.domain.programs.continuity_service import CycleCounts


def on_the_team() -> ColumnElement[bool]:
    """An engagement that began or will begin: not withdrawn before its start. Every count of a team,
    the continuity record, hours and rival terms read only these."""
    return Engagement.withdrawn_on.is_(None)


def worked_by(engagement: Any, cycle_id: Any, person: Any) -> ColumnElement[bool]:
    """Join condition: ``engagement`` (an alias) is ``person``'s on the team of ``cycle_id`` — how the
    continuity figures find who came back from the cycle before."""
    return and_(
        engagement.cycle_id == cycle_id, engagement.specialist_id == person, engagement.withdrawn_on.is_(None)
    )


@dataclass(frozen=True)
class ProgramRow:
    """A program with the names around it (client, model)."""

    id: int
    name: str
    client_id: int
    client_slug: str
    client_name: str
    model_id: int
    model: str


@dataclass(frozen=True)
class CycleRow:
    """A cycle with its program's names."""

    id: int
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str
    program: ProgramRow


@dataclass(frozen=True)
class TeamFilter:
    """A checked team query (see ``schemas.TeamQuery``)."""

    text: str | None = None
    skill: str | None = None
    returning: bool | None = None
    sort: str = "name"
    order: str = "asc"
    page: int = 1
    per_page: int = 100


@dataclass(frozen=True)
class TeamMember:
    engagement_id: int
    specialist_id: int
    full_name: str
    email: str
    skill_id: str
    level: int
    weekly_hours: int
    starts_on: date
    ends_on: date | None
    reported_quality_milli: int | None
    returning: bool
    """Worked the previous cycle of this program."""
    cycles_worked: int
    """Cycles of this program the person has worked up to and including this one."""


def _program_columns() -> tuple[Any, ...]:
    return (Program.id, Program.name, Client.id, Client.slug, Client.name, ClientModel.id, ClientModel.name)


def _programs() -> Select[Any]:
    return (
        select(*_program_columns())
        .select_from(Program)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
    )


def list_programs(db: Session, client_id: int | None = None) -> list[ProgramRow]:
    """Every program (or one client's), by client then model."""
    query = _programs().order_by(Client.name, ClientModel.name)
    if client_id is not None:
        query = query.where(Client.id == client_id)
    return [ProgramRow(*row) for row in db.execute(query)]


def get_program(db: Session, program_id: int) -> ProgramRow | None:
    row = db.execute(_programs().where(Program.id == program_id)).first()
    return ProgramRow(*row) if row else None


def program_of_model(db: Session, client_id: int, model: str) -> ProgramRow | None:
    query = _programs().where(Client.id == client_id, ClientModel.name == model)
    row = db.execute(query).first()
    return ProgramRow(*row) if row else None


def model_id(db: Session, client_id: int, model: str) -> int | None:
    return db.scalar(
        select(ClientModel.id).where(ClientModel.client_id == client_id, ClientModel.name == model)
    )


def workstreams_of(db: Session, program_ids: Sequence[int]) -> dict[int, list[Workstream]]:
    query = (
        select(ProgramWorkstream.program_id, Workstream)
        .join(Workstream, Workstream.id == ProgramWorkstream.workstream_id)
        .where(ProgramWorkstream.program_id.in_(program_ids))
        .order_by(Workstream.name)
    )
    found: dict[int, list[Workstream]] = {}
    for program_id, stream in db.execute(query):
        found.setdefault(program_id, []).append(stream)
    return found


def all_workstreams(db: Session) -> list[Workstream]:
    return list(db.scalars(select(Workstream).order_by(Workstream.name)))


def cycle_counts(db: Session, program_ids: Sequence[int] | None = None) -> dict[int, list[CycleCounts]]:
    """Program id → its cycles with team size and returning count (one grouped query)."""
    team, before, previous = aliased(Engagement), aliased(Engagement), aliased(Cycle)
    query = (
        select(
            Cycle.program_id,
            Cycle.id,
            Cycle.number,
            Cycle.model_version,
            Cycle.starts_on,
            Cycle.ends_on,
            Cycle.status,
            func.count(team.id),
            func.count(before.id),
        )
        .select_from(Cycle)
        .outerjoin(team, and_(team.cycle_id == Cycle.id, team.withdrawn_on.is_(None)))
        .outerjoin(
            previous, and_(previous.program_id == Cycle.program_id, previous.number == Cycle.number - 1)
        )
        .outerjoin(before, worked_by(before, previous.id, team.specialist_id))
        .group_by(
            Cycle.program_id,
            Cycle.id,
            Cycle.number,
            Cycle.model_version,
            Cycle.starts_on,
            Cycle.ends_on,
            Cycle.status,
        )
        .order_by(Cycle.program_id, Cycle.number)
    )
    if program_ids is not None:
        query = query.where(Cycle.program_id.in_(program_ids))
    found: dict[int, list[CycleCounts]] = {}
    for program_id, *values in db.execute(query):
        found.setdefault(program_id, []).append(CycleCounts(*values))
    return found


def _cycles() -> Select[Any]:
    return (
        select(
            Cycle.id,
            Cycle.number,
            Cycle.model_version,
            Cycle.starts_on,
            Cycle.ends_on,
            Cycle.status,
            *_program_columns(),
        )
        .select_from(Cycle)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
    )


def _cycle_row(row: Sequence[Any]) -> CycleRow:
    """A row of the cycle's six columns, then its program's."""
    id_, number, model_version, starts_on, ends_on, status = row[:6]
    return CycleRow(id_, number, model_version, starts_on, ends_on, status, program=ProgramRow(*row[6:]))


def get_cycle(db: Session, cycle_id: int) -> CycleRow | None:
    row = db.execute(_cycles().where(Cycle.id == cycle_id)).first()
    return _cycle_row(row) if row else None


def cycle_entity(db: Session, cycle_id: int, *, lock: bool = False) -> Cycle | None:
    """The cycle row itself, for changing it (``lock``: held until the transaction ends)."""
    query = select(Cycle).where(Cycle.id == cycle_id)
    return db.scalar(query.with_for_update() if lock else query)


def cycles_of(db: Session, program_id: int) -> list[Cycle]:
    return list(db.scalars(select(Cycle).where(Cycle.program_id == program_id).order_by(Cycle.number)))


def cycle_by_number(db: Session, program_id: int, number: int) -> Cycle | None:
    return db.scalar(select(Cycle).where(Cycle.program_id == program_id, Cycle.number == number))


def _team_query(cycle: CycleRow, f: TeamFilter) -> Select[Any]:
    before, previous = aliased(Engagement), aliased(Cycle)
    earlier, earlier_cycle = aliased(Engagement), aliased(Cycle)
    cycles_worked = (
        select(func.count(earlier.id))
        .join(earlier_cycle, earlier_cycle.id == earlier.cycle_id)
        .where(
            earlier.specialist_id == Engagement.specialist_id,
            earlier.withdrawn_on.is_(None),
            earlier_cycle.program_id == cycle.program.id,
            earlier_cycle.number <= cycle.number,
        )
        .scalar_subquery()
    )
    returning = before.id.is_not(None)
    query = (
        select(
            Engagement.id,
            Engagement.specialist_id,
            Specialist.full_name,
            Specialist.email,
            Engagement.skill_id,
            Engagement.level,
            Engagement.weekly_hours,
            Engagement.starts_on,
            Engagement.ends_on,
            Engagement.reported_quality_milli,
            returning.label("is_returning"),
            cycles_worked.label("cycles_worked"),
        )
        .select_from(Engagement)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .outerjoin(
            previous, and_(previous.program_id == cycle.program.id, previous.number == cycle.number - 1)
        )
        .outerjoin(before, worked_by(before, previous.id, Engagement.specialist_id))
        .where(Engagement.cycle_id == cycle.id, Engagement.withdrawn_on.is_(None))
    )
    conditions: list[ColumnElement[bool]] = []
    if f.text:
        escaped = f.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(Specialist.full_name).like(f"%{escaped}%", escape="\\"))
    if f.skill:
        conditions.append(Engagement.skill_id == f.skill)
    if f.returning is not None:
        conditions.append(returning if f.returning else before.id.is_(None))
    return query.where(*conditions)


_TEAM_SORTS = {
    "name": (Specialist.full_name,),
    "role": (Engagement.skill_id, Engagement.level),
    "starts_on": (Engagement.starts_on,),
    "hours": (Engagement.weekly_hours,),
    "returning": ("is_returning",),
}


def _ordered(query: Select[Any], f: TeamFilter) -> Select[Any]:
    keys = []
    for key in _TEAM_SORTS[f.sort]:
        column = query.selected_columns[key] if isinstance(key, str) else key
        keys.append(column.desc() if f.order == "desc" else column.asc())
    return query.order_by(*keys, Specialist.full_name, Engagement.id)


def team_page(db: Session, cycle: CycleRow, f: TeamFilter) -> tuple[list[TeamMember], int]:
    """One page of the cycle's team and how many match the filter."""
    query = _team_query(cycle, f)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.execute(_ordered(query, f).offset((f.page - 1) * f.per_page).limit(f.per_page))
    return [TeamMember(*row) for row in rows], total


def team_rows(db: Session, cycle: CycleRow, f: TeamFilter) -> Iterator[TeamMember]:
    """Every matching member, in the filter's order (for the CSV export)."""
    for row in db.execute(_ordered(_team_query(cycle, f), f)):
        yield TeamMember(*row)


def model_names(db: Session, client_id: int) -> list[str]:
    return list(
        db.scalars(
            select(ClientModel.name).where(ClientModel.client_id == client_id).order_by(ClientModel.name)
        )
    )


def program_entity(db: Session, model_id: int) -> Program | None:
    return db.scalar(select(Program).where(Program.model_id == model_id))


def end_running(db: Session, cycle_id: int, on: date) -> int:
    """Give every running engagement of the cycle its end date (never before its start); how many."""
    running = [
        (eid, starts)
        for eid, starts in db.execute(
            select(Engagement.id, Engagement.starts_on).where(
                Engagement.cycle_id == cycle_id, Engagement.ends_on.is_(None), on_the_team()
            )
        )
    ]
    if running:
        db.execute(
            update(Engagement).execution_options(synchronize_session=False),
            [{"id": eid, "ends_on": max(on, starts)} for eid, starts in running],
        )
    return len(running)


def outside_dates(db: Session, cycle_id: int, first: date, last: date) -> int:
    """How many of the cycle's engagements on a team would not fit inside ``first``…``last``."""
    query = select(func.count(Engagement.id)).where(
        Engagement.cycle_id == cycle_id,
        on_the_team(),
        (Engagement.starts_on < first)
        | (Engagement.starts_on > last)
        | (Engagement.ends_on.is_not(None) & (Engagement.ends_on > last)),
    )
    return int(db.scalar(query) or 0)


def makeup_rows(
    db: Session, program_id: int
) -> list[tuple[int, date, str, str | None, int | None, int | None, str, str]]:
    """Everyone on the team of each of the program's cycles: (cycle number, cycle start, the role's
    skill, the role's key (none for imported history), its country cap in percent and headcount,
    country, time zone)."""
    query = (
        select(
            Cycle.number,
            Cycle.starts_on,
            Engagement.skill_id,
            SurgeRole.key,
            SurgeRole.max_country_share_pct,
            SurgeRole.headcount,
            Specialist.country,
            Specialist.timezone,
        )
        .select_from(Engagement)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .outerjoin(SurgeRole, SurgeRole.id == Engagement.role_id)
        .where(Cycle.program_id == program_id, on_the_team())
        .order_by(Cycle.number)
    )
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]  # typed by the query's columns


def makeup_languages(db: Session, program_id: int) -> list[tuple[int, str, str | None, str, int]]:
    """Per cycle and role (skill, key): how many of its people speak each language."""
    query = (
        select(
            Cycle.number,
            Engagement.skill_id,
            SurgeRole.key,
            SpecialistLanguage.language,
            func.count(),
        )
        .select_from(Engagement)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(SpecialistLanguage, SpecialistLanguage.specialist_id == Engagement.specialist_id)
        .outerjoin(SurgeRole, SurgeRole.id == Engagement.role_id)
        .where(Cycle.program_id == program_id, on_the_team())
        .group_by(Cycle.number, Engagement.skill_id, SurgeRole.key, SpecialistLanguage.language)
    )
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]  # typed by the query's columns
