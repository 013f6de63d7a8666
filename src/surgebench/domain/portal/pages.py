"""The client portal's pages: my programs, a program's continuity over time, a cycle's roster and ramp."""

from __future__ import annotations

from litestar import Request, get
from litestar.di import Provide
from litestar.params import FromPath
from litestar.response import Stream, Template

from surgebench.domain.accounts.guards import clients_only
from surgebench.domain.portal import chart_service as charts
from surgebench.domain.portal import export_service as export
from surgebench.domain.portal import makeup_service, routes, service
from surgebench.domain.portal.schemas import (
    RosterQueryParams,
    provide_roster_query,
    roster_query_string,
)
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page

ROSTER_QUERY = {"roster_query": Provide(provide_roster_query, sync_to_thread=False)}


@get(
    routes.PROGRAMS.path,
    name=routes.PROGRAMS.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def programs_page(request: Request, db: DB, principal: CurrentPrincipal) -> Template:
    return page(request, "portal/programs.html", programs=service.programs(db, principal))


@get(
    routes.PROGRAM.path,
    name=routes.PROGRAM.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def program_page(
    request: Request, db: DB, principal: CurrentPrincipal, program_id: FromPath[int]
) -> Template:
    found = service.program(db, principal, program_id)
    figures = found.figures()
    makeup = makeup_service.program_makeup(db, principal, program_id)
    return page(
        request,
        "portal/program.html",
        program=found,
        figures=figures,
        chart=charts.continuity_over_time(figures, f"{found.name}: who came back, cycle by cycle"),
        makeup=makeup,
        makeup_chart=charts.countries_per_cycle(makeup, f"{found.name}: team by country per cycle")
        if makeup
        else None,
    )


@get(
    routes.ROSTER.path,
    name=routes.ROSTER.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=ROSTER_QUERY,
)
def roster_page(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    roster_query: RosterQueryParams,
) -> Template:
    view, errors = service.roster_as_asked(db, principal, cycle_id, roster_query, clock.today())
    makeup = makeup_service.cycle_makeup(db, principal, cycle_id)
    return page(
        request,
        "portal/roster.html",
        status_code=400 if errors else 200,
        view=view,
        filter_errors=errors,
        raw=roster_query,
        qs=roster_query_string,
        ramp_chart=charts.roster_ramp(view),
        makeup=makeup,
        makeup_chart=charts.countries_per_role(makeup, f"Cycle {view.cycle.number}: each role by country")
        if makeup and makeup.roles
        else None,
    )


@get(
    routes.ROSTER_CSV.path,
    name=routes.ROSTER_CSV.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=ROSTER_QUERY,
)
def roster_csv(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    cycle_id: FromPath[int],
    roster_query: RosterQueryParams,
) -> Stream:
    return export.roster_csv(request.app.state.engine, db, principal, cycle_id, roster_query)


route_handlers = [programs_page, program_page, roster_page, roster_csv]
