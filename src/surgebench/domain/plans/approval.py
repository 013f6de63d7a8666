"""Approving a plan: in one transaction, re-check every rule of the contract against the database as it
is now, then write the cycles' rosters; a cycle that has started becomes active at once, one that has
not stays staffed (its roster approved) until the daily calendar makes it active on its start date.

Two program managers approving plans that share people at the same moment must not double-book anyone.
Each approval locks its requests, then its people, always in id order (so two approvals never wait on
each other in a circle); the second waits until the first commits, then re-checks against the roster
the first wrote, and refuses with the people it can no longer have. On SQLite the write transaction
itself is the lock (it is taken when the transaction begins). Nothing is written unless everything is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from surgebench.db.orm import AuditEntry, Engagement
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.plans import repository
from surgebench.domain.plans.errors import (
    AlreadyApproved,
    ApprovalConflict,
    PlanNotFound,
    PlanNotReady,
    PlanOutdated,
)
from surgebench.domain.plans.planning import asks_for
from surgebench.domain.plans.roster import take_off
from surgebench.domain.programs import service as programs
from surgebench.domain.surges import repository as requests
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_source import build_problem
from surgebench.settings import FaultSettings
from surgebench.staffing.bench import Bench
from surgebench.staffing.check import check_plan
from surgebench.staffing.objective import evaluate
from surgebench.staffing.plan import Assignment
from surgebench.staffing.plan import Plan as SolvedPlan
from surgebench.staffing.problem import parse_problem
from surgebench.staffing.shortfall import compute_shortfall

_PERSON = re.compile(r"^(\d+)(?: -> \S+)?: (.*)$")


@dataclass(frozen=True)
class Approved:
    plan_id: int
    cycles: list[int]
    added: int
    kept: int
    ended: int


def approve(
    db: Session, actor: Actor, plan_id: int, now: datetime, faults: FaultSettings | None = None
) -> Approved:
    plan = repository.get(db, plan_id, lock=True)
    if plan is None:
        raise PlanNotFound(f"There is no plan {plan_id}.")
    if plan.status == "approved":
        raise AlreadyApproved(f"Plan v{plan.version} is already approved.")
    if plan.status != "ready":
        raise PlanNotReady(f"Plan v{plan.version} is {plan.status}: only a finished plan can be approved.")
    if plan.solve_status == "infeasible":
        raise PlanNotReady("The pins of this plan cannot all be kept: change them and plan again.")
    answered = {pr.request_id: pr.request_revision for pr in repository.plan_requests(db, plan_id)}
    locked = requests.lock_many(db, answered)
    wanted = "approved" if plan.kind == "replan" else "open"
    for request in locked:
        if request.status != wanted:
            raise PlanOutdated(
                f"Surge request {request.id} is {request.status}: this plan can no longer be approved."
            )
        if request.revision != answered[request.id]:
            raise PlanOutdated(
                f"Surge request {request.id} changed since this plan was made: plan again first."
            )
        latest = repository.latest_id(db, request.id)
        if latest != plan_id:
            raise PlanOutdated(
                f"A newer plan (#{latest}) exists for surge request {request.id}: approve that one, "
                "or plan again."
            )
    views = surges.views(db, sorted(answered))
    rows = list(repository.people(db, plan_id))
    people = {row.specialist_id for row in rows}
    repository.lock_specialists(db, people)
    _starts_still_to_come(rows, plan.overrides, now.date())
    _recheck(db, views, rows, plan.overrides, now.date())
    today = now.date()
    added = kept = ended = 0
    audits: list[dict[str, Any]] = []
    for v in views:
        seats = [row for row in rows if row.request_id == v.request.id]
        a, k, e = _write_roster(db, v, seats, today, now, actor, audits)
        added, kept, ended = added + a, kept + k, ended + e
        # staffed now: active from its start date (at once, when it has started; else the daily cycle
        # calendar moves it on that day)
        if v.cycle.status == "planned":
            programs.advance_cycle(db, actor, v.cycle.id, "staffing", today)
        if v.cycle.status != "active" and v.cycle.starts_on <= today:
            programs.advance_cycle(db, actor, v.cycle.id, "active", today)
        v.request.status = "approved"
    if audits:
        db.execute(insert(AuditEntry), audits)
    plan.status, plan.approved_at, plan.approved_by_id = "approved", now, actor.user_id
    db.flush()
    cycles = [v.cycle.id for v in views]
    record(
        db,
        actor,
        "approve",
        "plan",
        plan_id,
        {"version": plan.version, "requests": sorted(answered), "added": added, "kept": kept, "ended": ended},
    )
    if faults is not None:
        faults.pause("approval")  # the crash tests kill the instance here, before the commit
    return Approved(plan_id, cycles, added, kept, ended)


def _starts_still_to_come(rows: list, overrides: Any, today: date) -> None:  # type: ignore[type-arg]
    """Nobody is written onto a roster from a day that has passed (a re-plan's kept people keep theirs)."""
    kept = {int(sid) for people in (overrides or {}).get("kept", {}).values() for sid, _day in people}
    late = sorted({r.starts_on for r in rows if r.starts_on < today and r.specialist_id not in kept})
    if late:
        raise PlanOutdated(
            f"This plan starts people on {', '.join(str(d) for d in late[:3])}"
            f"{' and later days' if len(late) > 3 else ''}, which have passed: plan again to start them "
            "on the ramp days still to come."
        )


def _recheck(db: Session, views: list, rows: list, overrides: Any, today: date) -> None:  # type: ignore[type-arg]
    """The contract's rules, checked by the independent checker against the database as it is now."""
    people = {r.specialist_id for r in rows}
    problem = parse_problem(build_problem(db, asks_for(views, overrides), people=people, today=today))
    keys = {r.role_id: r.role_key for r in rows}
    assignments = tuple(
        Assignment(str(r.specialist_id), f"R{r.request_id}", keys[r.role_id], r.starts_on, r.returning)
        for r in rows
    )
    bench = Bench(problem)
    plan = SolvedPlan(
        "feasible", assignments, evaluate(problem, assignments), tuple(compute_shortfall(bench, assignments))
    )
    report = check_plan(problem, plan)
    if report.ok:
        return
    names = repository.names(db, {r.specialist_id for r in rows})
    people: dict[int, list[str]] = {}
    general: list[str] = []
    for line in report.violations:
        match = _PERSON.match(line)
        if match and int(match[1]) in names:
            people.setdefault(int(match[1]), []).append(match[2])
        else:
            general.append(line)
    details = [
        {"specialist_id": sid, "full_name": names[sid], "problem": "; ".join(problems)}
        for sid, problems in sorted(people.items(), key=lambda item: names[item[0]])
    ]
    who = ", ".join(d["full_name"] for d in details[:10]) + (
        f" and {len(details) - 10} more" if len(details) > 10 else ""
    )
    message = (
        f"Since this plan was made the bench changed: {who or 'the plan'} can no longer be placed as planned "
        "(booked elsewhere, offboarded or re-vetted). Plan again to fill their seats."
    )
    raise ApprovalConflict(message, details={"people": details, "other": general})


def _write_roster(
    db: Session, v: Any, seats: list, today: date, now: datetime, actor: Actor, audits: list[dict[str, Any]]
) -> tuple[int, int, int]:
    """The cycle's roster becomes the plan's people, each on the start date the plan gives them: new ones
    added, people still on it kept (a re-plan keeps their approved start, so the two agree; one not yet
    started whom the plan moves takes the plan's day), people the plan no longer holds taken off today
    (withdrawn if they had not started)."""
    roles = {r.id: r for r in v.roles}
    existing = repository.roster(db, v.cycle.id)
    planned = {row.specialist_id: row for row in seats}
    added = kept = ended = 0
    inserts = []
    for sid, row in planned.items():
        role = roles[row.role_id]
        current = existing.get(sid)
        if (
            current is not None
            and current.withdrawn_on is None
            and (current.ends_on is None or current.ends_on >= today)
        ):
            kept += 1
            if current.starts_on != row.starts_on and current.starts_on > today:
                audits.append(_audit(actor, now, "move", current.id, {"starts_on": row.starts_on}))
                current.starts_on = row.starts_on
            continue
        values = {
            "skill_id": role.skill_id,
            "level": role.min_level,
            "weekly_hours": role.hours_per_week,
            "starts_on": row.starts_on,
            "ends_on": None,
            "withdrawn_on": None,
            "end_reason": None,
            "role_id": role.id,
        }
        if current is not None:  # back on a roster they had left: the same engagement resumes
            for name, value in values.items():
                setattr(current, name, value)
            audits.append(_audit(actor, now, "resume", current.id, values))
        else:
            inserts.append(
                {"cycle_id": v.cycle.id, "specialist_id": sid, "created_at": now, "updated_at": now, **values}
            )
        added += 1
    for sid, engagement in existing.items():
        on_team = engagement.withdrawn_on is None and (
            engagement.ends_on is None or engagement.ends_on >= today
        )
        if sid not in planned and on_team:
            changes = take_off(engagement, today, "not in the approved re-plan")
            audits.append(
                _audit(actor, now, "end", engagement.id, {**changes, "reason": engagement.end_reason})
            )
            ended += 1
    if inserts:
        db.execute(insert(Engagement), inserts)
        ids = repository.roster(db, v.cycle.id)
        audits += [
            _audit(
                actor,
                now,
                "create",
                ids[row["specialist_id"]].id,
                {
                    k: row[k]
                    for k in ("specialist_id", "skill_id", "level", "weekly_hours", "starts_on", "role_id")
                },
            )
            for row in inserts
        ]
    db.flush()
    return added, kept, ended


def _audit(
    actor: Actor, now: datetime, action: str, engagement_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in changes.items()}
    return {
        "at": now,
        "actor_id": actor.user_id,
        "actor_label": actor.label,
        "action": action,
        "entity_type": "engagement",
        "entity_id": str(engagement_id),
        "changes": plain,
    }
