"""The schedule, for admins: each job's schedule, its last run (start, end, outcome, what it changed) and
its next slot, with a run-now button; the same over JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.upkeep import repository
from surgebench.domain.upkeep.service import JobStatus, Upkeep
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page


class RunOut(msgspec.Struct):
    slot: datetime
    manual: bool
    status: str
    """running, succeeded or failed."""
    instance: str
    started_at: datetime
    finished_at: datetime | None
    outcome: dict[str, Any] | None
    """What the run changed (counts and names), or the error."""


class ScheduledJobOut(msgspec.Struct):
    name: str
    label: str
    schedule: str
    last_run: RunOut | None
    next_run: datetime


def _run_out(run: Any) -> RunOut | None:
    if run is None:
        return None
    return RunOut(
        run.slot, run.manual, run.status, run.instance, run.started_at, run.finished_at, run.outcome
    )


def _out(s: JobStatus) -> ScheduledJobOut:
    return ScheduledJobOut(s.job.name, s.job.label, s.job.every.describe(), _run_out(s.last), s.next_slot)


def _upkeep(request: Request) -> Upkeep:
    return request.app.state.upkeep  # type: ignore[no-any-return]


@get("/admin/schedule", guards=[admin_only], include_in_schema=False, sync_to_thread=True)
def schedule_page(request: Request, db: DB) -> Template:
    upkeep = _upkeep(request)
    return page(
        request,
        "upkeep/schedule.html",
        jobs=upkeep.overview(db),
        history={j.name: repository.history(db, j.name, 10) for j in upkeep.jobs},
        notice=request.query_params.get("ran"),
    )


@post("/admin/schedule/{name:str}/run", guards=[admin_only], include_in_schema=False, sync_to_thread=True)
def run_now_page(request: Request, principal: CurrentPrincipal, name: FromPath[str]) -> Redirect:
    _upkeep(request).run_now(name, Actor.of(principal))
    return Redirect(path=f"/admin/schedule?ran={name}", status_code=303)


@get("/api/schedule", guards=[admin_only], tags=["schedule"], sync_to_thread=True)
def schedule_api(request: Request, db: DB) -> list[ScheduledJobOut]:
    """Each scheduled job: its schedule, last run (start, end, outcome, what it changed) and next run."""
    return [_out(s) for s in _upkeep(request).overview(db)]


@post(
    "/api/schedule/{name:str}/run",
    guards=[admin_only],
    tags=["schedule"],
    sync_to_thread=True,
    status_code=200,
)
def run_now_api(request: Request, principal: CurrentPrincipal, name: FromPath[str]) -> RunOut:
    """Run a scheduled job now, outside its schedule (it runs once even if other instances are asked too)."""
    run = _out_run(_upkeep(request).run_now(name, Actor.of(principal)))
    assert run is not None
    return run


_out_run = _run_out

route_handlers = [schedule_page, run_now_page, schedule_api, run_now_api]
