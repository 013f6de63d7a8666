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


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.portal import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
