"""The hiring list page and its CSV (the JSON is ``controllers.py``)."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Stream, Template

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.hiring import routes, service
from surgebench.lib.csv_files import csv_download
from surgebench.lib.deps import DB
from surgebench.lib.templating import page


@get(
    routes.HIRING.path,
    name=routes.HIRING.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def hiring_page(request: Request, db: DB) -> Template:
    return page(request, "hiring/list.html", found=service.gather(db))


@get(
    routes.NEAR_MISSES_CSV.path,
    name=routes.NEAR_MISSES_CSV.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def near_misses_csv(db: DB) -> Stream:
    return csv_download([service.near_misses_csv(db)], "nearly-qualified.csv")


route_handlers = [hiring_page, near_misses_csv]
