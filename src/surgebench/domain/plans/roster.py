"""Keeping an approved team whole: who on the roster can no longer work (offboarded, suspended, vetting
lapsing before the cycle ends), removing a person with a reason, and the re-plan that fills their seats
without moving anyone still eligible (they are pinned to their roles; newcomers start from a new ramp).
The re-plan goes through the same approval as any plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from surgebench.db.orm import Engagement, Plan
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.plans import repository
from surgebench.domain.plans.errors import NothingToReplan
from surgebench.domain.plans.planning import start_plan
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.errors import RequestNotOpen
from surgebench.domain.surges.request_input import working_days
from surgebench.domain.surges.service import RequestView

REPLAN_RAMP_DAYS = 5


@dataclass(frozen=True)
class RosterMember:
    engagement: Engagement
    full_name: str
    role_key: str | None
    problem: str | None
    """Why the person can no longer work this cycle, or None."""


def members(db: Session, v: RequestView, today: date) -> list[RosterMember]:
    """The cycle's running roster (people removed by hand are off it), each with the reason they drop
    out, if any."""
    removed = {e.specialist_id for e in v.exclusions}
    running = [e for e in repository.running_roster(db, v.cycle.id, today) if e.specialist_id not in removed]
    people = {p.id: p for p in specialists.load_in_order(db, [e.specialist_id for e in running])}
    keys = {r.id: r.key for r in v.roles}
    found = []
    for e in running:
        person = people.get(e.specialist_id)
        problem = None
        if person is None:
            problem = "no longer on the bench"
        elif person.status in ("offboarded", "suspended"):
            problem = person.status
        elif person.status != "vetted":
            problem = f"status {person.status}"
        elif person.vetting_expires is not None and person.vetting_expires < v.cycle.ends_on:
            problem = f"vetting lapses on {person.vetting_expires}, before the cycle ends ({v.cycle.ends_on})"
        found.append(RosterMember(e, person.full_name if person else "?", keys.get(e.role_id or -1), problem))
    found.sort(key=lambda m: (m.problem is None, m.full_name))
    return found


def remove(db: Session, actor: Actor, request_id: int, specialist_id: int, reason: str, today: date) -> None:
    """Take a person off an approved roster: their engagement ends today, they are excluded from the
    request (so a re-plan does not bring them back), and why is kept."""
    v = surges.view(db, request_id)
    if v.request.status != "approved":
        raise RequestNotOpen("Only an approved roster has people to remove.")
    engagement = repository.roster(db, v.cycle.id).get(specialist_id)
    if engagement is None or (engagement.ends_on is not None and engagement.ends_on < today):
        raise NothingToReplan("That person is not on this cycle's roster.")
    engagement.ends_on = max(today, engagement.starts_on)
    surges.exclude_person(db, actor, request_id, specialist_id, reason, statuses=("approved",))
    record(
        db, actor, "remove", "engagement", engagement.id, {"ends_on": engagement.ends_on, "reason": reason}
    )


def replan(
    db: Session,
    actor: Actor,
    request_id: int,
    today: date,
    *,
    time_limit: float,
    ramp_start: date | None = None,
) -> Plan:
    """A new plan version that keeps every roster member still eligible on their role and fills the
    rest: newcomers start over a ramp of five working days from ``ramp_start`` (default: tomorrow)."""
    v = surges.view(db, request_id)
    roster = members(db, v, today)
    kept = [m for m in roster if m.problem is None and m.role_key is not None]
    asked = sum(r.headcount for r in v.roles)
    if len(kept) >= asked and not any(m.problem for m in roster):
        raise NothingToReplan("Every seat is held by someone still eligible: there is nothing to re-plan.")
    first = max(ramp_start or today + timedelta(days=1), today)
    days = [d for d in working_days(first, REPLAN_RAMP_DAYS) if d <= v.cycle.ends_on] or [v.cycle.ends_on]
    daily = max((d.onboarding_capacity for d in v.ramp), default=1)
    # people already on the roster need no onboarding, but the contract only knows "returning from the
    # cycle before": room is made for the ones who are not, on the first day
    previous = repository.roster_of_number(db, v.cycle.program.id, v.cycle.number - 1)
    newcomers_kept = sum(1 for m in kept if m.engagement.specialist_id not in previous)
    ramp = [[d.isoformat(), daily + (newcomers_kept if i == 0 else 0)] for i, d in enumerate(days)]
    overrides = {
        "pins": {str(request_id): [[m.engagement.specialist_id, m.role_key] for m in kept]},
        "ramp": {str(request_id): ramp},
    }
    return start_plan(db, actor, request_id, time_limit=time_limit, kind="replan", overrides=overrides)
