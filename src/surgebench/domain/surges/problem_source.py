"""From the database to the solver's problem (``surge-problem/1``, see ``docs/surge-problem.md``).

Everything is read set-based, a handful of queries whatever the bench's size, and no ORM object is made
per person: the specialists' columns, their skills and languages, their engagement history (client,
model, cycle, end date) and the weekly hours of engagements that overlap the new cycles' dates.

Rules of the translation:
- every specialist who is not offboarded is in the problem (offboarded people are gone; counting them in
  a shortfall would send recruiters after people who left), plus anyone a request pins or excludes;
- ``history`` is every engagement of the person, except those of the cycles being staffed;
- ``history`` is every engagement of the person that began or will begin (not withdrawn before its
  start), except those of the cycles being staffed; a running engagement's ``ended_on`` is the day it
  will end — its cycle's last day unless it says otherwise — so a cycle planned while the one before
  still runs sees when its people come free (and a rival's roster bars its people until then);
- ``committed_hours`` is the recruiter's figure for work outside surgebench plus the most weekly hours
  surgebench's own engagements (other than the cycles being staffed) take on any one day from the
  earliest first ramp date to the latest end date of the requests solved together
  (``engagements.service.booked_hours``: the reckoning the bench and the profile show too);
- no recorded vetting expiry means none (``9999-12-31``); no available-from date means available now
  (``0001-01-01``); a vetted person whose vetting ran out before today is written with the status
  ``lapsed`` (never counted as vetted);
- ``skill_quality`` holds the person's quality estimate (``outcomes.estimate``: the vetting score
  rolled with their outcomes) in each skill they have outcomes in; elsewhere ``quality`` (the vetting
  score) is their estimate already;
- the quality gate: someone whose program's gate holds them back (``outcomes.service.held_back``: their
  outcome in the cycle before the one being staffed, or their estimate in the skill they worked there,
  below the program's thresholds) has that one engagement left out of ``history``, so the contract does
  not count them as returning; the engagement stays when the client is a competitor of a request being
  planned (the rival rules read it). The people held back are handed back in ``held_back`` for the
  plan's *why*;
- nobody starts in the past: ``available_from`` is never before today; a re-plan's kept roster members
  are written with ``available_from`` = the day they were approved to start, so they keep it (the solver
  starts pinned people on their earliest day).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from surgebench.domain.engagements import service as engagements
from surgebench.domain.outcomes import estimate as quality
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.outcomes.service import HeldBack
from surgebench.domain.surges import problem_repository as repository
from surgebench.domain.surges.asks import SurgeAsk

NO_EXPIRY = "9999-12-31"
AVAILABLE_NOW = "0001-01-01"


def build_problem(
    db: Session,
    asks: Sequence[SurgeAsk],
    people: Collection[int] | None = None,
    today: date | None = None,
    held_back: list[HeldBack] | None = None,
) -> dict[str, Any]:
    """The contract's problem document for these requests, solved together; with ``people``, only those
    specialists (what approval re-checks a plan's people against). The people the quality gate held
    back are appended to ``held_back`` when it is given."""
    if not asks:
        raise ValueError("a problem needs at least one request")
    window = (min(a.first_ramp_date for a in asks), max(a.ends_on for a in asks))
    ignored = {a.own_cycle_id for a in asks if a.own_cycle_id is not None}
    named = {p.specialist_id for a in asks for p in a.pinned} | {s for a in asks for s in a.excluded}
    only = None if people is None else set(people) | named
    skills = repository.skill_levels(db, only)
    languages = repository.languages(db, only)
    history = repository.history(db, ignored, only)
    estimates = quality.estimates(db, today or window[0], only)
    held = outcomes.held_back(db, [(a.client, a.model, a.cycle) for a in asks], estimates, only)
    rivals = {c for a in asks for c in a.competitors}
    done = outcomes.hold_back_in_history(history, held, rivals)
    if held_back is not None:
        held_back.extend(done)
    committed = engagements.booked_hours(db, window[0], window[1], only=only, ignored_cycles=ignored)
    kept = {k.specialist_id: k.starts_on.isoformat() for a in asks for k in a.kept}
    specialists = []
    lapsed_before = today.isoformat() if today else ""
    not_before = today.isoformat() if today else AVAILABLE_NOW
    for row in repository.specialist_rows(db, named, only):
        sid = row.id
        expires = row[2]
        entry: dict[str, Any] = {
            "id": str(sid),
            "status": "lapsed"
            if row.status == "vetted" and expires and expires < lapsed_before
            else row.status,
            "vetting_expires": row[2] or NO_EXPIRY,
            "skills": skills.get(sid, {}),
            "languages": languages.get(sid, []),
            "country": row.country,
            "timezone": row.timezone,
            "available_from": kept.get(sid) or max(row[5] or AVAILABLE_NOW, not_before),
            "weekly_hours": row.weekly_hours,
            "committed_hours": row.committed_hours + committed.get(sid, 0),
            "quality": row.quality_milli / 1000,
            "hourly_rate": row.hourly_rate_cents / 100,
            "history": history.get(sid, []),
        }
        own = estimates.get(sid)
        if own:
            entry["skill_quality"] = quality.skill_quality(own)
        specialists.append(entry)
    return {"format": "surge-problem/1", "specialists": specialists, "requests": [_request(a) for a in asks]}


def _request(a: SurgeAsk) -> dict[str, Any]:
    return {
        "id": a.id,
        "client": a.client,
        "model": a.model,
        "cycle": a.cycle,
        "priority": a.priority,
        "ends_on": a.ends_on.isoformat(),
        "ramp": [{"date": d.date.isoformat(), "onboarding_capacity": d.onboarding_capacity} for d in a.ramp],
        "competitors": list(a.competitors),
        "cooldown_days": a.cooldown_days,
        "roles": [
            {
                "id": r.key,
                "skill": r.skill,
                "min_level": r.min_level,
                "min_quality": r.min_quality_milli / 1000,
                "headcount": r.headcount,
                "hours_per_week": r.hours_per_week,
                "languages": list(r.languages),
                "utc_offset": list(r.utc_offset) if r.utc_offset is not None else None,
                "max_country_share": None
                if r.max_country_share_pct is None
                else r.max_country_share_pct / 100,
            }
            for r in a.roles
        ],
        "pinned": [{"specialist": str(p.specialist_id), "role": p.role} for p in a.pinned],
        "excluded": [str(s) for s in a.excluded],
    }
