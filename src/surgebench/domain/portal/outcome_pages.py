"""A lab's outcome pages: a begun cycle's roster entries with their outcomes, the form that enters or
corrects one entry's outcome of a day, the upload's template and the upload."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Stream, Template

from surgebench.domain.accounts.guards import clients_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import service as imports
from surgebench.domain.imports.errors import UploadRefused
from surgebench.domain.jobs import routes as job_routes
from surgebench.domain.jobs import service as jobs
from surgebench.domain.outcomes.service import FIELDS
from surgebench.domain.portal import outcome_service as service
from surgebench.domain.portal import routes
from surgebench.domain.portal.outcome_schemas import (
    PER_PAGE,
    CycleUpload,
    InvalidSheetQuery,
    SheetQuery,
    SheetQueryParams,
    parse_sheet_query,
    provide_cycle_upload,
    provide_sheet_query,
)
from surgebench.lib import query
from surgebench.lib.clock import AppClock
from surgebench.lib.csv_files import csv_download
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.fields import FieldInvalid
from surgebench.lib.forms import form_text
from surgebench.lib.principal import Principal
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]
FORM_FIELDS = (*FIELDS, "display_name")
NOTICES = {
    "created": "Outcome saved.",
    "corrected": "Correction saved and recorded in the audit log.",
    "unchanged": "Nothing changed: the outcome already says that.",
}


def _page(
    request: Request,
    db: DB,
    principal: Principal,
    clock: AppClock,
    cycle_id: int,
    sheet_query: SheetQuery,
    entry_id: int | None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    today = clock.today()
    try:
        (number, per_page), query_errors = parse_sheet_query(sheet_query), {}
    except InvalidSheetQuery as exc:
        (number, per_page), query_errors, status_code = (1, PER_PAGE), exc.fields, 400
    sheet = service.sheet(db, principal, cycle_id, number, per_page, today)
    selected = service.entry(db, principal, cycle_id, entry_id, today) if entry_id else None
    return page(
        request,
        "portal/outcomes.html",
        status_code=status_code,
        sheet=sheet,
        selected=selected,
        query_errors=query_errors,
        recent=jobs.recent_for(db, principal, service.CLIENT_OUTCOME_IMPORT.kind, 5),
        **{"errors": {}, "values": {}, "editing": None, "upload_errors": {}, "problem": None, **context},
    )


def _entry_param(value: str | None) -> int | None:
    """The entry whose forms are open (an entry that is not a number opens none)."""
    try:
        return query.parse_whole_text(value, 0, 1, 2**31 - 1) or None
    except FieldInvalid:
        return None


@get(
    routes.OUTCOMES.path,
    name=routes.OUTCOMES.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies={"sheet_query": Provide(provide_sheet_query, sync_to_thread=False)},
)
def outcomes_page(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    sheet_query: SheetQueryParams,
    entry: str | None = query.whole(1, 2**31 - 1, "The entry whose outcomes to enter or correct"),
) -> Template:
    notice = NOTICES.get(request.query_params.get("notice", ""))
    return _page(request, db, principal, clock, cycle_id, sheet_query, _entry_param(entry), notice=notice)


@post(
    routes.ENTRY_OUTCOMES.path,
    name=routes.ENTRY_OUTCOMES.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def enter_outcome(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    entry_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    service.entry(db, principal, cycle_id, entry_id, clock.today())  # a 404 before any form comes back
    values = {name: form_text(data, name) for name in FORM_FIELDS}
    editing = form_text(data, "correcting") or None
    at = SheetQuery(page=str((entry_id - 1) // PER_PAGE + 1))
    with refusals(
        db,
        lambda exc: _page(
            request,
            db,
            principal,
            clock,
            cycle_id,
            at,
            entry_id,
            exc.status_code,
            errors=exc.fields,
            problem=exc.message,
            values=values,
            editing=editing,
        ),
    ):
        saved = service.enter(db, principal, cycle_id, entry_id, values, clock.today())
    return Redirect(
        path=f"{routes.OUTCOMES.url(cycle_id=cycle_id)}?page={at.page}&entry={entry_id}&notice={saved.change}#entry",
        status_code=303,
    )


@get(
    routes.OUTCOMES_TEMPLATE.path,
    name=routes.OUTCOMES_TEMPLATE.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def outcomes_template(
    request: Request, db: DB, principal: CurrentPrincipal, clock: AppClock, cycle_id: FromPath[int]
) -> Stream:
    name, lines = service.template(request.app.state.engine, db, principal, cycle_id, clock.today())
    return csv_download(lines, name)


@post(
    routes.OUTCOMES_IMPORT.path,
    name=routes.OUTCOMES_IMPORT.name,
    guards=[clients_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies={"upload": Provide(provide_cycle_upload)},
)
def upload_outcomes(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    upload: CycleUpload,
) -> Redirect | Template:
    try:
        job = imports.start_import(
            request.app.state.engine,
            Actor.of(principal),
            upload.filename,
            upload.file,
            inline=True,
            spec=service.CLIENT_OUTCOME_IMPORT,
            clock=request.app.state.clock,
            media_type=upload.media_type,
            params=service.upload_params(principal, cycle_id),
        )
    except UploadRefused as exc:
        status, errors = exc.status_code, exc.fields
        first = SheetQuery()
        return _page(request, db, principal, clock, cycle_id, first, None, status, upload_errors=errors)
    return Redirect(path=job_routes.JOB.url(job_id=job.id), status_code=303)


route_handlers = [outcomes_page, enter_outcome, outcomes_template, upload_outcomes]
