"""The offers over JSON, for staff and vendors who message people through their own systems: a request's
offer terms, its offers, relaying a person's answer, marking who started."""

from __future__ import annotations

from litestar import get, post, put
from litestar.params import FromPath, JSONBody

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.offers import repository, service
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


@get("/api/surges/{request_id:int}/offer-terms", guards=[staff_only], tags=["offers"], sync_to_thread=True)
def get_terms(db: DB, request_id: FromPath[int]) -> OfferTermsOut:
    """What the request's offers say and how its open seats are filled again."""
    surges.view(db, request_id)
    return _terms_out(service.terms_of(db, request_id))


@put("/api/surges/{request_id:int}/offer-terms", guards=[managers], tags=["offers"], sync_to_thread=True)
def set_terms(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: JSONBody[OfferTermsIn]
) -> OfferTermsOut:
    """Set the answer window, the program name offers show, and the backfill mode."""
    terms = service.set_terms(
        db, Actor.of(principal), request_id, data.answer_hours, data.program_name, data.backfill
    )
    return _terms_out(terms)


@get("/api/surges/{request_id:int}/offers", guards=[staff_only], tags=["offers"], sync_to_thread=True)
def list_offers(db: DB, request_id: FromPath[int]) -> list[OfferOut]:
    """Every offer the request's approvals made, oldest first, with its answer."""
    surges.view(db, request_id)
    return [offer_out(o) for o in repository.of_request(db, request_id)]


@post(
    "/api/surges/{request_id:int}/offers/{offer_id:int}/answer",
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
    "/api/surges/{request_id:int}/offers/started",
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


route_handlers = [get_terms, set_terms, list_offers, answer_offer, mark_started]
