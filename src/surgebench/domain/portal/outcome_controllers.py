"""A lab's own outcomes over JSON (client API tokens): its cycle's entries with their outcomes, entering
or correcting one, the upload's template and the upload itself (a job, as every import)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import Provide
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from surgebench.domain.accounts.guards import clients_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import service as imports
from surgebench.domain.imports.schemas import CSV_UPLOAD_BODY, ImportAccepted
from surgebench.domain.portal import outcome_service as service
from surgebench.domain.portal import routes
from surgebench.domain.portal.outcome_schemas import (
    ClientOutcomeIn,
    ClientOutcomeOut,
    CycleUpload,
    EntryOutcomesOut,
    OutcomeSavedOut,
    OutcomeSheetOut,
    SheetQueryParams,
    parse_sheet_query,
    provide_cycle_upload,
    provide_sheet_query,
)
from surgebench.domain.portal.schemas import CycleOut
from surgebench.lib.clock import AppClock
from surgebench.lib.csv_files import csv_download
from surgebench.lib.deps import DB, CurrentPrincipal

TAGS = ["client portal"]
UPLOAD_DOCS = {"request_body": CSV_UPLOAD_BODY, "errors": (413,)}
"""The upload is read by a dependency, which Litestar cannot document: ``lib.openapi`` adds it."""
ANSWERS = {200: ResponseSpec(ImportAccepted, description="With wait=true: the upload ran; its outcome")}


@get(
    routes.API_CYCLE_OUTCOMES.path,
    name=routes.API_CYCLE_OUTCOMES.name,
    guards=[clients_only],
    tags=TAGS,
    sync_to_thread=True,
    dependencies={"sheet_query": Provide(provide_sheet_query, sync_to_thread=False)},
)
def cycle_outcomes(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    sheet_query: SheetQueryParams,
) -> OutcomeSheetOut:
    """The entries of one of your approved rosters, once its cycle has begun, each with the outcomes
    reported for it (a page at a time, in the roster's default order: ``entry_id`` is the entry's place
    there). A cycle not approved or not begun is a 404, as another client's is."""
    page, per_page = parse_sheet_query(sheet_query)
    found = service.sheet(db, principal, cycle_id, page, per_page, clock.today())
    return OutcomeSheetOut(
        CycleOut.of(found.cycle, None),
        [EntryOutcomesOut.of(e) for e in found.entries],
        found.total,
        found.page,
        found.per_page,
    )


@post(
    routes.API_ENTRY_OUTCOMES.path,
    name=routes.API_ENTRY_OUTCOMES.name,
    guards=[clients_only],
    tags=TAGS,
    sync_to_thread=True,
    status_code=HTTP_200_OK,
)
def enter_outcome(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    entry_id: FromPath[int],
    data: JSONBody[ClientOutcomeIn],
) -> OutcomeSavedOut:
    """Report what your lab measured of a roster entry on a day, or correct the outcome that day already
    has (``change`` says which; every write is in the audit log under your name). An entry past the end
    of the roster is a 404."""
    saved = service.enter(db, principal, cycle_id, entry_id, data.given(), clock.today())
    return OutcomeSavedOut(saved.change, ClientOutcomeOut.of(saved.outcome), EntryOutcomesOut.of(saved.entry))


@get(
    routes.API_OUTCOMES_TEMPLATE.path,
    name=routes.API_OUTCOMES_TEMPLATE.name,
    guards=[clients_only],
    tags=TAGS,
    sync_to_thread=True,
    response_description="The upload's columns, one row per roster entry, the outcome cells empty",
)
def outcomes_template(
    request: Request, db: DB, principal: CurrentPrincipal, clock: AppClock, cycle_id: FromPath[int]
) -> Stream:
    """The file to fill in and upload: ``entry_id,display_name,role,reported_on,items_reviewed,
    items_accepted,score,note``, one row per entry of the roster."""
    name, lines = service.template(request.app.state.engine, db, principal, cycle_id, clock.today())
    return csv_download(lines, name)


@post(
    routes.API_OUTCOMES_IMPORT.path,
    name=routes.API_OUTCOMES_IMPORT.name,
    guards=[clients_only],
    tags=TAGS,
    sync_to_thread=True,
    status_code=HTTP_202_ACCEPTED,
    dependencies={"upload": Provide(provide_cycle_upload)},
    opt=UPLOAD_DOCS,
    responses=ANSWERS,
)
def upload_outcomes(
    request: Request,
    principal: CurrentPrincipal,
    cycle_id: FromPath[int],
    upload: CycleUpload,
    wait: FromQuery[bool] = False,
) -> Response[ImportAccepted]:
    """Upload your outcomes for the cycle from CSV (the template's columns; rows with no outcome filled
    in are skipped). Each row's entry must still be the display name and role the file gives. An outcome
    already recorded for that entry and day is corrected (audited). A job, all or nothing: one bad row
    and nothing is written, every bad row listed with line, column and message. With ``wait=true`` a
    small file (≤ 2,000 rows) is imported before answering (200, with the outcome)."""
    job = imports.start_import(
        request.app.state.engine,
        Actor.of(principal),
        upload.filename,
        upload.file,
        inline=wait,
        spec=service.CLIENT_OUTCOME_IMPORT,
        clock=request.app.state.clock,
        media_type=upload.media_type,
        params=service.upload_params(principal, cycle_id),
    )
    finished = ImportAccepted.finished(job)
    return Response(ImportAccepted.of(job), status_code=HTTP_200_OK if finished else HTTP_202_ACCEPTED)


route_handlers = [cycle_outcomes, enter_outcome, outcomes_template, upload_outcomes]
