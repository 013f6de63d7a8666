"""The schedule, for admins: each job's schedule, its last run (start, end, outcome, what it changed) and
its next slot, with a run-now button (the same over JSON is ``controllers.py``)."""

from __future__ import annotations

from typing import cast

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.upkeep import repository, routes
from surgebench.domain.upkeep.service import Upkeep
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page


def _upkeep(request: Request) -> Upkeep:
    return cast(Upkeep, request.app.state.upkeep)


@get(
    routes.SCHEDULE.path,
    name=routes.SCHEDULE.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def schedule_page(request: Request, db: DB) -> Template:
    upkeep = _upkeep(request)
    return page(
        request,
        "upkeep/schedule.html",
        jobs=upkeep.overview(db),
        history={j.name: repository.history(db, j.name, 10) for j in upkeep.jobs},
        notice=request.query_params.get("ran"),
    )


@post(
    routes.RUN_NOW.path,
    name=routes.RUN_NOW.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def run_now_page(request: Request, principal: CurrentPrincipal, job_name: FromPath[str]) -> Redirect:
    _upkeep(request).run_now(job_name, Actor.of(principal))
    return Redirect(path=f"{routes.SCHEDULE.url()}?ran={job_name}", status_code=303)


route_handlers = [schedule_page, run_now_page]
