"""The client portal's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

ROSTER = Route("portal.roster", "/client/cycles/{cycle_id:int}")
ROSTER_CSV = Route("portal.roster_csv", "/client/cycles/{cycle_id:int}/roster.csv")
PROGRAMS = Route("portal.programs", "/client/programs")
PROGRAM = Route("portal.program", "/client/programs/{program_id:int}")
API_CYCLE_RAMP = Route("portal.api_cycle_ramp", "/api/client/cycles/{cycle_id:int}/ramp")
API_CYCLE_ROSTER = Route("portal.api_cycle_roster", "/api/client/cycles/{cycle_id:int}/roster")
API_CYCLE_ROSTER_CSV = Route("portal.api_cycle_roster_csv", "/api/client/cycles/{cycle_id:int}/roster.csv")
API_PROGRAMS = Route("portal.api_programs", "/api/client/programs")
API_PROGRAM = Route("portal.api_program", "/api/client/programs/{program_id:int}")

API_CYCLE_OUTCOMES = Route("portal.api_cycle_outcomes", "/api/client/cycles/{cycle_id:int}/outcomes")
API_ENTRY_OUTCOMES = Route(
    "portal.api_entry_outcomes", "/api/client/cycles/{cycle_id:int}/entries/{entry_id:int}/outcomes"
)
API_OUTCOMES_TEMPLATE = Route(
    "portal.api_outcomes_template", "/api/client/cycles/{cycle_id:int}/outcomes/template.csv"
)
API_OUTCOMES_IMPORT = Route("portal.api_outcomes_import", "/api/client/cycles/{cycle_id:int}/outcomes/import")
OUTCOMES = Route("portal.outcomes", "/client/cycles/{cycle_id:int}/outcomes")
ENTRY_OUTCOMES = Route(
    "portal.entry_outcomes", "/client/cycles/{cycle_id:int}/entries/{entry_id:int}/outcomes"
)
OUTCOMES_TEMPLATE = Route("portal.outcomes_template", "/client/cycles/{cycle_id:int}/outcomes/template.csv")
OUTCOMES_IMPORT = Route("portal.outcomes_import", "/client/cycles/{cycle_id:int}/outcomes/import")
API_PROGRAM_MAKEUP = Route("portal.api_program_makeup", "/api/client/programs/{program_id:int}/makeup")
API_CYCLE_MAKEUP = Route("portal.api_cycle_makeup", "/api/client/cycles/{cycle_id:int}/makeup")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.portal import (
        controllers,
        makeup_controllers,
        outcome_controllers,
        outcome_pages,
        pages,
    )

    return [
        *controllers.route_handlers,
        *makeup_controllers.route_handlers,
        *pages.route_handlers,
        *outcome_controllers.route_handlers,
        *outcome_pages.route_handlers,
    ]
