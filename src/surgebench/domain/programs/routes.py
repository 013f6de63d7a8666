"""The programs domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

CYCLE = Route("programs.cycle", "/cycles/{cycle_id:int}")
ADVANCE_CYCLE = Route("programs.advance_cycle", "/cycles/{cycle_id:int}/status")
CYCLE_TEAM_CSV = Route("programs.cycle_team_csv", "/cycles/{cycle_id:int}/team.csv")
PROGRAMS = Route("programs.programs", "/programs")
NEW_PROGRAM_FORM = Route("programs.new_program_form", "/programs/new")
PROGRAM = Route("programs.program", "/programs/{program_id:int}")
CREATE_CYCLE = Route("programs.create_cycle", "/programs/{program_id:int}/cycles")
API_CYCLE = Route("programs.api_cycle", "/api/cycles/{cycle_id:int}")
API_ADVANCE_CYCLE = Route("programs.api_advance_cycle", "/api/cycles/{cycle_id:int}/status")
API_CYCLE_TEAM = Route("programs.api_cycle_team", "/api/cycles/{cycle_id:int}/team")
API_CYCLE_TEAM_CSV = Route("programs.api_cycle_team_csv", "/api/cycles/{cycle_id:int}/team.csv")
API_PROGRAMS = Route("programs.api_programs", "/api/programs")
API_PROGRAM = Route("programs.api_program", "/api/programs/{program_id:int}")
API_CREATE_CYCLE = Route("programs.api_create_cycle", "/api/programs/{program_id:int}/cycles")
API_PROGRAM_MAKEUP = Route("programs.api_program_makeup", "/api/programs/{program_id:int}/makeup")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.programs import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
