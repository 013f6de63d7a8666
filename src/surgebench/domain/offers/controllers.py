"""The offers over JSON, for staff and vendors who message people through their own systems: a request's
offer terms, its offers, relaying a person's answer, marking who started."""

from __future__ import annotations

from datetime import date

import msgspec
from litestar import get, post, put
from litestar.params import FromPath, JSONBody

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.offers import ramp_service as ramp
from surgebench.domain.offers import repository, routes, service
from surgebench.domain.offers.schemas import (
    AnswerIn,
    OfferOut,
    OfferTermsIn,
    OfferTermsOut,
    StartedIn,
    offer_out,
)
from surgebench.domain.surges import service as surges
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal


def _terms_out(t: service.Terms) -> OfferTermsOut:
    return OfferTermsOut(t.answer_hours, t.program_name, t.backfill)


@get(
    routes.API_TERMS.path,
    name=routes.API_TERMS.name,
    guards=[staff_only],
    tags=["offers"],
    sync_to_thread=True,
)
def get_terms(db: DB, request_id: FromPath[int]) -> OfferTermsOut:
    """What the request's offers say and how its open seats are filled again."""
    surges.view(db, request_id)
    return _terms_out(service.terms_of(db, request_id))


@put(routes.API_TERMS.path, guards=[managers], tags=["offers"], sync_to_thread=True)
def set_terms(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: JSONBody[OfferTermsIn]
) -> OfferTermsOut:
    """Set the answer window, the program name offers show, and the backfill mode."""
    terms = service.set_terms(
        db, Actor.of(principal), request_id, data.answer_hours, data.program_name, data.backfill
    )
    return _terms_out(terms)


@get(
    routes.API_OFFERS.path,
    name=routes.API_OFFERS.name,
    guards=[staff_only],
    tags=["offers"],
    sync_to_thread=True,
)
def list_offers(db: DB, request_id: FromPath[int]) -> list[OfferOut]:
    """Every offer the request's approvals made, oldest first, with its answer."""
    surges.view(db, request_id)
    return [offer_out(o) for o in repository.of_request(db, request_id)]


@post(
    routes.API_ANSWER_OFFER.path,
    name=routes.API_ANSWER_OFFER.name,
    guards=[managers],
    tags=["offers"],
    sync_to_thread=True,
    status_code=200,
)
def answer_offer(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    offer_id: FromPath[int],
    data: JSONBody[AnswerIn],
) -> OfferOut:
    """Record a person's answer a vendor received through its own channels (the link's rules: once,
    before the deadline, a reason to decline)."""
    offer = service.answer_by_id(
        db, Actor.of(principal), request_id, offer_id, data.answer, data.reason, data.note, clock.now()
    )
    return offer_out(offer)


@post(
    routes.API_MARK_STARTED.path,
    name=routes.API_MARK_STARTED.name,
    guards=[managers],
    tags=["offers"],
    sync_to_thread=True,
    status_code=200,
)
def mark_started(
    db: DB, principal: CurrentPrincipal, clock: AppClock, request_id: FromPath[int], data: JSONBody[StartedIn]
) -> dict[str, int]:
    """Mark who started (accepted offers whose first day has come): all or none."""
    count = service.start_many(db, Actor.of(principal), request_id, data.offer_ids, clock.today())
    return {"started": count}


class RampDayOut(msgspec.Struct):
    day: date
    capacity: int
    offered: int
    deciding: int
    accepted: int
    declined: int
    expired: int
    started: int


class RampOut(msgspec.Struct):
    headcount: int
    holding: int
    """Accepted or started."""
    deciding: int
    open_seats: int
    offers: int
    time_to_fill_hours: float | None
    accept_rate: float | None
    will_miss: bool
    """At the answer rate so far, the ramp ends short of its headcount."""
    days: list[RampDayOut]


@get(
    routes.API_LIVE_RAMP.path,
    name=routes.API_LIVE_RAMP.name,
    guards=[staff_only],
    tags=["offers"],
    sync_to_thread=True,
)
def live_ramp(db: DB, request_id: FromPath[int]) -> RampOut:
    """The ramp as it runs: per start day the offers made, deciding, accepted, declined, expired and
    started against the day's capacity; the seats held and open against the headcount."""
    r = ramp.ramp(db, request_id)
    return RampOut(
        r.headcount,
        r.holding,
        r.deciding,
        r.open_seats,
        r.offers,
        round(r.time_to_fill.total_seconds() / 3600, 2) if r.time_to_fill else None,
        round(r.accept_rate, 3) if r.accept_rate is not None else None,
        r.will_miss,
        [
            RampDayOut(d.day, d.capacity, d.offered, d.deciding, d.accepted, d.declined, d.expired, d.started)
            for d in r.days
        ],
    )


route_handlers = [get_terms, set_terms, list_offers, answer_offer, mark_started, live_ramp]
