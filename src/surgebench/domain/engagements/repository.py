"""Queries on engagements: a person's, one with the names around it, and
the lookups the history import makes in bulk."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, insert, select, update
from sqlalchemy.orm import Session

from surgebench.db.orm import Client, ClientModel, Cycle, Engagement, Program, Specialist
from surgebench.domain.programs.repository import on_the_team, worked_by  # noqa: F401  (worked_by: its old home)


def effective_end() -> ColumnElement[date]:
    """An engagement's last day: its end date, or while it runs its cycle's (``Cycle`` must be joined).
    An engagement of a cycle ends with its cycle unless it says otherwise."""
    return func.coalesce(Engagement.ends_on, Cycle.ends_on)


@dataclass(frozen=True)
class Booking:
    """Weekly hours a person gives an engagement from one day to another (both included)."""

    specialist_id: int
    starts_on: date
    ends_on: date
    weekly_hours: int


def bookings(
    db: Session,
    first: date,
    last: date,
    *,
    only: Collection[int] | None = None,
    ignored_cycles: Collection[int] = (),
) -> list[Booking]:
    """Every engagement on a team that shares a day with ``first``…``last``, as bookings (for ``only``
    these people, in chunks; else the whole bench in one query)."""
    end = effective_end()
    query = (
        select(Engagement.specialist_id, Engagement.starts_on, end, Engagement.weekly_hours)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .where(on_the_team(), Engagement.starts_on <= last, end >= first)
    )
    if ignored_cycles:
        query = query.where(Engagement.cycle_id.not_in(list(ignored_cycles)))
    if only is None:
        return [Booking(*row) for row in db.execute(query)]
    found: list[Booking] = []
    ids = sorted(only)
    for start in range(0, len(ids), 5_000):
        chunk = query.where(Engagement.specialist_id.in_(ids[start : start + 5_000]))
        found.extend(Booking(*row) for row in db.execute(chunk))
    return found


@dataclass(frozen=True)
class EngagementRow:
    """An engagement with the names a person reads: who, for which client, model and cycle."""

    id: int
    specialist_id: int
    full_name: str
    client_slug: str
    client_name: str
    model: str
    program_id: int
    cycle_id: int
    cycle_number: int
    cycle_status: str
    cycle_starts_on: date
    cycle_ends_on: date
    skill_id: str
    level: int
    weekly_hours: int
    starts_on: date
    ends_on: date | None
    reported_quality_milli: int | None
    withdrawn_on: date | None = None
    end_reason: str | None = None

    @property
    def state(self) -> str:
        """``withdrawn`` (never began), ``left`` (ended before its cycle), ``ended`` or ``running``."""
        if self.withdrawn_on is not None:
            return "withdrawn"
        if self.ends_on is None:
            return "running"
        return "left" if self.ends_on < self.cycle_ends_on else "ended"


def _rows() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Engagement.id,
            Engagement.specialist_id,
            Specialist.full_name,
            Client.slug,
            Client.name,
            ClientModel.name,
            Program.id,
            Cycle.id,
            Cycle.number,
            Cycle.status,
            Cycle.starts_on,
            Cycle.ends_on,
            Engagement.skill_id,
            Engagement.level,
            Engagement.weekly_hours,
            Engagement.starts_on,
            Engagement.ends_on,
            Engagement.reported_quality_milli,
            Engagement.withdrawn_on,
            Engagement.end_reason,
        )
        .select_from(Engagement)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
    )


def of_specialist(db: Session, specialist_id: int) -> list[EngagementRow]:
    """A person's engagements, newest first."""
    query = (
        _rows()
        .where(Engagement.specialist_id == specialist_id)
        .order_by(Engagement.starts_on.desc(), Engagement.id.desc())
    )
    return [EngagementRow(*row) for row in db.execute(query)]


def get(db: Session, engagement_id: int) -> EngagementRow | None:
    row = db.execute(_rows().where(Engagement.id == engagement_id)).first()
    return EngagementRow(*row) if row else None


def entity(db: Session, engagement_id: int, *, lock: bool = False) -> Engagement | None:
    query = select(Engagement).where(Engagement.id == engagement_id)
    return db.scalar(query.with_for_update() if lock else query)


def specialist_ids_by_email(db: Session, email_keys: Collection[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    keys = list(email_keys)
    for start in range(0, len(keys), 5_000):
        batch = keys[start : start + 5_000]
        query = select(Specialist.email_key, Specialist.id).where(Specialist.email_key.in_(batch))
        found.update({key: sid for key, sid in db.execute(query)})
    return found


def cycles_of_programs(db: Session, program_ids: Collection[int]) -> list[Cycle]:
    return list(db.scalars(select(Cycle).where(Cycle.program_id.in_(list(program_ids)))))


def existing_in_cycles(db: Session, cycle_ids: Sequence[int]) -> dict[tuple[int, int], Engagement]:
    """(cycle id, specialist id) → the engagement, for these cycles."""
    found: dict[tuple[int, int], Engagement] = {}
    for start in range(0, len(cycle_ids), 500):
        for e in db.scalars(
            select(Engagement).where(Engagement.cycle_id.in_(cycle_ids[start : start + 500]))
        ):
            found[(e.cycle_id, e.specialist_id)] = e
    return found


def ids_of(db: Session, pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(cycle id, specialist id) → engagement id, for just these pairs."""
    wanted = set(pairs)
    found: dict[tuple[int, int], int] = {}
    cycles = sorted({c for c, _s in wanted})
    people = sorted({s for _c, s in wanted})
    for start in range(0, len(people), 5_000):
        query = select(Engagement.cycle_id, Engagement.specialist_id, Engagement.id).where(
            Engagement.cycle_id.in_(cycles), Engagement.specialist_id.in_(people[start : start + 5_000])
        )
        for cycle_id, specialist_id, eid in db.execute(query):
            if (cycle_id, specialist_id) in wanted:
                found[(cycle_id, specialist_id)] = eid
    return found


def insert_many(db: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert engagements given as column values (one executemany)."""
    db.execute(insert(Engagement), list(rows))


def update_many(db: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Update engagements by ``id`` with the other values of each row (one executemany)."""
    db.execute(update(Engagement).execution_options(synchronize_session=False), list(rows))
