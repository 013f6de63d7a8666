"""Plan pages: the plan as a manager reads it (progress while it solves; then figures per role, the ramp
and country charts, the people, the shortfall, pin and exclude buttons, approve), why a person is in or
out, and what changed between two versions."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Stream, Template

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.plans import approval_service as approval
from surgebench.domain.plans import chart_service as charts
from surgebench.domain.plans import export_service as export
from surgebench.domain.plans import planning_service as planning
from surgebench.domain.plans import roster_service as roster
from surgebench.domain.plans import routes, service
from surgebench.domain.plans.errors import InvalidPlanQuery
from surgebench.domain.plans.schemas import PeopleQueryParams, people_query_string, provide_people_query
from surgebench.domain.plans.service import PlanView
from surgebench.domain.programs import routes as program_routes
from surgebench.domain.surges import routes as surge_routes
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.errors import DomainError
from surgebench.lib.fields import FieldInvalid, parse_optional_date
from surgebench.lib.forms import form_text
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]
PEOPLE_QUERY = {"people_query": Provide(provide_people_query, sync_to_thread=False)}


def _charts(view: PlanView) -> dict[str, Any]:
    if not service.ready(view):
        return {}
    ramps, mixes = {}, {}
    for v in view.requests:
        figures = view.figures(v.request.id)
        ramps[v.request.id] = charts.ramp(figures, v.seats, f"Ramp of {v.label}")
        for role in figures["roles"]:
            if role["countries"]:
                mixes[(v.request.id, role["key"])] = charts.countries(
                    role, f"{role['key']}: people per country"
                )
    return {"ramp_charts": ramps, "country_charts": mixes}


def _plan_page(
    request: Request, db: DB, plan_id: int, people_query: Any, status_code: int = 200, **context: Any
) -> Template:
    view = service.plan_view(db, plan_id)
    found, filter_errors = None, {}
    if service.ready(view):
        try:
            found = service.people(db, view, people_query)
        except InvalidPlanQuery as exc:
            filter_errors, status_code = exc.fields, 400
    return page(
        request,
        "plans/plan.html",
        status_code=status_code,
        view=view,
        found=found,
        filter_errors=filter_errors,
        raw=people_query,
        qs=people_query_string,
        shortfall=service.shortfall_lines(view) if service.ready(view) else [],
        money=service.dollars_a_week,
        versions=service.versions(db, view.plan.request_id),
        **_charts(view),
        **context,
    )


@get(
    routes.PLAN.path,
    name=routes.PLAN.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=PEOPLE_QUERY,
)
def plan_page(request: Request, db: DB, plan_id: FromPath[int], people_query: PeopleQueryParams) -> Template:
    return _plan_page(request, db, plan_id, people_query, notice=request.query_params.get("notice"))


@get(
    routes.PLAN_PROGRESS.path,
    name=routes.PLAN_PROGRESS.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def plan_progress(request: Request, db: DB, plan_id: FromPath[int]) -> Template:
    """The progress of a plan being solved, alone: what its page asks again until the plan is done."""
    plan, progress = service.progress_of(db, plan_id)
    return page(request, "plans/_progress.html", plan=plan, progress=progress)


@get(
    routes.PLAN_PEOPLE_CSV.path,
    name=routes.PLAN_PEOPLE_CSV.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=PEOPLE_QUERY,
)
def plan_people_csv(
    request: Request, db: DB, plan_id: FromPath[int], people_query: PeopleQueryParams
) -> Stream:
    return export.people_csv(request.app.state.engine, db, plan_id, people_query)


@get(routes.WHY.path, name=routes.WHY.name, guards=[staff_only], include_in_schema=False, sync_to_thread=True)
def why_page(request: Request, db: DB, plan_id: FromPath[int], specialist: FromQuery[str] = "") -> Template:
    """*Why* for a person named by bench id, e-mail or name; several namesakes: a list to choose from."""
    view = service.plan_view(db, plan_id)
    answer = service.why_for(db, plan_id, specialist)
    return page(
        request, "plans/why.html", status_code=200 if answer.matches else 404, view=view, answer=answer
    )


@get(
    routes.COMPARE.path,
    name=routes.COMPARE.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def compare_page(request: Request, db: DB, plan_id: FromPath[int], other: FromQuery[int]) -> Template:
    return page(
        request, "plans/compare.html", c=service.compare(db, plan_id, other), money=service.dollars_a_week
    )


@post(
    routes.START_PLAN.path,
    name=routes.START_PLAN.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def start_plan(
    request: Request, db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    with refusals(
        db,
        lambda exc: Redirect(
            path=f"{surge_routes.REQUEST.url(request_id=request_id)}?problem={exc.code}", status_code=303
        ),
    ):
        plan = planning.start_plan(
            db,
            Actor.of(principal),
            request_id,
            time_limit=request.app.state.settings.solve.time_limit_seconds,
            together=form_text(data, "together") == "1",
            limits=request.app.state.settings.solve,
        )
    return Redirect(path=routes.PLAN.url(plan_id=plan.id), status_code=303)


@post(
    routes.REPLAN.path,
    name=routes.REPLAN.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def replan(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    try:
        start = parse_optional_date(form_text(data, "ramp_start"))
        plan = roster.replan(
            db,
            Actor.of(principal),
            request_id,
            clock.today(),
            time_limit=request.app.state.settings.solve.time_limit_seconds,
            ramp_start=start,
            limits=request.app.state.settings.solve,
        )
    except (DomainError, FieldInvalid) as exc:
        db.rollback()
        code = getattr(exc, "code", "invalid_date")
        return Redirect(
            path=f"{surge_routes.REQUEST.url(request_id=request_id)}?problem={code}", status_code=303
        )
    return Redirect(path=routes.PLAN.url(plan_id=plan.id), status_code=303)


@post(
    routes.APPROVE.path,
    name=routes.APPROVE.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=PEOPLE_QUERY,
)
def approve(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    plan_id: FromPath[int],
    people_query: PeopleQueryParams,
    data: FormBody,
) -> Template | Redirect:
    """Approving writes a roster that may hold a thousand people: the first press asks, with what it will
    write; only the confirmation (``confirm=yes``) approves."""
    if form_text(data, "confirm") != "yes":
        view = service.plan_view(db, plan_id)
        return page(request, "plans/approve.html", view=view, money=service.dollars_a_week)
    with refusals(
        db, lambda exc: _plan_page(request, db, plan_id, people_query, exc.status_code, refused=exc)
    ):
        faults = request.app.state.settings.faults
        # the approval has units of work of its own (a read, then a short write); ``db`` is only read if
        # it is refused, to show the plan page again
        done = approval.approve(request.app.state.engine, Actor.of(principal), plan_id, clock.now(), faults)
    return Redirect(
        path=f"{program_routes.CYCLE.url(cycle_id=done.cycles[0])}?notice=approved", status_code=303
    )


route_handlers = [
    plan_page,
    plan_progress,
    plan_people_csv,
    why_page,
    compare_page,
    start_plan,
    replan,
    approve,
]
