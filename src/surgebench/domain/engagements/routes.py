"""The engagements domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

ENGAGEMENT = Route("engagements.engagement", "/engagements/{engagement_id:int}")
API_ENGAGEMENT = Route("engagements.api_engagement", "/api/engagements/{engagement_id:int}")
API_SPECIALIST_ENGAGEMENTS = Route(
    "engagements.api_specialist_engagements", "/api/specialists/{specialist_id:int}/engagements"
)


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.engagements import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
