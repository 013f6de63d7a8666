"""The attention lists: rosters losing people (for program managers), people to re-vet (for recruiters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from surgebench.domain.attention import repository
from surgebench.domain.attention.repository import AtRisk
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.outcomes.service import BelowFloor, HeldBack

AHEAD = timedelta(days=60)
"""Recruiters see vetting that runs out within this many days, as well as the rosters at risk."""
SHOWN = 500
"""The page and the JSON list this many people to re-vet (the CSV lists everyone)."""


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
    """The first people to re-vet, soonest first."""
    revet_total: int
    """How many there are in all (the CSV lists every one)."""
    held_back: list[HeldBack] = field(default_factory=list)
    """For the managers: people each program's quality gate holds back from its next cycle."""
    below_floor: list[BelowFloor] = field(default_factory=list)
    """For the recruiters: people whose estimate in a skill is below the vendor-wide floor (re-vet)."""


def gather(db: Session, today: date, program_id: int | None = None, shown: int = SHOWN) -> Attention:
    """Rosters at risk (one program's, or all) and, for all, the first ``shown`` people to re-vet."""
    risks = repository.at_risk(db, today, program_id)
    if program_id is not None:
        return Attention(risks, [], 0)
    return Attention(
        risks,
        revet_list(db, today, risks, shown),
        revet_total(db, today, risks),
        outcomes.held_back_now(db, today),
        outcomes.below_floor(db, today)[:shown],
    )


def revet_list(db: Session, today: date, risks: Sequence[AtRisk], limit: int | None) -> list[ReVet]:
    """People to re-vet, soonest first: those whose lapse takes them off a roster, then anyone vetted
    whose vetting runs out within ``AHEAD``; the first ``limit`` of them (all when None)."""
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
    for sid, name, email, expires in repository.expiring(db, today, AHEAD, limit):
        found.setdefault(sid, ReVet(sid, name, email, expires, "vetting runs out soon"))
    ordered = sorted(found.values(), key=lambda r: (r.vetting_expires or date.max, r.full_name))
    return ordered if limit is None else ordered[:limit]


def revet_all(db: Session, today: date) -> list[ReVet]:
    """Everyone to re-vet, soonest first (the CSV)."""
    return revet_list(db, today, repository.at_risk(db, today), limit=None)


def revet_total(db: Session, today: date, risks: Sequence[AtRisk]) -> int:
    """The length ``revet_list`` would have without a limit, counted in SQL: everyone whose vetting runs
    out within ``AHEAD``, plus the people on a roster whose vetting runs out later but before its end."""
    later = {
        r.specialist_id
        for r in risks
        if r.status == "vetted" and (r.vetting_expires is None or r.vetting_expires >= today + AHEAD)
    }
    return repository.count_expiring(db, today, AHEAD) + len(later)
