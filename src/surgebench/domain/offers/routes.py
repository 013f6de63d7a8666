"""The offers domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

ANSWER = Route("offers.answer", "/answer/{token:str}")
STARTED = Route("offers.started", "/answer/{token:str}/started")
TERMS_FORM = Route("offers.terms_form", "/surges/{request_id:int}/offer-terms")
STARTED_FORM = Route("offers.started_form", "/surges/{request_id:int}/offers/started")
RAMP_FRAGMENT = Route("offers.ramp_fragment", "/surges/{request_id:int}/ramp")
API_TERMS = Route("offers.api_terms", "/api/surges/{request_id:int}/offer-terms")
API_OFFERS = Route("offers.api_offers", "/api/surges/{request_id:int}/offers")
API_MARK_STARTED = Route("offers.api_mark_started", "/api/surges/{request_id:int}/offers/started")
API_ANSWER_OFFER = Route(
    "offers.api_answer_offer", "/api/surges/{request_id:int}/offers/{offer_id:int}/answer"
)
API_LIVE_RAMP = Route("offers.api_live_ramp", "/api/surges/{request_id:int}/ramp")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.offers import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
