"""Outcome pages: a cycle's team with their outcomes, one engagement's outcomes with the forms program
managers enter and correct them with (audited), and the program's quality-gate form."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import service as engagements
from surgebench.domain.outcomes import routes, service
from surgebench.domain.programs import routes as program_routes
from surgebench.domain.programs import service as programs
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_text
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]


@get(
    routes.CYCLE_OUTCOMES.path,
    name=routes.CYCLE_OUTCOMES.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def cycle_outcomes_page(request: Request, db: DB, cycle_id: FromPath[int]) -> Template:
    team = service.team_page(db, cycle_id, request.query_params.get("page"))
    return page(
        request,
        "outcomes/cycle.html",
        cycle=programs.get_cycle(db, cycle_id),
        members=team.members,
        total=team.total,
        page_number=team.number,
        pages=team.pages,
    )


def _engagement_page(
    request: Request, db: DB, engagement_id: int, status_code: int = 200, **context: Any
) -> Template:
    e = engagements.get(db, engagement_id)
    return page(
        request,
        "outcomes/engagement.html",
        status_code=status_code,
        e=e,
        outcomes=service.of_engagement(db, engagement_id),
        editable=service.editable,
        **{"errors": {}, "values": {}, "editing": None, **context},
    )


@get(
    routes.ENGAGEMENT_OUTCOMES.path,
    name=routes.ENGAGEMENT_OUTCOMES.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def engagement_outcomes_page(request: Request, db: DB, engagement_id: FromPath[int]) -> Template:
    return _engagement_page(request, db, engagement_id, notice=request.query_params.get("notice"))


@post(
    routes.ENGAGEMENT_OUTCOMES.path,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def report_outcome(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    engagement_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    values = {name: form_text(data, name) for name in service.FIELDS}
    with refusals(
        db,
        lambda exc: _engagement_page(
            request, db, engagement_id, exc.status_code, errors=exc.fields, problem=exc.message, values=values
        ),
    ):
        service.report(db, Actor.of(principal), engagement_id, values, clock.today())
    return Redirect(
        path=f"{routes.ENGAGEMENT_OUTCOMES.url(engagement_id=engagement_id)}?notice=saved", status_code=303
    )


@post(
    routes.CORRECT_OUTCOME.path,
    name=routes.CORRECT_OUTCOME.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def correct_outcome(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    outcome_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    current = service.get(db, outcome_id)
    values = {name: form_text(data, name) for name in service.FIELDS}
    with refusals(
        db,
        lambda exc: _engagement_page(
            request,
            db,
            current.engagement_id,
            exc.status_code,
            errors=exc.fields,
            problem=exc.message,
            editing=outcome_id,
            edit_values=values,
        ),
    ):
        service.correct(db, Actor.of(principal), outcome_id, values, clock.today())
    return Redirect(
        path=f"{routes.ENGAGEMENT_OUTCOMES.url(engagement_id=current.engagement_id)}?notice=corrected",
        status_code=303,
    )


@post(
    routes.SET_GATE.path,
    name=routes.SET_GATE.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def set_gate(
    request: Request, db: DB, principal: CurrentPrincipal, program_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    values = {name: form_text(data, name) for name in service.GATE_FIELDS}
    with refusals(
        db,
        lambda exc: page(
            request,
            "outcomes/gate_refused.html",
            status_code=exc.status_code,
            view=programs.program_view(db, program_id),
            gate_values=None,
            errors=exc.fields,
            problem=exc.message,
            values=values,
        ),
    ):
        service.set_gate(db, Actor.of(principal), program_id, values)
    return Redirect(
        path=f"{program_routes.PROGRAM.url(program_id=program_id)}?notice=gate#quality-gate", status_code=303
    )


route_handlers = [
    cycle_outcomes_page,
    engagement_outcomes_page,
    report_outcome,
    correct_outcome,
    set_gate,
]
