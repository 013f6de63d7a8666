"""JSON API: import the bench or engagement history from CSV (as a job), and export the bench."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import Provide
from litestar.openapi import ResponseSpec
from litestar.params import FromQuery
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from surgebench.domain.accounts.guards import managers, recruiters, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import export_service as export
from surgebench.domain.imports import routes, service
from surgebench.domain.imports.kinds_service import BENCH_IMPORT, HISTORY_IMPORT, OUTCOME_IMPORT, CsvImport
from surgebench.domain.imports.schemas import CSV_UPLOAD_BODY, ImportAccepted, UploadedCSV, provide_upload
from surgebench.domain.specialists.schemas import BenchQueryParams, provide_bench_query
from surgebench.lib.csv_files import csv_download
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.principal import Principal

UPLOAD = {"upload": Provide(provide_upload)}
UPLOAD_DOCS = {"request_body": CSV_UPLOAD_BODY, "errors": (413,)}
"""The upload is read by a dependency, which Litestar cannot document: ``lib.openapi`` adds it."""
ANSWERS = {200: ResponseSpec(ImportAccepted, description="With wait=true: the import ran; its outcome")}


def _accepted(
    request: Request, principal: Principal, upload: UploadedCSV, wait: bool, spec: CsvImport
) -> Response[ImportAccepted]:
    job = service.start_import(
        request.app.state.engine,
        Actor.of(principal),
        upload.filename,
        upload.file,
        inline=wait,
        spec=spec,
        clock=request.app.state.clock,
        media_type=upload.media_type,
    )
    finished = ImportAccepted.finished(job)
    return Response(ImportAccepted.of(job), status_code=HTTP_200_OK if finished else HTTP_202_ACCEPTED)


@post(
    routes.API_IMPORT_SPECIALISTS.path,
    name=routes.API_IMPORT_SPECIALISTS.name,
    guards=[recruiters],
    tags=["specialists"],
    sync_to_thread=True,
    status_code=HTTP_202_ACCEPTED,
    dependencies=UPLOAD,
    opt=UPLOAD_DOCS,
    responses=ANSWERS,
)
def import_specialists(
    request: Request, principal: CurrentPrincipal, upload: UploadedCSV, wait: FromQuery[bool] = False
) -> Response[ImportAccepted]:
    """Import the bench from CSV: multipart field ``file``, or a ``text/csv`` body. Answers 202 with the
    job to follow (``/api/jobs/{id}``); with ``wait=true`` a small file (≤ 2,000 rows) is imported before
    answering (200, with the outcome). All or nothing: one bad row and nothing is written."""
    return _accepted(request, principal, upload, wait, BENCH_IMPORT)


@post(
    routes.API_IMPORT_HISTORY.path,
    name=routes.API_IMPORT_HISTORY.name,
    guards=[staff_only],
    tags=["engagements"],
    sync_to_thread=True,
    status_code=HTTP_202_ACCEPTED,
    dependencies=UPLOAD,
    opt=UPLOAD_DOCS,
    responses=ANSWERS,
)
def import_history(
    request: Request, principal: CurrentPrincipal, upload: UploadedCSV, wait: FromQuery[bool] = False
) -> Response[ImportAccepted]:
    """Import past cycles' engagements from CSV (columns in the README; template at
    ``/history/import/template.csv``). Creates the models, programs and cycles it names when missing and
    matches specialists by e-mail. Same rules as the bench import: a job, all or nothing, every bad row
    listed with line, column and message."""
    return _accepted(request, principal, upload, wait, HISTORY_IMPORT)


@post(
    routes.API_IMPORT_OUTCOMES.path,
    name=routes.API_IMPORT_OUTCOMES.name,
    guards=[managers],
    tags=["outcomes"],
    sync_to_thread=True,
    status_code=HTTP_202_ACCEPTED,
    dependencies=UPLOAD,
    opt=UPLOAD_DOCS,
    responses=ANSWERS,
)
def import_outcomes(
    request: Request, principal: CurrentPrincipal, upload: UploadedCSV, wait: FromQuery[bool] = False
) -> Response[ImportAccepted]:
    """Import outcomes from CSV (columns: engagement_id, reported_on, items_reviewed, items_accepted,
    score, note; template at ``/outcomes/import/template.csv``). An outcome already recorded for an
    engagement and day is corrected (audited). Same rules as the other imports: a job, all or nothing,
    every bad row listed with line, column and message."""
    return _accepted(request, principal, upload, wait, OUTCOME_IMPORT)


@get(
    routes.API_EXPORT_SPECIALISTS.path,
    name=routes.API_EXPORT_SPECIALISTS.name,
    guards=[staff_only],
    sync_to_thread=True,
    tags=["specialists"],
    dependencies={"bench_query": Provide(provide_bench_query, sync_to_thread=False)},
    response_description="The bench CSV (the import's columns), in e-mail order",
)
def export_specialists(request: Request, db: DB, bench_query: BenchQueryParams) -> Stream:
    """Every specialist matching the bench list's filters, as CSV (streamed), in e-mail order: the list's
    sort and paging parameters are accepted but ignored."""
    f = export.check_filter(db, bench_query, request.app.state.clock.today())
    return csv_download(
        export.rows(request.app.state.engine, f), export.filename(request.app.state.clock.today())
    )
