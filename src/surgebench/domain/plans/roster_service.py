"""Keeping an approved team whole: who on the roster can no longer work (offboarded, suspended, vetting
lapsing before the cycle ends), removing a person with a reason, and the re-plan that fills their seats
without moving anyone still eligible (they are pinned to their roles; newcomers start from a new ramp).
The re-plan goes through the same approval as any plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Engagement, Plan
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.offers import service as offers
from surgebench.domain.plans import repository
from surgebench.domain.plans.errors import NothingToReplan
from surgebench.domain.plans.planning_service import start_plan
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.errors import RequestNotOpen
from surgebench.domain.surges.request_schemas import working_days
from surgebench.domain.surges.service import RequestView
from surgebench.settings import SolveSettings

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
    """Take a person off an approved roster, and exclude them from the request (so a re-plan does not
    bring them back), keeping why. Someone who never started was never on the team: the engagement is
    withdrawn. Someone who started and leaves ends today."""
    v = surges.view(db, request_id)
    if v.request.status != "approved":
        raise RequestNotOpen("Only an approved roster has people to remove.")
    engagement = repository.roster(db, v.cycle.id).get(specialist_id)
    if engagement is None or not _on_roster(engagement, today):
        raise NothingToReplan("That person is not on this cycle's roster.")
    surges.exclude_person(db, actor, request_id, specialist_id, reason, statuses=("approved",))
    why = f"removed: {reason}" if str(reason or "").strip() else "removed"
    changes = take_off(engagement, today, why, v.cycle.ends_on)
    offers.withdraw_seats(db, [engagement.id], datetime.combine(today, time(0), tzinfo=UTC))
    record(db, actor, "remove", "engagement", engagement.id, {**changes, "reason": reason})


def _on_roster(engagement: Engagement, today: date) -> bool:
    return engagement.withdrawn_on is None and (engagement.ends_on is None or engagement.ends_on >= today)


def take_off(engagement: Engagement, today: date, reason: str, cycle_ends_on: date) -> dict[str, object]:
    """End a roster member's engagement today, or withdraw it when they had not started yet (then they
    were never on the team: no history, no continuity, no hours). An engagement never outlasts its cycle:
    when the cycle has ended (and the calendar has not closed it yet), it ends on the cycle's last day.
    Returns what changed, for the audit."""
    engagement.end_reason = reason[:500]
    if engagement.starts_on > today:
        engagement.withdrawn_on = today
        return {"withdrawn_on": today.isoformat(), "starts_on": engagement.starts_on.isoformat()}
    engagement.ends_on = min(today, cycle_ends_on)
    return {"ends_on": engagement.ends_on.isoformat()}


def replan(
    db: Session,
    actor: Actor,
    request_id: int,
    today: date,
    *,
    time_limit: float,
    ramp_start: date | None = None,
    limits: SolveSettings | None = None,
    marks: Mapping[str, Any] | None = None,
) -> Plan:
    """A new plan version that keeps every roster member still eligible on their role and their approved
    start date, and fills the rest. Newcomers start on the request's ramp days still to come (from today)
    with the capacity those days have left; when none is left, or when ``ramp_start`` is given, over five
    working days from then, never before the cycle starts nor after it ends."""
    v = surges.view(db, request_id)
    if v.cycle.status == "closed":
        raise NothingToReplan(
            f"Cycle {v.cycle.number} has closed: its roster is history and takes no re-plan."
        )
    roster = members(db, v, today)
    kept = [m for m in roster if m.problem is None and m.role_key is not None]
    asked = sum(r.headcount for r in v.roles)
    if len(kept) >= asked and not any(m.problem for m in roster):
        raise NothingToReplan("Every seat is held by someone still eligible: there is nothing to re-plan.")
    overrides = {
        "pins": {str(request_id): [[m.engagement.specialist_id, m.role_key] for m in kept]},
        "ramp": {str(request_id): _replan_ramp(db, v, kept, today, ramp_start)},
        "kept": {
            str(request_id): [[m.engagement.specialist_id, m.engagement.starts_on.isoformat()] for m in kept]
        },
        **(marks or {}),
    }
    return start_plan(
        db, actor, request_id, time_limit=time_limit, kind="replan", overrides=overrides, limits=limits
    )


def _replan_ramp(
    db: Session, v: RequestView, kept: list[RosterMember], today: date, ramp_start: date | None
) -> list[list[object]]:
    """The re-plan's ramp: every day a kept newcomer started (or will start) on, with room for just them
    when the day has passed, and the days still to come with the capacity the request gave them. Kept
    people who worked the cycle before need no onboarding and take no room."""
    previous = repository.roster_of_number(db, v.cycle.program.id, v.cycle.number - 1)
    kept_newcomers: dict[date, int] = {}
    for m in kept:
        if m.engagement.specialist_id not in previous:
            kept_newcomers[m.engagement.starts_on] = kept_newcomers.get(m.engagement.starts_on, 0) + 1
    capacity = {d.day: d.onboarding_capacity for d in v.ramp}
    if ramp_start is not None or not any(day >= today for day in capacity):
        daily = max(capacity.values(), default=1)
        first = max(ramp_start or today, today, v.cycle.starts_on)  # nobody starts before the cycle does
        days = [d for d in working_days(first, REPLAN_RAMP_DAYS) if d <= v.cycle.ends_on] or [v.cycle.ends_on]
        capacity = {d: daily for d in days}
    ramp = {d: c for d, c in capacity.items() if d >= today}
    for day, count in kept_newcomers.items():
        ramp[day] = max(ramp.get(day, 0), count)
    for m in kept:  # a returning person kept on a day outside the ramp still needs the day listed
        ramp.setdefault(m.engagement.starts_on, 0)
    return [[d.isoformat(), ramp[d]] for d in sorted(ramp)]
