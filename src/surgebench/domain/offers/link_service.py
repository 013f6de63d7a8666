"""The answer link as one unit of work: throttled by source address, a wrong link counted (and committed)
before it is refused, the offer locked while it is answered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.orm import Offer
from surgebench.db.session import unit_of_work
from surgebench.domain.offers import service
from surgebench.domain.offers.errors import OfferNotFound
from surgebench.settings import AuthSettings

T = TypeVar("T")
WRONG_LINK = "This link is not valid: check you copied all of it from the message."


@dataclass(frozen=True)
class OfferSeen:
    """What the link's page shows: this offer, nothing of anyone else's."""

    role_name: str
    program_name: str
    starts_on: object
    weekly_hours: int
    hourly_rate_cents: int
    returning: bool
    deadline: datetime
    state: str
    decline_reason: str | None
    started_on: object
    closed: str | None
    """Why no answer can be given now (None: it can)."""
    can_start: bool


def with_offer(
    engine: Engine,
    token: str,
    source: str,
    now: datetime,
    settings: AuthSettings,
    act: Callable[[Session, Offer], T],
) -> T:
    """Run ``act`` on the link's offer (locked) in one writing transaction; a wrong link is counted
    against ``source`` and refused with a 404 once that count is committed."""
    with unit_of_work(engine) as db:
        service.refuse_while_locked(db, source, now)
        offer = service.by_link(db, token, lock=True)
        if offer is not None:
            return act(db, offer)  # committed as the block ends
        service.count_wrong_link(db, source, now, settings)
    raise OfferNotFound(WRONG_LINK)


def seen(offer: Offer, now: datetime) -> OfferSeen:
    closed = service.closed_because(offer, now)
    return OfferSeen(
        offer.role_name,
        offer.program_name,
        offer.starts_on,
        offer.weekly_hours,
        offer.hourly_rate_cents,
        offer.is_returning,
        offer.deadline,
        offer.state,
        offer.decline_reason,
        offer.started_on,
        closed,
        offer.state == "accepted" and now.date() >= offer.starts_on,
    )
