"""The client portal over JSON, for labs that pull rosters into their own tools (client API tokens)."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import Provide
from litestar.params import FromPath
from litestar.response import Stream

from surgebench.domain.accounts.guards import clients_only
from surgebench.domain.portal import export_service as export
from surgebench.domain.portal import routes, service
from surgebench.domain.portal.schemas import (
    CycleOut,
    ProgramOut,
    RampDayOut,
    RampOut,
    RosterEntryOut,
    RosterPageOut,
    RosterQueryParams,
    provide_roster_query,
)
from surgebench.domain.portal.service import ClientProgram
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal

ROSTER_QUERY = {"roster_query": Provide(provide_roster_query, sync_to_thread=False)}


def program_out(p: ClientProgram) -> ProgramOut:
    current = p.current
    return ProgramOut(
        p.id,
        p.name,
        p.model,
        CycleOut.of(current, p.counts.get(current.id)) if current else None,
        [CycleOut.of(c, p.counts.get(c.id)) for c in p.cycles],
    )


@get(
    routes.API_PROGRAMS.path,
    name=routes.API_PROGRAMS.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
)
def list_programs(db: DB, principal: CurrentPrincipal) -> list[ProgramOut]:
    """Your organisation's programs: model, cycles with status and dates, team and returning people."""
    return [program_out(p) for p in service.programs(db, principal)]


@get(
    routes.API_PROGRAM.path,
    name=routes.API_PROGRAM.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
)
def get_program(db: DB, principal: CurrentPrincipal, program_id: FromPath[int]) -> ProgramOut:
    """One of your programs (404 for any other)."""
    return program_out(service.program(db, principal, program_id))


@get(
    routes.API_CYCLE_ROSTER.path,
    name=routes.API_CYCLE_ROSTER.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
    dependencies=ROSTER_QUERY,
)
def cycle_roster(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    roster_query: RosterQueryParams,
) -> RosterPageOut:
    """The approved roster of one of your cycles, a page at a time (empty while the cycle is being
    staffed): display name, role, level, start, returning, cycles on this model."""
    view = service.roster(db, principal, cycle_id, roster_query, clock.today())
    f = view.filter
    return RosterPageOut(
        CycleOut.of(view.cycle, view.counts),
        [RosterEntryOut.of(e) for e in view.entries],
        view.total,
        f.page if f else 1,
        f.per_page if f else 0,
    )


@get(
    routes.API_CYCLE_ROSTER_CSV.path,
    name=routes.API_CYCLE_ROSTER_CSV.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
    dependencies=ROSTER_QUERY,
    response_description="The roster as CSV",
)
def cycle_roster_csv(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    cycle_id: FromPath[int],
    roster_query: RosterQueryParams,
) -> Stream:
    """The whole approved roster as CSV (filters and sort apply)."""
    return export.roster_csv(request.app.state.engine, db, principal, cycle_id, roster_query)


@get(
    routes.API_CYCLE_RAMP.path,
    name=routes.API_CYCLE_RAMP.name,
    guards=[clients_only],
    tags=["client portal"],
    sync_to_thread=True,
)
def cycle_ramp(db: DB, principal: CurrentPrincipal, clock: AppClock, cycle_id: FromPath[int]) -> RampOut:
    """The ramp of one of your cycles once its roster is approved: per ramp day, the people planned to
    start, those started so far and the team so far, against the headcount asked (no days while the
    cycle is being staffed)."""
    ramp = service.cycle_ramp(db, principal, cycle_id, clock.today())
    return RampOut(
        CycleOut.of(ramp.cycle, ramp.counts),
        ramp.seats,
        [RampDayOut(d.day, d.planned, d.started, d.team, d.accepted, d.confirmed) for d in ramp.days],
    )


route_handlers = [list_programs, get_program, cycle_roster, cycle_roster_csv, cycle_ramp]
