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
from typing import Any

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import record
from surgebench.domain.jobs.errors import JobCancelled, JobFailed
from surgebench.domain.jobs.registry_service import JobContext
from surgebench.domain.outcomes.service import HeldBack
from surgebench.domain.plans import approval_service as approval
from surgebench.domain.plans import backfill_service as backfill
from surgebench.domain.plans import repository, service
from surgebench.domain.plans.planning_service import asks_for
from surgebench.domain.plans.summary_service import summarise
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_service import build, problem_gzip
from surgebench.lib.errors import DomainError
from surgebench.lib.memory import paused_gc
from surgebench.lib.timing import Stopwatch
from surgebench.staffing.bench import Bench
from surgebench.staffing.plan import Plan as SolvedPlan
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
    watch = Stopwatch()
    with unit_of_work(context.engine, writes=False) as db, paused_gc():
        plan = repository.get(db, plan_id)
        if plan is None:
            raise JobFailed(f"Plan {plan_id} no longer exists.")
        views = surges.views(db, [pr.request_id for pr in repository.plan_requests(db, plan_id)])
        asks = asks_for(views, plan.overrides)
        watch.lap("read")
        held: list[HeldBack] = []
        problem = build(db, asks, today=context.clock.today(), held_back=held, watch=watch)
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
    watch.lap("read")
    context.stop_if_cancelled()
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
    watch.lap("solve")
    bench = Bench(problem)
    summary = summarise(problem, result, bench)
    watch.lap("summarise")
    outcome = {
        "plan_id": plan_id,
        "status": result.status,
        "assignments": len(result.assignments),
        "objective": result.objective,
    }
    document = problem_gzip(problem)
    gate = [h.to_json() for h in held]
    summary = {**summary, "rivals": rivals, "held_back": gate}
    _store(context, plan_id, result, document, summary, roles, outcome, watch)
    service.remember_problem(plan_id, problem, bench, result)  # this instance answers "why?" on it at once
    return outcome


def _store(
    context: JobContext,
    plan_id: int,
    result: SolvedPlan,
    problem: bytes,
    summary: dict[str, Any],
    roles: dict[tuple[str, str], tuple[int, int]],
    outcome: dict[str, Any],
    watch: Stopwatch,
) -> None:
    """The plan's results, its problem (``problem``: the contract's JSON, compressed) and the job's
    success, in one transaction: a worker that dies before it commits leaves nothing, and the instance
    that retakes the job writes them once. The stages' seconds
    (``watch``, its ``store`` lap up to the commit) go with the plan's summary and the job's outcome."""
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
        # level 1: a 200,000-person problem (69 MB) becomes 9.3 MB in 0.23 s of CPU; level 5 gives 6.5 MB in
        # 0.42 s. It is read only for downloads and "why?" elsewhere, so speed wins
        repository.store_documents(db, plan_id, problem, gzip.compress(plan_json, compresslevel=1))
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
        db.flush()
        watch.lap("store")
        plan.summary = {
            **summary,
            "solve_seconds": round(result.solve_seconds, 2),
            "infeasible_pins": pins,
            "seconds": watch.laps,
        }
        record(
            db,
            context.actor,
            "planned",
            "plan",
            plan_id,
            {"status": result.status, "assignments": len(rows), "objective": result.objective},
        )
        context.succeed_in(db, {**outcome, "seconds": watch.laps})


def _fail(context: JobContext, plan_id: int, message: str) -> None:
    with unit_of_work(context.engine) as db:
        plan = repository.get(db, plan_id, lock=True)
        if plan is not None and plan.status == "solving":
            plan.status, plan.error, plan.finished_at = "failed", message, context.clock.now()


# ------------------------------------------------------------------ backfill (see ``backfill_service``)


def solve_then_approve(context: JobContext) -> dict[str, Any]:
    """The plan job, and for an automatic backfill's plan its approval right after (so answers arriving
    meanwhile do not make it stale first). Should the instance stop in between, the next slot finds the
    plan ready and queues its approval (``backfill_ramps``)."""
    outcome = run_plan(context)
    plan_id = int(context.params["plan_id"])
    with unit_of_work(context.engine, writes=False) as db:
        plan = repository.get(db, plan_id)
        automatic = (
            plan is not None and plan.status == "ready" and (plan.overrides or {}).get("backfill") == "auto"
        )
    if automatic:
        outcome = {**outcome, "backfill": approve_backfill(context)}
    return outcome


def approve_backfill(context: JobContext) -> dict[str, Any]:
    """An automatic backfill's approval: the same re-check as a manager's, audited as the system's act.
    Refused (the bench changed, a newer answer made it outdated), it says why; the next slot plans again."""
    plan_id = int(context.params["plan_id"])
    try:
        done = approval.approve(context.engine, backfill.BACKFILL, plan_id, context.clock.now())
    except DomainError as exc:
        return {"plan_id": plan_id, "approved": False, "reason": exc.message}
    return {"plan_id": plan_id, "approved": True, "added": done.added, "kept": done.kept, "ended": done.ended}
