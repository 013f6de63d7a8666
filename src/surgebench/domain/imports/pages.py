"""Pages: the import form (with my recent imports), the CSV template, the bench export download."""

from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.di import Provide
from litestar.response import Redirect, Stream, Template

from surgebench.domain.accounts.guards import recruiters, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import csv_format, export, service
from surgebench.domain.imports.controllers import csv_download
from surgebench.domain.imports.errors import NoFileUploaded
from surgebench.domain.imports.schemas import UploadedCSV, provide_upload
from surgebench.domain.jobs import service as jobs
from surgebench.domain.specialists.schemas import BenchQueryParams, provide_bench_query
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page


def _form(request: Request, db: DB, principal: CurrentPrincipal, status_code: int = 200,
          errors: dict[str, str] | None = None) -> Template:
    recent = jobs.recent_for(db, principal, service.KIND)
    return page(request, "imports/import.html", status_code=status_code, recent=recent, errors=errors or {})


@get("/bench/import", guards=[recruiters], include_in_schema=False, sync_to_thread=True)
def import_form(request: Request, db: DB, principal: CurrentPrincipal) -> Template:
    return _form(request, db, principal)


@post("/bench/import", guards=[recruiters], include_in_schema=False, sync_to_thread=True,
      dependencies={"upload": Provide(provide_upload)})
def upload_file(
    request: Request, db: DB, principal: CurrentPrincipal, upload: UploadedCSV
) -> Redirect | Template:
    try:
        job = service.start_import(request.app.state.engine, Actor.of(principal), upload.filename,
                                   upload.content, inline=True)
    except NoFileUploaded as exc:
        return _form(request, db, principal, status_code=400, errors=exc.fields)
    return Redirect(path=f"/jobs/{job.id}", status_code=303)


@get("/bench/import/template.csv", guards=[recruiters], include_in_schema=False, sync_to_thread=False)
def template_csv() -> Stream:
    return csv_download([csv_format.template_file()], "bench-template.csv")


@get("/bench/export", guards=[staff_only], include_in_schema=False, sync_to_thread=True,
     dependencies={"bench_query": Provide(provide_bench_query, sync_to_thread=False)})
def export_download(request: Request, db: DB, bench_query: BenchQueryParams) -> Stream:
    f = export.check_filter(db, bench_query)
    return csv_download(export.rows(request.app.state.engine, f), export.filename(date.today()))
