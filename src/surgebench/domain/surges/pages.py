"""Surge request pages: the program manager's list, the request form (new and edit; every problem shown
next to its field), a request's page (terms, roles, ramp, pins, exclusions, versions, roster), and the
small forms that pin, exclude and cancel."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import service as clients
from surgebench.domain.offers import ramp_service as offer_ramp
from surgebench.domain.offers.service import terms_of as offer_terms
from surgebench.domain.plans import queue_service as plan_queue
from surgebench.domain.plans import roster_service as roster
from surgebench.domain.plans import service as plans
from surgebench.domain.programs import service as programs
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.surges import next_cycle_service as next_cycle
from surgebench.domain.surges import routes, service
from surgebench.domain.surges.errors import InvalidPin
from surgebench.domain.surges.request_schemas import DEFAULT_MIN_QUALITY, LIMITS, nest_form
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_text
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]
NOTICES = {
    "created": "Surge request created. Plan it when the roles are right.",
    "saved": "Changes saved.",
    "pinned": "Pinned. Plan again to apply.",
    "unpinned": "Pin removed. Plan again to apply.",
    "excluded": "Excluded. Plan again to apply.",
    "included": "Exclusion lifted. Plan again to apply.",
    "cancelled": "Request cancelled.",
    "removed": "Removed from the roster. Re-plan to fill the seat.",
    "offer_terms": "Offer terms saved: they apply to the offers sent from now on.",
    "started": "Marked as started.",
}


@get(
    routes.SURGES.path,
    name=routes.SURGES.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def surges_page(request: Request, db: DB) -> Template:
    views = service.list_views(db)
    return page(
        request, "surges/list.html", views=views, latest=plans.latest_plans(db, [v.request.id for v in views])
    )


def _rows(values: dict[str, Any], group: str, least: int, spare: int) -> range:
    """How many rows of a repeated group the form shows: those filled in, then a few spare ones (never
    past the group's limit: ``roles[1000000]`` is an error shown at the top, not a million rows)."""
    used = [
        int(index)
        for k in values
        if k.startswith(f"{group}[")
        and "]" in k
        and (index := k[len(group) + 1 : k.index("]")]).isascii()
        and index.isdigit()
        and len(index) < 4
        and int(index) < LIMITS[group]
    ]
    return range(max(least, (max(used) + 1 + spare) if used else least))


def _form(request: Request, db: DB, template: str, status_code: int = 200, **context: Any) -> Template:
    values = context.get("values", {})
    rows = {"roles": _rows(values, "roles", 4, 2), "ramp": _rows(values, "ramp", 5, 2)}
    errors = dict(context.pop("errors", {}))
    for group, shown in rows.items():  # a row the form does not show is named at the top of its group
        unshown = [
            f"{k}: {m}" for k, m in errors.items() if k.startswith(f"{group}[") and _index(k) >= len(shown)
        ]
        if unshown:
            errors[group] = "; ".join([*([errors[group]] if group in errors else []), *unshown])
    return page(
        request,
        template,
        status_code=status_code,
        skills=skills.list_all(db),
        clients=clients.list_clients(db),
        role_rows=rows["roles"],
        ramp_rows=rows["ramp"],
        default_min_quality=DEFAULT_MIN_QUALITY,
        errors=errors,
        **{"values": {}, **context},
    )


def _index(field: str) -> int:
    index = field[field.index("[") + 1 : field.index("]")]
    return int(index) if index.isascii() and index.isdigit() and len(index) < 19 else 10**18


@get(
    routes.NEW_REQUEST_FORM.path,
    name=routes.NEW_REQUEST_FORM.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def new_request_form(request: Request, db: DB, clock: AppClock, program_id: FromPath[int]) -> Template:
    return _form(
        request,
        db,
        "surges/new.html",
        program=programs.program_view(db, program_id).program,
        values=next_cycle.new_request_defaults(db, program_id, clock.today()),
    )


@post(
    routes.CREATE_REQUEST.path,
    name=routes.CREATE_REQUEST.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def create_request(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    program_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    with refusals(
        db,
        lambda exc: _form(
            request,
            db,
            "surges/new.html",
            exc.status_code,
            program=programs.program_view(db, program_id).program,
            values=dict(data),
            errors=exc.fields,
            problem=exc.message,
        ),
    ):
        created = service.create_request(db, Actor.of(principal), program_id, nest_form(data), clock.today())
    return Redirect(path=f"{routes.REQUEST.url(request_id=created.id)}?notice=created", status_code=303)


def _request_page(
    request: Request, db: DB, request_id: int, today: Any, status_code: int = 200, **context: Any
) -> Template:
    v = service.view(db, request_id)
    members = roster.members(db, v, today) if v.request.status == "approved" else []
    return page(
        request,
        "surges/detail.html",
        status_code=status_code,
        v=v,
        versions=plans.versions(db, request_id),
        overlapping=service.views(db, service.overlapping_open(db, request_id))
        if v.request.status == "open"
        else [],
        roster=members,
        live=offer_ramp.live(db, request_id, today) if v.request.status == "approved" else None,
        terms=offer_terms(db, request_id),
        **{"errors": {}, **context},
    )


@get(
    routes.REQUEST.path,
    name=routes.REQUEST.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def request_page(request: Request, db: DB, clock: AppClock, request_id: FromPath[int]) -> Template:
    return _request_page(
        request, db, request_id, clock.today(), notice=NOTICES.get(request.query_params.get("notice", ""))
    )


@get(
    routes.EDIT_REQUEST_FORM.path,
    name=routes.EDIT_REQUEST_FORM.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def edit_request_form(request: Request, db: DB, request_id: FromPath[int]) -> Template:
    v = service.view(db, request_id)
    return _form(request, db, "surges/edit.html", v=v, values=service.form_values(v))


@post(routes.EDIT_REQUEST_FORM.path, guards=[managers], include_in_schema=False, sync_to_thread=True)
def update_request(
    request: Request, db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    with refusals(
        db,
        lambda exc: _form(
            request,
            db,
            "surges/edit.html",
            exc.status_code,
            v=service.view(db, request_id),
            values=dict(data),
            errors=exc.fields,
            problem=exc.message,
        ),
    ):
        service.update_request(db, Actor.of(principal), request_id, nest_form(data))
    return Redirect(path=f"{routes.REQUEST.url(request_id=request_id)}?notice=saved", status_code=303)


def _person(db: DB, text: str) -> int:
    """A specialist named by id or e-mail."""
    if text.isdigit():
        return int(text)
    found = specialists.id_with_email(db, text.lower())
    if found is None:
        raise InvalidPin("No such specialist.", fields={"specialist": f"nobody on the bench is {text!r}"})
    return found


def _act(
    request: Request, db: DB, clock: AppClock, request_id: int, notice: str, action: Any
) -> Template | Redirect:
    with refusals(
        db,
        lambda exc: _request_page(
            request, db, request_id, clock.today(), exc.status_code, errors=exc.fields, problem=exc.message
        ),
    ):
        action()
    back = request.query_params.get("back") or ""
    target = (
        back
        if back.startswith("/plans/") and back[7:].split("?")[0].isdigit()
        else routes.REQUEST.url(request_id=request_id)
    )
    return Redirect(path=f"{target}{'&' if '?' in target else '?'}notice={notice}", status_code=303)


@post(
    routes.PIN_PERSON.path,
    name=routes.PIN_PERSON.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def pin_person(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    return _act(
        request,
        db,
        clock,
        request_id,
        "pinned",
        lambda: service.pin_person(
            db,
            Actor.of(principal),
            request_id,
            _person(db, form_text(data, "specialist")),
            form_text(data, "role"),
        ),
    )


@post(
    routes.UNPIN_PERSON.path,
    name=routes.UNPIN_PERSON.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def unpin_person(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    specialist_id: FromPath[int],
) -> Template | Redirect:
    return _act(
        request,
        db,
        clock,
        request_id,
        "unpinned",
        lambda: service.unpin_person(db, Actor.of(principal), request_id, specialist_id),
    )


@post(
    routes.EXCLUDE_PERSON.path,
    name=routes.EXCLUDE_PERSON.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def exclude_person(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    return _act(
        request,
        db,
        clock,
        request_id,
        "excluded",
        lambda: service.exclude_person(
            db,
            Actor.of(principal),
            request_id,
            _person(db, form_text(data, "specialist")),
            form_text(data, "reason"),
        ),
    )


@post(
    routes.INCLUDE_PERSON.path,
    name=routes.INCLUDE_PERSON.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def include_person(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    specialist_id: FromPath[int],
) -> Template | Redirect:
    return _act(
        request,
        db,
        clock,
        request_id,
        "included",
        lambda: service.include_person(db, Actor.of(principal), request_id, specialist_id),
    )


@post(
    routes.CANCEL_REQUEST.path,
    name=routes.CANCEL_REQUEST.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def cancel_request(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    """The first press asks (what the request holds, what cancelling does); ``confirm=yes`` cancels."""
    if form_text(data, "confirm") != "yes":
        return page(
            request,
            "surges/cancel.html",
            v=service.view(db, request_id),
            versions=plans.versions(db, request_id),
        )
    return _act(
        request,
        db,
        clock,
        request_id,
        "cancelled",
        lambda: plan_queue.cancel_request(db, Actor.of(principal), request_id),
    )


@post(
    routes.REMOVE_FROM_ROSTER.path,
    name=routes.REMOVE_FROM_ROSTER.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def remove_from_roster(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    return _act(
        request,
        db,
        clock,
        request_id,
        "removed",
        lambda: roster.remove(
            db,
            Actor.of(principal),
            request_id,
            _person(db, form_text(data, "specialist")),
            _reason(form_text(data, "reason")),
            clock.today(),
        ),
    )


def _reason(text: str) -> str:
    if not text:
        raise InvalidPin("Say why the person leaves the roster.", fields={"reason": "say why"})
    return text


route_handlers = [
    surges_page,
    new_request_form,
    create_request,
    request_page,
    edit_request_form,
    update_request,
    pin_person,
    unpin_person,
    exclude_person,
    include_person,
    cancel_request,
    remove_from_roster,
]
