"""The needs-attention page and its CSV (the JSON is ``controllers.py``)."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Stream, Template

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.attention import routes, service
from surgebench.domain.attention.schemas import COLUMNS, revet_out
from surgebench.domain.offers import ramp_service as offer_ramp
from surgebench.domain.plans import backfill_service as backfill
from surgebench.lib.clock import AppClock
from surgebench.lib.csv_files import csv_download, format_rows
from surgebench.lib.deps import DB
from surgebench.lib.templating import page
from surgebench.settings import get_settings


@get(
    routes.ATTENTION.path,
    name=routes.ATTENTION.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def attention_page(request: Request, db: DB, clock: AppClock) -> Template:
    floor = get_settings().quality.vendor_floor_milli
    today = clock.today()
    return page(
        request,
        "attention/list.html",
        found=service.gather(db, today),
        floor=floor,
        backfills=backfill.waiting(db, today),
        short_ramps=offer_ramp.missing_headcount(db, today),
    )


@get(
    routes.REVET_CSV.path,
    name=routes.REVET_CSV.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def revet_csv(db: DB, clock: AppClock) -> Stream:
    """Everyone to re-vet (the page shows the first ``service.SHOWN``)."""
    today = clock.today()
    rows = [revet_out(r) for r in service.revet_all(db, today)]
    return csv_download(
        [format_rows([dict(zip(COLUMNS, COLUMNS, strict=True)), *rows], COLUMNS)], "re-vet.csv"
    )


route_handlers = [attention_page, revet_csv]
