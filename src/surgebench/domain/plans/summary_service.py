"""The figures a manager reads off a plan, computed once when the solve ends (pure: the solver's problem
and plan in, a JSON-able summary out), so the plan page never re-reads the problem.

Per request and role: seats asked and filled, returning people in the plan and how many of last cycle's
people could have taken the role at all (the best continuity possible), quality and weekly cost, the
country mix against the cap; per ramp day: newcomers and returning people starting against onboarding
capacity; and for every role left short, the people who *nearly* qualify (one rule away, and a rule a
recruiter can act on: vetting to renew or finish, one level short, quality just under the gate)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from surgebench.lib.regions import region
from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.plan import Plan
from surgebench.staffing.problem import Problem, Request, Role

NEAR_MISS_LIMIT = 100
"""People listed per short role (best quality first); the counts cover everyone."""
QUALITY_MARGIN = 0.05
""""Just under the gate": within this much of a role's minimum quality."""
ACTIONABLE = ("status", "vetting", "skill_level", "quality")


def summarise(problem: Problem, plan: Plan, bench: Bench | None = None) -> dict[str, Any]:
    """``bench``: the problem's columns when the caller has them already."""
    bench = bench or Bench(problem)
    by_role: dict[tuple[str, str], list[Any]] = {}
    for a in plan.assignments:
        by_role.setdefault((a.request, a.role), []).append(a)
    specialists = {s.id: s for s in problem.specialists}
    requests = {}
    for request in problem.requests:
        roles = [
            _role(bench, request, role, by_role.get((request.id, role.id), []), specialists)
            for role in request.roles
        ]
        requests[request.id] = {"roles": roles, "ramp": _ramp(request, plan)}
    short = {(s.request, s.role) for s in plan.shortfall or () if s.missing > 0}
    near = [
        m
        for request in problem.requests
        for role in request.roles
        if (request.id, role.id) in short
        for m in _near_misses(bench, request, role)
    ]
    return {"requests": requests, "near_misses": near}


def _role(bench: Bench, request: Request, role: Role, seats: list[Any], specialists: dict) -> dict[str, Any]:
    facts = bench.facts(request)
    eligible = rules.candidates(bench, request, role)
    people = [specialists[a.specialist] for a in seats]
    countries = Counter(p.country for p in people)
    return {
        "key": role.id,
        "skill": role.skill,
        "min_level": role.min_level,
        "languages": list(role.languages),
        "utc_offset": list(role.utc_offset) if role.utc_offset else None,
        "asked": role.headcount,
        "filled": len(seats),
        "returning": sum(1 for a in seats if a.returning),
        "returning_available": int(np.count_nonzero(eligible & facts.returning)),
        "eligible": int(np.count_nonzero(eligible)),
        "quality_milli": sum(round(1000 * p.quality_for(role.skill)) for p in people),
        "weekly_cost_cents": sum(round(100 * p.hourly_rate) * role.hours_per_week for p in people),
        "countries": dict(countries.most_common()),
        "country_cap": role.country_cap,
        "languages_spoken": dict(Counter(lang for p in people for lang in p.languages).most_common()),
        "utc_regions": dict(
            Counter(region(p.timezone, request.first_ramp_date) for p in people).most_common()
        ),
    }


def _ramp(request: Request, plan: Plan) -> list[dict[str, Any]]:
    new = Counter(a.start for a in plan.assignments if a.request == request.id and not a.returning)
    back = Counter(a.start for a in plan.assignments if a.request == request.id and a.returning)
    return [
        {
            "date": d.date.isoformat(),
            "capacity": d.onboarding_capacity,
            "new": new[d.date],
            "returning": back[d.date],
        }
        for d in request.ramp
    ]


def _near_misses(bench: Bench, request: Request, role: Role) -> list[dict[str, Any]]:
    """People who fail exactly one rule for the role, when that rule is one a recruiter can act on."""
    failing = np.zeros(len(bench), dtype=np.int16)
    masks = {}
    for rule in rules.CANDIDATE_RULES:
        masks[rule.key] = ~rule.passes(bench, request, role)
        failing += masks[rule.key]
    found = []
    problem = bench.problem
    ends_on = request.ends_on
    for key in ACTIONABLE:
        for s in np.flatnonzero((failing == 1) & masks[key]):
            person = problem.specialists[int(s)]
            detail = _detail(key, person, role, ends_on)
            if detail:
                found.append(
                    {
                        "specialist": person.id,
                        "request": request.id,
                        "role": role.id,
                        "reason": key,
                        "detail": detail,
                        "quality": person.quality_for(role.skill),
                    }
                )
    found.sort(key=lambda m: (-m["quality"], m["specialist"]))
    return found[:NEAR_MISS_LIMIT]


def _detail(key: str, person: Any, role: Role, ends_on: Any) -> str | None:
    if key == "status":
        return "vetting in progress: finish it" if person.status == "vetting" else None
    if key == "vetting":
        return f"vetting expires {person.vetting_expires} (before {ends_on}): re-vet"
    if key == "skill_level":
        level = person.skills.get(role.skill, 0)
        return (
            f"{role.skill} level {level}, one short of {role.min_level}"
            if level == role.min_level - 1
            else None
        )
    if key == "quality":
        quality = person.quality_for(role.skill)
        return (
            f"quality {quality:.3f}, just under {role.min_quality:.3f}"
            if quality >= role.min_quality - QUALITY_MARGIN
            else None
        )
    return None
