"""Pages: the import forms for the bench and for engagement history (with my recent imports), their CSV
templates, and the bench export download."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Stream, Template

from surgebench.domain.accounts.guards import managers, recruiters, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import export_service as export
from surgebench.domain.imports import routes, service
from surgebench.domain.imports.errors import UploadRefused
from surgebench.domain.imports.kinds_service import BENCH_IMPORT, HISTORY_IMPORT, OUTCOME_IMPORT, CsvImport
from surgebench.domain.imports.schemas import UploadedCSV, provide_upload
from surgebench.domain.jobs import routes as job_routes
from surgebench.domain.jobs import service as jobs
from surgebench.domain.specialists.schemas import BenchQueryParams, provide_bench_query
from surgebench.lib.csv_files import csv_download, header_and_examples
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page

UPLOAD = {"upload": Provide(provide_upload)}
TEMPLATES = {
    BENCH_IMPORT.kind: "imports/import.html",
    HISTORY_IMPORT.kind: "imports/history.html",
    OUTCOME_IMPORT.kind: "imports/outcomes.html",
}


def _form(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    spec: CsvImport,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
) -> Template:
    recent = jobs.recent_for(db, principal, spec.kind)
    return page(
        request, TEMPLATES[spec.kind], status_code=status_code, recent=recent, errors=errors or {}, spec=spec
    )


def _upload(
    request: Request, db: DB, principal: CurrentPrincipal, upload: UploadedCSV, spec: CsvImport
) -> Redirect | Template:
    try:
        job = service.start_import(
            request.app.state.engine,
            Actor.of(principal),
            upload.filename,
            upload.file,
            inline=True,
            spec=spec,
            clock=request.app.state.clock,
            media_type=upload.media_type,
        )
    except UploadRefused as exc:
        return _form(request, db, principal, spec, status_code=exc.status_code, errors=exc.fields)
    return Redirect(path=job_routes.JOB.url(job_id=job.id), status_code=303)


def _template_csv(spec: CsvImport, filename: str) -> Stream:
    """An import kind's columns and example rows, as the file to fill in."""
    return csv_download([header_and_examples(spec.columns, spec.examples)], filename)


@get(
    routes.IMPORT_FORM.path,
    name=routes.IMPORT_FORM.name,
    guards=[recruiters],
    include_in_schema=False,
    sync_to_thread=True,
)
def import_form(request: Request, db: DB, principal: CurrentPrincipal) -> Template:
    return _form(request, db, principal, BENCH_IMPORT)


@post(
    routes.IMPORT_FORM.path,
    guards=[recruiters],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=UPLOAD,
)
def upload_file(
    request: Request, db: DB, principal: CurrentPrincipal, upload: UploadedCSV
) -> Redirect | Template:
    return _upload(request, db, principal, upload, BENCH_IMPORT)


@get(
    routes.TEMPLATE_CSV.path,
    name=routes.TEMPLATE_CSV.name,
    guards=[recruiters],
    include_in_schema=False,
    sync_to_thread=False,
)
def template_csv() -> Stream:
    return _template_csv(BENCH_IMPORT, "bench-template.csv")


@get(
    routes.HISTORY_FORM.path,
    name=routes.HISTORY_FORM.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def history_form(request: Request, db: DB, principal: CurrentPrincipal) -> Template:
    return _form(request, db, principal, HISTORY_IMPORT)


@post(
    routes.HISTORY_FORM.path,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=UPLOAD,
)
def upload_history(
    request: Request, db: DB, principal: CurrentPrincipal, upload: UploadedCSV
) -> Redirect | Template:
    return _upload(request, db, principal, upload, HISTORY_IMPORT)


@get(
    routes.HISTORY_TEMPLATE_CSV.path,
    name=routes.HISTORY_TEMPLATE_CSV.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=False,
)
def history_template_csv() -> Stream:
    return _template_csv(HISTORY_IMPORT, "history-template.csv")


@get(
    routes.OUTCOMES_FORM.path,
    name=routes.OUTCOMES_FORM.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
)
def outcomes_form(request: Request, db: DB, principal: CurrentPrincipal) -> Template:
    return _form(request, db, principal, OUTCOME_IMPORT)


@post(
    routes.OUTCOMES_FORM.path,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies=UPLOAD,
)
def upload_outcomes(
    request: Request, db: DB, principal: CurrentPrincipal, upload: UploadedCSV
) -> Redirect | Template:
    return _upload(request, db, principal, upload, OUTCOME_IMPORT)


@get(
    routes.OUTCOMES_TEMPLATE_CSV.path,
    name=routes.OUTCOMES_TEMPLATE_CSV.name,
    guards=[managers],
    include_in_schema=False,
    sync_to_thread=False,
)
def outcomes_template_csv() -> Stream:
    return _template_csv(OUTCOME_IMPORT, "outcomes-template.csv")


@get(
    routes.EXPORT_DOWNLOAD.path,
    name=routes.EXPORT_DOWNLOAD.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies={"bench_query": Provide(provide_bench_query, sync_to_thread=False)},
)
def export_download(request: Request, db: DB, bench_query: BenchQueryParams) -> Stream:
    f = export.check_filter(db, bench_query, request.app.state.clock.today())
    return csv_download(
        export.rows(request.app.state.engine, f), export.filename(request.app.state.clock.today())
    )
