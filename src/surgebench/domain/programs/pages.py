"""Program pages: the list of programs, a program with its cycles and continuity chart, a cycle's team
(sortable, filterable, exportable), and the forms program managers use to add programs and cycles and
move a cycle forward."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Stream, Template

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.attention import service as attention
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import service as clients
from surgebench.domain.outcomes import chart_service as outcome_charts
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.programs import chart_service as charts
from surgebench.domain.programs import export_service as export
from surgebench.domain.programs import makeup_service, routes, service
from surgebench.domain.programs.errors import InvalidTeamFilter
from surgebench.domain.programs.schemas import TeamQueryParams, provide_team_query, team_query_string
from surgebench.domain.skills import repository as skills
from surgebench.domain.surges import repository as surge_requests
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_list, form_text
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]
TEAM_QUERY = {"team_query": Provide(provide_team_query, sync_to_thread=False)}


@get(
    routes.PROGRAMS.path,
    name=routes.PROGRAMS.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def programs_page(request: Request, db: DB) -> Template:
    return page(request, "programs/list.html", programs=service.list_programs(db))


def _new_program_form(request: Request, db: DB, status_code: int = 200, **context: Any) -> Template:
    return page(
        request,
        "programs/new.html",
        status_code=status_code,
        clients=clients.list_clients(db),
        workstreams=service.workstream_choices(db),
        **{"errors": {}, "values": {}, **context},
    )


@get(
    routes.NEW_PROGRAM_FORM.path,
    name=routes.NEW_PROGRAM_FORM.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def new_program_form(request: Request, db: DB) -> Template:
    return _new_program_form(request, db)


@post(routes.PROGRAMS.path, guards=[managers], include_in_schema=False, sync_to_thread=True)
def create_program(
    request: Request, db: DB, principal: CurrentPrincipal, data: FormBody
) -> Template | Redirect:
    values = {k: form_text(data, k) for k in ("client", "model", "name")}
    streams = form_list(data, "workstreams")
    with refusals(
        db,
        lambda exc: _new_program_form(
            request,
            db,
            exc.status_code,
            errors=exc.fields,
            problem=exc.message,
            values={**values, "workstreams": streams},
        ),
    ):
        row = service.create_program(
            db, Actor.of(principal), values["client"], values["model"], values["name"], streams
        )
    return Redirect(path=routes.PROGRAM.url(program_id=row.id), status_code=303)


def _program_page(
    request: Request, db: DB, program_id: int, status_code: int = 200, **context: Any
) -> Template:
    view = service.program_view(db, program_id)
    today = request.app.state.clock.today()
    quality = outcomes.outcome_of_returning_vs_new(db, program_id)
    team_makeup = makeup_service.makeup(db, program_id)
    return page(
        request,
        "programs/detail.html",
        status_code=status_code,
        view=view,
        gate=outcomes.gate_of(db, program_id),
        held_back=outcomes.held_back_now(db, today, program_id),
        quality=quality,
        makeup=team_makeup,
        makeup_chart=charts.countries_per_cycle(
            makeup_service.by_cycle(team_makeup), f"{view.program.name}: team by country per cycle"
        )
        if team_makeup
        else None,
        quality_chart=outcome_charts.returning_vs_new(
            quality, f"{view.program.name}: outcome of returning vs new"
        ),
        requests=[r for r in surge_requests.requests_of_program(db, program_id) if r.status != "cancelled"],
        attention=attention.gather(db, request.app.state.clock.today(), program_id).at_risk,
        chart=charts.team_per_cycle(view.cycles, f"{view.program.name}: team per cycle"),
        **{"errors": {}, "values": {}, **context},
    )


@get(
    routes.PROGRAM.path,
    name=routes.PROGRAM.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def program_page(request: Request, db: DB, program_id: FromPath[int]) -> Template:
    return _program_page(request, db, program_id, notice=request.query_params.get("notice"))


@post(
    routes.CREATE_CYCLE.path,
    name=routes.CREATE_CYCLE.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def create_cycle(
    request: Request, db: DB, principal: CurrentPrincipal, program_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    values = {k: form_text(data, k) for k in ("number", "model_version", "starts_on", "ends_on")}
    with refusals(
        db,
        lambda exc: _program_page(
            request, db, program_id, exc.status_code, errors=exc.fields, problem=exc.message, values=values
        ),
    ):
        cycle = service.create_cycle(
            db,
            Actor.of(principal),
            program_id,
            values["model_version"],
            values["starts_on"],
            values["ends_on"],
            values["number"] or None,
        )
    return Redirect(path=routes.CYCLE.url(cycle_id=cycle.id), status_code=303)


def _cycle_page(
    request: Request, db: DB, cycle_id: int, team_query: Any, status_code: int = 200, **context: Any
) -> Template:
    try:
        found = service.team(db, cycle_id, team_query)
        errors = {}
    except InvalidTeamFilter as exc:
        found, errors, status_code = None, exc.fields, 400
    return page(
        request,
        "programs/cycle.html",
        status_code=status_code,
        found=found,
        cycle=found.cycle if found else service.get_cycle(db, cycle_id),
        filter_errors=errors,
        raw=team_query,
        skills=skills.list_all(db),
        qs=team_query_string,
        **{"errors": {}, "values": {}, **context},
    )


@get(
    routes.CYCLE.path,
    name=routes.CYCLE.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=TEAM_QUERY,
)
def cycle_page(request: Request, db: DB, cycle_id: FromPath[int], team_query: TeamQueryParams) -> Template:
    return _cycle_page(request, db, cycle_id, team_query, notice=request.query_params.get("notice"))


@get(
    routes.CYCLE_TEAM_CSV.path,
    name=routes.CYCLE_TEAM_CSV.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=TEAM_QUERY,
)
def cycle_team_csv(request: Request, db: DB, cycle_id: FromPath[int], team_query: TeamQueryParams) -> Stream:
    cycle, f = service.team_for_export(db, cycle_id, team_query)
    return export.team_csv(request.app.state.engine, cycle, f)


@post(
    routes.CYCLE.path,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=TEAM_QUERY,
)
def change_cycle(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    cycle_id: FromPath[int],
    data: FormBody,
    team_query: TeamQueryParams,
) -> Template | Redirect:
    values = {k: form_text(data, k) for k in ("model_version", "starts_on", "ends_on")}
    with refusals(
        db,
        lambda exc: _cycle_page(
            request,
            db,
            cycle_id,
            team_query,
            exc.status_code,
            errors=exc.fields,
            problem=exc.message,
            values=values,
        ),
    ):
        service.change_cycle(db, Actor.of(principal), cycle_id, values)
    return Redirect(path=f"{routes.CYCLE.url(cycle_id=cycle_id)}?notice=saved", status_code=303)


@post(
    routes.ADVANCE_CYCLE.path,
    name=routes.ADVANCE_CYCLE.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=TEAM_QUERY,
)
def advance_cycle(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    data: FormBody,
    team_query: TeamQueryParams,
) -> Template | Redirect:
    with refusals(
        db, lambda exc: _cycle_page(request, db, cycle_id, team_query, exc.status_code, problem=exc.message)
    ):
        service.advance_cycle(db, Actor.of(principal), cycle_id, form_text(data, "status"), clock.today())
    return Redirect(path=f"{routes.CYCLE.url(cycle_id=cycle_id)}?notice=status", status_code=303)


route_handlers = [
    programs_page,
    new_program_form,
    create_program,
    program_page,
    create_cycle,
    cycle_page,
    cycle_team_csv,
    change_cycle,
    advance_cycle,
]
