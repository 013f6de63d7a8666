"""The outcomes domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

CYCLE_OUTCOMES = Route("outcomes.cycle_outcomes", "/cycles/{cycle_id:int}/outcomes")
ENGAGEMENT_OUTCOMES = Route("outcomes.engagement_outcomes", "/engagements/{engagement_id:int}/outcomes")
CORRECT_OUTCOME = Route("outcomes.correct_outcome", "/outcomes/{outcome_id:int}")
SET_GATE = Route("outcomes.set_gate", "/programs/{program_id:int}/quality-gate")
API_ENGAGEMENT_OUTCOMES = Route(
    "outcomes.api_engagement_outcomes", "/api/engagements/{engagement_id:int}/outcomes"
)
API_OUTCOME = Route("outcomes.api_outcome", "/api/outcomes/{outcome_id:int}")
API_PROGRAM_HELD_BACK = Route("outcomes.api_program_held_back", "/api/programs/{program_id:int}/held-back")
API_PROGRAM_GATE = Route("outcomes.api_program_gate", "/api/programs/{program_id:int}/quality-gate")
API_SPECIALIST_QUALITY = Route(
    "outcomes.api_specialist_quality", "/api/specialists/{specialist_id:int}/quality"
)


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.outcomes import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
