"""The schedule over JSON, for admins: each job's schedule, last run and next run; run one now."""

from __future__ import annotations

from typing import cast

from litestar import Request, get, post
from litestar.params import FromPath

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.upkeep import routes
from surgebench.domain.upkeep.schemas import RunOut, ScheduledJobOut, job_out, run_out
from surgebench.domain.upkeep.service import Upkeep
from surgebench.lib.deps import DB, CurrentPrincipal


def _upkeep(request: Request) -> Upkeep:
    return cast(Upkeep, request.app.state.upkeep)


@get(
    routes.SCHEDULE_API.path,
    name=routes.SCHEDULE_API.name,
    guards=[admin_only],
    tags=["schedule"],
    sync_to_thread=True,
)
def schedule_api(request: Request, db: DB) -> list[ScheduledJobOut]:
    """Each scheduled job: its schedule, last run (start, end, outcome, what it changed) and next run."""
    return [job_out(s) for s in _upkeep(request).overview(db)]


@post(
    routes.RUN_NOW_API.path,
    name=routes.RUN_NOW_API.name,
    guards=[admin_only],
    tags=["schedule"],
    sync_to_thread=True,
    status_code=200,
)
def run_now_api(request: Request, principal: CurrentPrincipal, name: FromPath[str]) -> RunOut:
    """Run a scheduled job now, outside its schedule (it runs once even if other instances are asked too)."""
    run = run_out(_upkeep(request).run_now(name, Actor.of(principal)))
    assert run is not None
    return run


route_handlers = [schedule_api, run_now_api]
