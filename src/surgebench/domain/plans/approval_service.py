"""Approving a plan: re-check every rule of the contract against the database as it is now, then write
the cycles' rosters; a cycle that has started becomes active at once, one that has not stays staffed (its
roster approved) until the daily calendar makes it active on its start date.

Prepared from a read, applied in a short write (as the imports are). The re-check — the problem built for
the plan's people and the independent ``check_plan`` on it, seconds for tens of thousands of people — runs
in a read-only unit of work (one snapshot), holding no lock. The writing transaction then locks the plan,
its requests and its people (always in that order, each in id order, so two approvals never wait on each
other in a circle), re-reads the same problem for those people and compares it with the one checked: the
same, the check holds and the roster is written (in batches); changed (someone was booked, offboarded or
re-vetted meanwhile, or another approval took people), it prepares again — the last try prepares under
the locks, so it always ends. Two program managers approving plans that share people at once: the second
waits for the first's locks, finds the problem changed, re-checks against the roster the first wrote and
refuses, naming the people it can no longer have. Nothing is written unless everything is.

Measured on the 200,000-person bench (``benchmarks/bench_approval.py``, 13,027 people): SQLite's write
lock was held 6.50 s when the whole re-check ran inside the write (27.8 s was seen for 22,278 people on
a busy machine, 2 s short of other writers' 503), 1.40 s now: the re-read, the comparison and the
writes."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.orm import Plan
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor, entry, record, record_many
from surgebench.domain.offers import service as offers
from surgebench.domain.plans import repository
from surgebench.domain.plans.errors import (
    AlreadyApproved,
    ApprovalConflict,
    PlanNotFound,
    PlanNotReady,
    PlanOutdated,
)
from surgebench.domain.plans.planning_service import asks_for
from surgebench.domain.plans.repository import PlanPerson
from surgebench.domain.plans.roster_service import take_off
from surgebench.domain.programs import service as programs
from surgebench.domain.surges import repository as requests
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_service import build_problem
from surgebench.domain.surges.service import RequestView
from surgebench.settings import FaultSettings, get_settings
from surgebench.staffing.bench import Bench
from surgebench.staffing.check import check_plan
from surgebench.staffing.objective import evaluate
from surgebench.staffing.plan import Assignment
from surgebench.staffing.plan import Plan as SolvedPlan
from surgebench.staffing.problem import parse_problem
from surgebench.staffing.shortfall import compute_shortfall

log = logging.getLogger("surgebench.plans")

_PERSON = re.compile(r"^(\d+)(?: -> \S+)?: (.*)$")
ATTEMPTS = 3
"""Prepare-then-apply tries; the last prepares under the write's locks (it cannot be overtaken)."""
BATCH = 5_000
"""Roster and audit rows written per statement."""


@dataclass(frozen=True)
class Approved:
    plan_id: int
    cycles: list[int]
    added: int
    kept: int
    ended: int


@dataclass(frozen=True)
class Checked:
    """What the re-check judged: the plan's people and the problem the rules were checked on (its hash)."""

    rows: list[PlanPerson]
    problem: str


class BenchChanged(Exception):
    """The problem for the plan's people changed between the re-check and the write: prepare again."""


def approve(
    engine: Engine, actor: Actor, plan_id: int, now: datetime, faults: FaultSettings | None = None
) -> Approved:
    """Approve the plan (all or nothing), or raise why not: ``PlanNotReady``, ``AlreadyApproved``,
    ``PlanOutdated``, ``ApprovalConflict`` naming the people the plan can no longer have."""
    for attempt in range(1, ATTEMPTS + 1):
        checked = None
        if attempt < ATTEMPTS:
            with unit_of_work(engine, writes=False) as db:
                _one_snapshot(db)
                checked = _prepare(db, plan_id, now.date())
        try:
            with unit_of_work(engine) as db:
                return _apply(db, actor, plan_id, checked, now, faults)
        except BenchChanged:
            log.info("approval of plan %s: the bench changed while it was checked; checking again", plan_id)
    raise AssertionError("unreachable: the last try checks under the locks")


def _one_snapshot(db: Session) -> None:
    """Every read of the prepare sees the database at one moment. SQLite's read transaction already does
    (WAL); PostgreSQL's default reads each statement's moment, so ask for a repeatable read."""
    if db.get_bind().dialect.name == "postgresql":
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _prepare(db: Session, plan_id: int, today: date) -> Checked:
    """The re-check, from a read: the plan as it stands, then every rule against the database."""
    plan = _approvable(repository.get(db, plan_id), plan_id)
    views = _current_requests(db, plan, [v.request for v in surges.views(db, _answered(db, plan_id))])
    rows = list(repository.people(db, plan_id))
    _starts_still_to_come(rows, plan.overrides, today)
    problem = _problem(db, views, rows, plan.overrides, today)
    _recheck(db, problem, rows)
    return Checked(rows, _digest(problem))


def _apply(
    db: Session,
    actor: Actor,
    plan_id: int,
    checked: Checked | None,
    now: datetime,
    faults: FaultSettings | None,
) -> Approved:
    """The write: lock, confirm nothing the re-check relied on changed (or re-check, with no ``checked``),
    write the rosters and move the cycles and requests on."""
    today = now.date()
    plan = _approvable(repository.get(db, plan_id, lock=True), plan_id)
    answered = _answered(db, plan_id)
    views = _current_requests(db, plan, requests.lock_many(db, answered))
    rows = checked.rows if checked is not None else list(repository.people(db, plan_id))
    repository.lock_specialists(db, {row.specialist_id for row in rows})
    problem = _problem(db, views, rows, plan.overrides, today)
    if checked is None:
        _starts_still_to_come(rows, plan.overrides, today)
        _recheck(db, problem, rows)
    elif _digest(problem) != checked.problem:
        raise BenchChanged(f"plan {plan_id}")
    added = kept = ended = 0
    audits: list[list[Any]] = []
    for v in views:
        seats = [row for row in rows if row.request_id == v.request.id]
        a, k, e = _write_roster(db, v, seats, plan_id, now, actor, audits)
        added, kept, ended = added + a, kept + k, ended + e
        # staffed now: active from its start date (at once, when it has started; else the daily cycle
        # calendar moves it on that day)
        if v.cycle.status == "planned":
            programs.advance_cycle(db, actor, v.cycle.id, "staffing", today)
        if v.cycle.status != "active" and v.cycle.starts_on <= today:
            programs.advance_cycle(db, actor, v.cycle.id, "active", today)
        v.request.status = "approved"
    record_many(db, audits)
    plan.status, plan.approved_at, plan.approved_by_id = "approved", now, actor.user_id
    db.flush()
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
    return Approved(plan_id, [v.cycle.id for v in views], added, kept, ended)


def _starts_still_to_come(rows: Sequence[PlanPerson], overrides: Any, today: date) -> None:
    """Nobody is written onto a roster from a day that has passed (a re-plan's kept people keep theirs)."""
    kept = {int(sid) for people in (overrides or {}).get("kept", {}).values() for sid, _day in people}
    late = sorted({r.starts_on for r in rows if r.starts_on < today and r.specialist_id not in kept})
    if late:
        raise PlanOutdated(
            f"This plan starts people on {', '.join(str(d) for d in late[:3])}"
            f"{' and later days' if len(late) > 3 else ''}, which have passed: plan again to start them "
            "on the ramp days still to come."
        )


def _approvable(plan: Plan | None, plan_id: int) -> Plan:
    if plan is None:
        raise PlanNotFound(f"There is no plan {plan_id}.")
    if plan.status == "approved":
        raise AlreadyApproved(f"Plan v{plan.version} is already approved.")
    if plan.status != "ready":
        raise PlanNotReady(f"Plan v{plan.version} is {plan.status}: only a finished plan can be approved.")
    if plan.solve_status == "infeasible":
        raise PlanNotReady("The pins of this plan cannot all be kept: change them and plan again.")
    return plan


def _answered(db: Session, plan_id: int) -> dict[int, int]:
    """Request id → the revision the plan answered."""
    return {pr.request_id: pr.request_revision for pr in repository.plan_requests(db, plan_id)}


def _current_requests(db: Session, plan: Plan, found: Sequence[Any]) -> list[RequestView]:
    """The plan's requests, each still as the plan answered it and the plan still its newest."""
    answered = _answered(db, plan.id)
    wanted = "approved" if plan.kind == "replan" else "open"
    for request in found:
        if request.status != wanted:
            raise PlanOutdated(
                f"Surge request {request.id} is {request.status}: this plan can no longer be approved."
            )
        if request.revision != answered[request.id]:
            raise PlanOutdated(
                f"Surge request {request.id} changed since this plan was made: plan again first."
            )
        latest = repository.latest_id(db, request.id)
        if latest != plan.id:
            raise PlanOutdated(
                f"A newer plan (#{latest}) exists for surge request {request.id}: approve that one, "
                "or plan again."
            )
    views = surges.views(db, sorted(answered))
    closed = [v for v in views if v.cycle.status == "closed"]
    if closed:
        raise PlanOutdated(
            f"Cycle {closed[0].cycle.number} of this plan has closed since it was made: "
            "a closed cycle's roster is history and takes no plan."
        )
    return views


def _problem(
    db: Session, views: list[RequestView], rows: list[PlanPerson], overrides: Any, today: date
) -> dict[str, Any]:
    """The contract's problem for just the plan's people, as the database stands."""
    people = {r.specialist_id for r in rows}
    return build_problem(db, asks_for(views, overrides), people=people, today=today)


def _digest(problem: dict[str, Any]) -> str:
    """Two problems with the same digest are the same problem (so the same check holds for both)."""
    return hashlib.sha256(json.dumps(problem, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _recheck(db: Session, document: dict[str, Any], rows: list[PlanPerson]) -> None:
    """The contract's rules, checked by the independent checker on the problem as the database holds it."""
    problem = parse_problem(document)
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
    db: Session, v: Any, seats: list, plan_id: int, now: datetime, actor: Actor, audits: list[list[Any]]
) -> tuple[int, int, int]:
    """The cycle's roster becomes the plan's people, each on the start date the plan gives them: new ones
    added, people still on it kept (a re-plan keeps their approved start, so the two agree; one not yet
    started whom the plan moves takes the plan's day), people the plan no longer holds taken off today
    (withdrawn if they had not started). Every new seat gets its offer (``offers.service``): the row
    holds the seat while the person decides, and is withdrawn if they decline or let it expire."""
    today = now.date()
    roles = {r.id: r for r in v.roles}
    resumed: dict[int, int] = {}
    taken_off: list[int] = []
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
            resumed[sid] = current.id
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
            changes = take_off(engagement, today, "not in the approved re-plan", v.cycle.ends_on)
            taken_off.append(engagement.id)
            audits.append(
                _audit(actor, now, "end", engagement.id, {**changes, "reason": engagement.end_reason})
            )
            ended += 1
    for start in range(0, len(inserts), BATCH):
        repository.insert_engagements(db, inserts[start : start + BATCH])
    created = repository.engagement_ids(db, v.cycle.id) if inserts else {}
    audits += [
        _audit(
            actor,
            now,
            "create",
            created[row["specialist_id"]],
            {
                k: row[k]
                for k in ("specialist_id", "skill_id", "level", "weekly_hours", "starts_on", "role_id")
            },
        )
        for row in inserts
    ]
    db.flush()
    ids = {**{row["specialist_id"]: created[row["specialist_id"]] for row in inserts}, **resumed}
    new_seats = [_new_seat(ids[sid], planned[sid], roles[planned[sid].role_id]) for sid in ids]
    offers.offer_seats(db, actor, v, new_seats, plan_id, now, get_settings().mail.public_url)
    offers.withdraw_seats(db, taken_off, now)
    return added, kept, ended


def _new_seat(engagement_id: int, row: PlanPerson, role: Any) -> offers.NewSeat:
    return offers.NewSeat(
        engagement_id=engagement_id,
        specialist_id=row.specialist_id,
        full_name=row.full_name,
        email=row.email,
        role_id=role.id,
        skill_id=role.skill_id,
        level=role.min_level,
        starts_on=row.starts_on,
        weekly_hours=role.hours_per_week,
        hourly_rate_cents=row.hourly_rate_cents,
        returning=row.returning,
    )


def _audit(
    actor: Actor, now: datetime, action: str, engagement_id: int, changes: dict[str, Any]
) -> list[Any]:
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in changes.items()}
    return entry(actor, now, action, "engagement", engagement_id, plain)
