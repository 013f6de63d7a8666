"""The set-based reads the problem builder makes (each one query; rows, never ORM objects)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Row, and_, func, or_, select
from sqlalchemy.orm import Session

from surgebench.db.orm import (
    Client,
    ClientModel,
    Cycle,
    Engagement,
    Program,
    Specialist,
    SpecialistLanguage,
    SpecialistSkill,
)

STREAM_BATCH = 10_000


def specialist_rows(db: Session, also: Collection[int] = ()) -> Iterator[Row[Any]]:
    """Everyone not offboarded (and anyone in ``also``), by id, streamed in batches."""
    wanted = Specialist.status != "offboarded"
    if also:
        wanted = or_(wanted, Specialist.id.in_(list(also)))
    query = (
        select(
            Specialist.id,
            Specialist.status,
            Specialist.vetting_expires,
            Specialist.country,
            Specialist.timezone,
            Specialist.available_from,
            Specialist.weekly_hours,
            Specialist.committed_hours,
            Specialist.quality_milli,
            Specialist.hourly_rate_cents,
        )
        .where(wanted)
        .order_by(Specialist.id)
        .execution_options(yield_per=STREAM_BATCH)
    )
    yield from db.execute(query)


def skill_levels(db: Session) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    query = select(SpecialistSkill.specialist_id, SpecialistSkill.skill_id, SpecialistSkill.level)
    for sid, skill, level in db.execute(query.execution_options(yield_per=STREAM_BATCH)):
        found.setdefault(sid, {})[skill] = level
    return found


def languages(db: Session) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    query = select(SpecialistLanguage.specialist_id, SpecialistLanguage.language).order_by(
        SpecialistLanguage.specialist_id, SpecialistLanguage.language
    )
    for sid, language in db.execute(query.execution_options(yield_per=STREAM_BATCH)):
        found.setdefault(sid, []).append(language)
    return found


def history(db: Session, ignored_cycles: Collection[int]) -> dict[int, list[dict[str, Any]]]:
    """Specialist id → their engagements as the contract's history entries, oldest first."""
    query = (
        select(Engagement.specialist_id, Client.slug, ClientModel.name, Cycle.number, Engagement.ends_on)
        .select_from(Engagement)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
        .order_by(Engagement.specialist_id, Engagement.starts_on, Engagement.id)
    )
    if ignored_cycles:
        query = query.where(Engagement.cycle_id.not_in(list(ignored_cycles)))
    found: dict[int, list[dict[str, Any]]] = {}
    for sid, client, model, number, ended in db.execute(query.execution_options(yield_per=STREAM_BATCH)):
        found.setdefault(sid, []).append(
            {
                "client": client,
                "model": model,
                "cycle": number,
                "ended_on": ended.isoformat() if ended else None,
            }
        )
    return found


def hours_overlapping(
    db: Session, first: date, last: date, ignored_cycles: Collection[int]
) -> dict[int, int]:
    """Specialist id → weekly hours of their engagements that overlap ``first``…``last`` (summed in SQL)."""
    overlaps = and_(
        Engagement.starts_on <= last, or_(Engagement.ends_on.is_(None), Engagement.ends_on >= first)
    )
    query = select(Engagement.specialist_id, func.sum(Engagement.weekly_hours)).where(overlaps)
    if ignored_cycles:
        query = query.where(Engagement.cycle_id.not_in(list(ignored_cycles)))
    return {sid: int(hours) for sid, hours in db.execute(query.group_by(Engagement.specialist_id))}
