"""The attention lists: rosters losing people (for program managers), people to re-vet (for recruiters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from surgebench.domain.attention import repository
from surgebench.domain.attention.repository import AtRisk

AHEAD = timedelta(days=60)
"""Recruiters see vetting that runs out within this many days, as well as the rosters at risk."""
SHOWN = 500


@dataclass(frozen=True)
class ReVet:
    specialist_id: int
    full_name: str
    email: str
    vetting_expires: date | None
    why: str
    """On a roster (which cycle), or simply running out soon."""


@dataclass(frozen=True)
class Attention:
    at_risk: list[AtRisk]
    revet: list[ReVet]


def gather(db: Session, today: date, program_id: int | None = None) -> Attention:
    risks = repository.at_risk(db, today, program_id)
    return Attention(risks, revet_list(db, today, risks) if program_id is None else [])


def revet_list(db: Session, today: date, risks: Sequence[AtRisk]) -> list[ReVet]:
    """People to re-vet, soonest first: those whose lapse takes them off a roster, then anyone vetted
    whose vetting runs out within ``AHEAD``."""
    found: dict[int, ReVet] = {}
    for r in risks:
        if r.status == "vetted" and r.specialist_id not in found:
            found[r.specialist_id] = ReVet(
                r.specialist_id,
                r.full_name,
                r.email,
                r.vetting_expires,
                f"on {r.client_name} {r.program_name} cycle {r.cycle_number} (ends {r.cycle_ends_on})",
            )
    for sid, name, email, expires in repository.expiring(db, today, AHEAD, SHOWN):
        found.setdefault(sid, ReVet(sid, name, email, expires, "vetting runs out soon"))
    return sorted(found.values(), key=lambda r: (r.vetting_expires or date.max, r.full_name))[:SHOWN]
