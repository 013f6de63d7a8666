"""The solve job: build the problem from the database, keep it, solve it off the web workers with the
level, best value and bound written as progress, and store the plan (its assignments as rows for the
pages, the solver's own JSON for download, the figures a manager reads). Thin on purpose: each step is a
service or the solver.

A plan stopped meanwhile (superseded, or its request cancelled: ``queue``) stops the job: checked before
the build, at every progress report of the solve (the solver calls it within and between levels), and
under the plan's lock before anything is stored, so a stopped plan never gets half a result."""

from __future__ import annotations

import gzip
import json
import logging
import time
from typing import Any

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import record
from surgebench.domain.jobs.errors import JobCancelled, JobFailed
from surgebench.domain.jobs.registry import JobContext
from surgebench.domain.outcomes.service import HeldBack
from surgebench.domain.plans import repository
from surgebench.domain.plans.planning import asks_for
from surgebench.domain.plans.summary import summarise
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_source import build_problem
from surgebench.staffing.plan import Plan as SolvedPlan
from surgebench.staffing.problem import parse_problem
from surgebench.staffing.settings import DEFAULT_TIME_LIMIT
from surgebench.staffing.solve import ProgressEvent, solve

log = logging.getLogger("surgebench.plans")


def run_plan(context: JobContext) -> dict[str, Any]:
    plan_id = int(context.params["plan_id"])
    try:
        return _run(context, plan_id)
    except JobCancelled:
        raise
    except JobFailed as exc:
        _fail(context, plan_id, exc.message)
        raise
    except Exception as exc:
        log.exception("plan %s failed", plan_id)
        _fail(context, plan_id, f"The solve stopped on an unexpected error: {exc}")
        raise


def _run(context: JobContext, plan_id: int) -> dict[str, Any]:
    progress = context.progress
    context.stop_if_cancelled()
    progress.update(phase="building the problem")
    clock = _Stopwatch()
    with unit_of_work(context.engine, writes=False) as db:
        plan = repository.get(db, plan_id)
        if plan is None:
            raise JobFailed(f"Plan {plan_id} no longer exists.")
        views = surges.views(db, [pr.request_id for pr in repository.plan_requests(db, plan_id)])
        held: list[HeldBack] = []
        problem_doc = build_problem(
            db, asks_for(views, plan.overrides), today=context.clock.today(), held_back=held
        )
        roles = {(f"R{v.request.id}", r.key): (v.request.id, r.id) for v in views for r in v.roles}
        rivals = {
            f"R{v.request.id}": [
                {
                    "client": t.client_slug,
                    "client_name": t.client_name,
                    "cooldown_days": t.cooldown_days,
                    "sources": list(t.sources),
                }
                for t in v.rivals
            ]
            for v in views
        }
    clock.lap("build")
    context.stop_if_cancelled()
    encoded = json.dumps(problem_doc, separators=(",", ":")).encode()
    with unit_of_work(context.engine) as db:
        # level 1: a 200,000-person problem (65 MB) becomes 9.3 MB in 0.23 s of CPU; level 5 gives 6.5 MB in
        # 0.42 s. It is read only for downloads and "why?", so speed wins
        repository.store_document(db, plan_id, gzip.compress(encoded, compresslevel=1))
    clock.lap("store_problem")
    problem = parse_problem(problem_doc)
    del problem_doc, encoded
    clock.lap("validate")
    seats = sum(role.headcount for request in problem.requests for role in request.roles)
    progress.update(phase="solving", people=len(problem.specialists), seats=seats, levels=[])
    finished: list[dict[str, Any]] = []

    def report(event: ProgressEvent) -> None:
        context.stop_if_cancelled()  # raised through the solver: the solve ends here
        if event.proven:
            finished.append({"level": event.level, "value": event.best, "bound": event.bound})
        progress.update(
            level=event.level,
            best=event.best,
            bound=event.bound,
            elapsed=round(event.elapsed, 2),
            levels=list(finished),
        )

    result = solve(
        problem, time_limit=float(context.params.get("time_limit", DEFAULT_TIME_LIMIT)), progress=report
    )
    clock.lap("solve")
    summary = summarise(problem, result)
    clock.lap("summarise")
    progress.update(phase="done", seconds=clock.laps)
    outcome = {
        "plan_id": plan_id,
        "status": result.status,
        "assignments": len(result.assignments),
        "objective": result.objective,
        "seconds": clock.laps,
    }
    gate = [h.to_json() for h in held]
    _store(
        context,
        plan_id,
        result,
        {**summary, "rivals": rivals, "held_back": gate, "seconds": clock.laps},
        roles,
        outcome,
    )
    return outcome


class _Stopwatch:
    """Seconds per step of the job, kept with the plan: where the time goes on a large bench."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 2)
        self._last = now


def _store(
    context: JobContext,
    plan_id: int,
    result: SolvedPlan,
    summary: dict[str, Any],
    roles: dict[tuple[str, str], tuple[int, int]],
    outcome: dict[str, Any],
) -> None:
    """The plan's results and the job's success, in one transaction: a worker that dies before it
    commits leaves nothing, and the instance that retakes the job writes them once."""
    rows = []
    for a in result.assignments:
        request_id, role_id = roles[(a.request, a.role)]
        rows.append(
            {
                "plan_id": plan_id,
                "request_id": request_id,
                "specialist_id": int(a.specialist),
                "role_id": role_id,
                "starts_on": a.start,
                "is_returning": a.returning,
            }
        )
    plan_json = json.dumps(result.to_json(), separators=(",", ":")).encode()
    with unit_of_work(context.engine) as db:
        context.still_held(db)
        plan = repository.get(db, plan_id, lock=True)
        assert plan is not None
        if plan.status != "solving":  # stopped while it solved: store nothing
            raise JobCancelled(
                plan.error or f"Plan {plan_id} was {plan.status} before its result was stored."
            )
        repository.insert_assignments(db, rows)
        repository.set_plan_document(db, plan_id, gzip.compress(plan_json, compresslevel=1))
        plan.status, plan.solve_status, plan.finished_at = "ready", result.status, context.clock.now()
        pins = [p.to_json() for p in result.infeasible_pins]
        if result.status == "infeasible":
            # a plan that keeps no rule is never ready: it failed, and says whose pins broke which rule
            names = repository.names(db, {int(p["specialist"]) for p in pins})
            for pin in pins:
                pin["full_name"] = names.get(int(pin["specialist"]), pin["specialist"])
            plan.status = "failed"
            plan.error = "These pins cannot all be kept: " + "; ".join(
                f"{p['full_name']} → {p['role']} ({p['reason']})" for p in pins
            )
        plan.objective, plan.shortfall = (
            dict(result.objective or {}),
            [s.to_json() for s in result.shortfall or ()],
        )
        plan.levels = [level.to_json() for level in result.levels]
        plan.summary = {
            **summary,
            "solve_seconds": round(result.solve_seconds, 2),
            "infeasible_pins": pins,
        }
        record(
            db,
            context.actor,
            "planned",
            "plan",
            plan_id,
            {"status": result.status, "assignments": len(rows), "objective": result.objective},
        )
        context.succeed_in(db, outcome)


def _fail(context: JobContext, plan_id: int, message: str) -> None:
    with unit_of_work(context.engine) as db:
        plan = repository.get(db, plan_id, lock=True)
        if plan is not None and plan.status == "solving":
            plan.status, plan.error, plan.finished_at = "failed", message, context.clock.now()
