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
from surgebench.domain.outcomes import service
from surgebench.domain.programs import service as programs
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_text
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]


@get("/cycles/{cycle_id:int}/outcomes", guards=[staff_only], include_in_schema=False, sync_to_thread=True)
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
    "/engagements/{engagement_id:int}/outcomes",
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def engagement_outcomes_page(request: Request, db: DB, engagement_id: FromPath[int]) -> Template:
    return _engagement_page(request, db, engagement_id, notice=request.query_params.get("notice"))


@post(
    "/engagements/{engagement_id:int}/outcomes",
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
    return Redirect(path=f"/engagements/{engagement_id}/outcomes?notice=saved", status_code=303)


@post("/outcomes/{outcome_id:int}", guards=[managers], include_in_schema=False, sync_to_thread=True)
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
    return Redirect(path=f"/engagements/{current.engagement_id}/outcomes?notice=corrected", status_code=303)


@post(
    "/programs/{program_id:int}/quality-gate", guards=[managers], include_in_schema=False, sync_to_thread=True
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
    return Redirect(path=f"/programs/{program_id}?notice=gate#quality-gate", status_code=303)


route_handlers = [
    cycle_outcomes_page,
    engagement_outcomes_page,
    report_outcome,
    correct_outcome,
    set_gate,
]
