"""Planning is bounded: a request has one plan in flight (a new one supersedes the one still queued or
solving), a user has at most ``PLANS_PER_USER``, and a cancelled request's plans stop — queued ones never
run, a solving one stops at its next progress report with nothing of it written. Proven through the
plans' and jobs' rows, never through timing."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine, func, select

from surgebench.db.orm import Job, Plan, PlanAssignment, PlanDocument
from surgebench.db.session import unit_of_work
from surgebench.domain.jobs import service as jobs
from surgebench.domain.jobs.progress_service import ProgressReporter
from surgebench.domain.jobs.registry_service import JobContext
from surgebench.domain.plans import jobs as plan_jobs
from surgebench.domain.programs.service import create_program
from surgebench.lib.clock import FixedClock
from surgebench.settings import SolveSettings
from tests.conftest import TODAY
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, run_jobs

LIMIT = SolveSettings().plans_per_user


def _plans(engine: Engine) -> dict[int, tuple[str, str | None, str | None, Any]]:
    """Plan id → (plan status, its error, its job's status, when its job started)."""
    with unit_of_work(engine, writes=False) as db:
        rows = db.execute(
            select(Plan.id, Plan.status, Plan.error, Job.status, Job.started_at).join(
                Job, Job.id == Plan.job_id
            )
        )
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in rows}


def _requests_on_programs(engine: Engine, count: int) -> list[int]:
    orion = orion_with_history(engine)
    ids = [create_request(engine, orion.program_id)]
    for n in range(count - 1):
        with unit_of_work(engine) as db:
            program = create_program(db, PM, "aurora-labs", f"model-{n}")
        ids.append(create_request(engine, program.id))
    return ids


def test_a_new_plan_supersedes_the_requests_plan_still_queued_whose_job_never_runs(engine, api_as) -> None:
    pm = api_as("program_manager")
    request_id = _requests_on_programs(engine, 1)[0]
    first = pm.post(f"/api/surges/{request_id}/plans")
    second = pm.post(f"/api/surges/{request_id}/plans")
    assert (first.status_code, second.status_code) == (202, 202)
    old, new = first.json()["id"], second.json()["id"]

    run_jobs(engine)

    plans = _plans(engine)
    status, error, job_status, started = plans[old]
    assert (status, job_status, started) == ("cancelled", "cancelled", None)
    assert error is not None and "superseded" in error.lower() and "v2" in error
    assert plans[new][0] == "ready" and plans[new][2] == "succeeded"
    page = pm.get(f"/api/plans/{old}").json()
    assert page["status"] == "cancelled" and "superseded" in page["error"].lower()


def test_forty_plans_in_a_burst_leave_one_per_request_and_no_more_than_the_users_limit(
    engine, api_as
) -> None:
    pm = api_as("program_manager")
    requests = _requests_on_programs(engine, 8)
    answers = [pm.post(f"/api/surges/{rid}/plans") for _ in range(5) for rid in requests]

    accepted = [a for a in answers if a.status_code == 202]
    refused = [a for a in answers if a.status_code == 429]
    assert len(accepted) + len(refused) == 40, sorted({a.status_code for a in answers})
    planned = {a.json()["request_id"] for a in accepted}
    assert len(planned) == LIMIT  # the first LIMIT requests; the others were refused every time
    body = refused[0].json()
    assert body["error"] == "too_many_plans" and f"{LIMIT} at once" in body["message"]
    assert body["details"] == {"limit": LIMIT, "in_flight": LIMIT}
    assert int(refused[0].headers["Retry-After"]) > 0
    in_flight = [p for p, (status, *_rest) in _plans(engine).items() if status == "solving"]
    assert len(in_flight) == LIMIT

    run_jobs(engine)

    plans = _plans(engine)
    ran = [p for p, (_s, _e, _j, started) in plans.items() if started is not None]
    assert sorted(ran) == sorted(in_flight)  # one solve per request, each the newest plan of it
    assert all(plans[p][:1] == ("cancelled",) and plans[p][2] == "cancelled" for p in plans if p not in ran)
    assert pm.post(f"/api/surges/{requests[-1]}/plans").status_code == 202  # room again once they ended


def test_cancelling_a_request_stops_its_queued_plan_before_it_runs(engine, api_as) -> None:
    pm = api_as("program_manager")
    request_id = _requests_on_programs(engine, 1)[0]
    plan_id = pm.post(f"/api/surges/{request_id}/plans").json()["id"]

    assert pm.post(f"/api/surges/{request_id}/cancel").status_code == 200
    run_jobs(engine)

    status, error, job_status, started = _plans(engine)[plan_id]
    assert (status, job_status, started) == ("cancelled", "cancelled", None)
    assert error is not None and f"request {request_id} was cancelled" in error


class _CancelAtFirstLevel(ProgressReporter):
    """The manager cancels the request the moment the solve reports its first level."""

    def __init__(self, base: ProgressReporter, cancel: Any) -> None:
        super().__init__(base.engine, base.job_id, base.worker)
        self.cancel = cancel
        self.cancelled = False

    def update(self, **values: Any) -> None:
        super().update(**values)
        if "level" in values and not self.cancelled:
            self.cancelled = True
            self.cancel()


def test_cancelling_a_request_stops_its_solving_plan_with_nothing_written(engine, api_as) -> None:
    pm = api_as("program_manager")
    request_id = _requests_on_programs(engine, 1)[0]
    plan_id = pm.post(f"/api/surges/{request_id}/plans").json()["id"]
    with unit_of_work(engine, writes=False) as db:
        job_id = db.scalar(select(Plan.job_id).where(Plan.id == plan_id))
    hooked: list[_CancelAtFirstLevel] = []

    def cancel() -> None:
        assert pm.post(f"/api/surges/{request_id}/cancel").status_code == 200

    def run_plan(context: JobContext) -> dict[str, Any]:
        hooked.append(_CancelAtFirstLevel(context.progress, cancel))
        return plan_jobs.run_plan(dataclasses.replace(context, progress=hooked[0]))

    assert jobs.run_job(engine, job_id, run_plan, clock=FixedClock(TODAY))

    assert hooked[0].cancelled  # the solve was under way when the request was cancelled
    status, error, job_status, _started = _plans(engine)[plan_id]
    assert (status, job_status) == ("cancelled", "cancelled")
    assert error is not None and "cancelled" in error
    with unit_of_work(engine, writes=False) as db:
        job = db.get(Job, job_id)
        assert job is not None and job.outcome == {"cancelled": error}
        assert db.scalar(select(func.count()).select_from(PlanAssignment)) == 0
        assert db.scalar(select(PlanDocument.plan).where(PlanDocument.plan_id == plan_id)) is None
    assert len(hooked[0].values["levels"]) < 5  # the solve stopped before its last level
    run_jobs(engine)  # nothing is left for any runner
    assert _plans(engine)[plan_id][:1] == ("cancelled",)
