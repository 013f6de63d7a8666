"""The offers' queries: writing a roster's offers in bulk, finding one by its link's hash, the offers
due to expire, and the counts of a ramp."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from surgebench.db.orm import Offer, OfferTerms, Skill, Specialist

OPEN = ("offered",)
HOLDING = ("offered", "accepted", "started")
"""States in which the offer's person holds the seat."""


def terms(db: Session, request_id: int, *, lock: bool = False) -> OfferTerms | None:
    query = select(OfferTerms).where(OfferTerms.request_id == request_id)
    return db.scalar(query.with_for_update() if lock else query)


def skill_names(db: Session, skill_ids: Collection[str]) -> dict[str, str]:
    rows = db.execute(select(Skill.id, Skill.name).where(Skill.id.in_(list(skill_ids))))
    return {sid: name for sid, name in rows}


def add_many(db: Session, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert offers; returns each new offer's id by its link's hash."""
    if not rows:
        return {}
    db.execute(insert(Offer), list(rows))
    hashes = [r["token_hash"] for r in rows]
    found: dict[str, int] = {}
    for start in range(0, len(hashes), 5_000):
        chunk = hashes[start : start + 5_000]
        found.update(db.execute(select(Offer.token_hash, Offer.id).where(Offer.token_hash.in_(chunk))).all())
    return found


def by_hash(db: Session, token_hash: str, *, lock: bool = False) -> Offer | None:
    query = select(Offer).where(Offer.token_hash == token_hash)
    return db.scalar(query.with_for_update() if lock else query)


def get(db: Session, offer_id: int, *, lock: bool = False) -> Offer | None:
    query = select(Offer).where(Offer.id == offer_id)
    return db.scalar(query.with_for_update() if lock else query)


def of_request(db: Session, request_id: int, states: Collection[str] | None = None) -> list[Offer]:
    query = select(Offer).where(Offer.request_id == request_id)
    if states is not None:
        query = query.where(Offer.state.in_(list(states)))
    return list(db.scalars(query.order_by(Offer.id)))


def holding(db: Session, engagement_ids: Collection[int], *, lock: bool = False) -> list[Offer]:
    """The offers whose person holds one of these seats."""
    if not engagement_ids:
        return []
    query = select(Offer).where(Offer.engagement_id.in_(list(engagement_ids)), Offer.state.in_(HOLDING))
    return list(db.scalars(query.with_for_update() if lock else query))


def due_to_expire(db: Session, now: datetime) -> list[Offer]:
    query = (
        select(Offer)
        .where(Offer.state == "offered", Offer.deadline <= now)
        .order_by(Offer.id)
        .with_for_update(skip_locked=True)
    )
    return list(db.scalars(query))


def set_state(db: Session, offer_ids: Collection[int], state: str, now: datetime) -> None:
    if offer_ids:
        db.execute(
            update(Offer)
            .where(Offer.id.in_(list(offer_ids)))
            .values(state=state, answered_at=now)
            .execution_options(synchronize_session=False)
        )


def counts_by_day(db: Session, request_id: int) -> dict[tuple[date, str], int]:
    """(start day, state) → offers."""
    rows = db.execute(
        select(Offer.starts_on, Offer.state, func.count())
        .where(Offer.request_id == request_id)
        .group_by(Offer.starts_on, Offer.state)
    ).all()
    return {(day, state): int(n) for day, state, n in rows}


def answer_times(db: Session, request_id: int) -> list[tuple[datetime, datetime | None, str]]:
    """(offered at, answered at, state) of every offer of the request."""
    rows = db.execute(
        select(Offer.offered_at, Offer.answered_at, Offer.state).where(Offer.request_id == request_id)
    ).all()
    return [(a, b, s) for a, b, s in rows]


def requests_with_offers(db: Session) -> list[int]:
    return list(db.scalars(select(Offer.request_id).distinct().order_by(Offer.request_id)))


def names(db: Session, specialist_ids: Collection[int]) -> dict[int, str]:
    """Staff's view of who holds these offers (the manager marks who started)."""
    if not specialist_ids:
        return {}
    rows = db.execute(
        select(Specialist.id, Specialist.full_name).where(Specialist.id.in_(list(specialist_ids)))
    )
    return {sid: name for sid, name in rows}
