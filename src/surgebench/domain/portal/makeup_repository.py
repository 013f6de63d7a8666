"""The client's teams' make-up, read for one program of the client's at a time (filtered on the client in
SQL): per engagement on an approved team, its role and what the make-up groups it by. The rows are
folded into aggregates by ``makeup_service`` before anything leaves the domain."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from surgebench.db.orm import (
    ClientModel,
    Cycle,
    Engagement,
    Program,
    Specialist,
    SpecialistLanguage,
    SurgeRole,
)


@dataclass(frozen=True)
class MemberRow:
    """One person on an approved team: never shown as such, only counted."""

    cycle_id: int
    starts_on: date
    role: str
    cap_pct: int | None
    headcount: int | None
    specialist_id: int
    country: str
    timezone: str


def _team(client_id: int, cycle_ids: Collection[int]) -> Select[Any]:
    """The specialists on these cycles' teams, the client's cycles only."""
    return (
        select(Engagement.specialist_id)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .where(
            ClientModel.client_id == client_id,
            Engagement.cycle_id.in_(list(cycle_ids)),
            Engagement.withdrawn_on.is_(None),
        )
    )


def members(db: Session, client_id: int, cycle_ids: Collection[int]) -> list[MemberRow]:
    """Everyone on the teams of these cycles of the client's (the client's only: others' are not read)."""
    if not cycle_ids:
        return []
    query = (
        _team(client_id, cycle_ids)
        .add_columns(
            Engagement.cycle_id,
            Cycle.starts_on,
            func.coalesce(SurgeRole.key, Engagement.skill_id),
            SurgeRole.max_country_share_pct,
            SurgeRole.headcount,
            Specialist.country,
            Specialist.timezone,
        )
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .outerjoin(SurgeRole, SurgeRole.id == Engagement.role_id)
    )
    return [
        MemberRow(cid, starts, role, pct, headcount, sid, country, tz)
        for sid, cid, starts, role, pct, headcount, country, tz in db.execute(query)
    ]


def languages(db: Session, client_id: int, cycle_ids: Collection[int]) -> dict[int, frozenset[str]]:
    """Specialist id → the languages they speak, for the people on these cycles' teams."""
    if not cycle_ids:
        return {}
    team = _team(client_id, cycle_ids).subquery()
    query = select(SpecialistLanguage.specialist_id, SpecialistLanguage.language).where(
        SpecialistLanguage.specialist_id.in_(select(team.c.specialist_id))
    )
    found: dict[int, set[str]] = {}
    for sid, language in db.execute(query):
        found.setdefault(sid, set()).add(language)
    return {sid: frozenset(spoken) for sid, spoken in found.items()}
