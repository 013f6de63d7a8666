"""Shortfall: every role left with fewer people than its headcount, and why the bench could not help.

Each specialist not holding the role is counted once, under the first reason in this order
(the contract's rule order):

| key | rule | meaning |
|---|---|---|
| `status` | 1 | status is not "vetted" |
| `vetting` | 1 | vetting expires before the request's `ends_on` |
| `skill_level` | 1 | skill missing or below `min_level` |
| `quality` | 1 | quality below `min_quality` |
| `languages` | 1 | a role language is not spoken |
| `utc_offset` | 1 | zone offset outside the role's range |
| `availability` | 1 | available only after the last ramp date |
| `excluded` | 1 | in the request's `excluded` list |
| `competitor` | 2 | running or too recent engagement with a competitor client |
| `competitor_in_plan` | 2 | holds a seat on a competing request in this plan |
| `one_seat_per_request` | 3 | holds another seat in this request |
| `hours` | 4 | free hours (after the plan's other seats) below the seat's hours |
| `country_share` | 6 | the role already has its cap of people from their country |
| `onboarding_capacity` | 7 | not returning, and every ramp day they could start on is fully booked |
| `not_chosen` | – | nothing above applies: the plan simply did not pick them |
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.plan import Assignment, Shortfall
from surgebench.staffing.rules import competitors, seats

REASON_KEYS = (
    *(rule.key for rule in rules.ELIGIBILITY_RULES),
    "competitor_in_plan",
    "one_seat_per_request",
    "hours",
    "country_share",
    "onboarding_capacity",
    "not_chosen",
)


class PlanView:
    """Occupancy of a plan, indexed for reason lookups (hours used, seats held, starts booked)."""

    def __init__(self, bench: Bench, assignments: tuple[Assignment, ...] | list[Assignment]) -> None:
        problem = bench.problem
        self.bench = bench
        self.request_index = {r.id: i for i, r in enumerate(problem.requests)}
        n = len(bench)
        self.hours_used = np.zeros(n, dtype=np.int64)
        self.held = [np.zeros(n, dtype=bool) for _ in problem.requests]
        self.role_members: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.new_starts: list[Counter] = [Counter() for _ in problem.requests]
        for a in assignments:
            s, r = bench.index.get(a.specialist), self.request_index.get(a.request)
            if s is None or r is None:
                continue
            request = problem.requests[r]
            role = next((x for x in request.roles if x.id == a.role), None)
            if role is None:
                continue
            self.hours_used[s] += role.hours_per_week
            self.held[r][s] = True
            self.role_members[(r, role.id)].append(s)
            if not bench.facts(request).returning[s]:
                self.new_starts[r][a.start.toordinal()] += 1

    def reasons(self, r: int, role_index: int) -> np.ndarray:
        """Per specialist, the index in REASON_KEYS of the reason it is not on the role (-1 = on it)."""
        bench = self.bench
        problem = bench.problem
        request = problem.requests[r]
        role = request.roles[role_index]
        facts = bench.facts(request)
        reason = rules.first_failed_rule(bench, request, role, rules.ELIGIBILITY_RULES).astype(np.int16)
        members = np.array(self.role_members.get((r, role.id), []), dtype=np.int64)
        on_role = np.zeros(len(bench), dtype=bool)
        on_role[members] = True
        rival = np.zeros(len(bench), dtype=bool)
        for other in range(len(problem.requests)):
            if competitors.requests_compete(request, problem.requests[other]):
                rival |= self.held[other]
        own_hours = np.where(on_role, role.hours_per_week, 0)
        cap = seats.country_cap(role)
        country_full = np.zeros(len(bench), dtype=bool)
        if cap is not None:
            counts = np.bincount(bench.country[members], minlength=len(bench.countries))
            country_full = counts[bench.country] >= cap
        booked = np.array([self.new_starts[r][int(o)] for o in facts.ramp_ordinals], dtype=np.int64)
        open_day = booked < facts.capacity
        # open_from[e]: some ramp day >= e still has onboarding room
        open_from = np.r_[np.logical_or.accumulate(open_day[::-1])[::-1], False]
        onboarding_full = ~facts.returning & ~open_from[np.minimum(facts.earliest, len(open_day))]
        plan_checks = (
            rival,
            self.held[r] & ~on_role,
            bench.free_hours - (self.hours_used - own_hours) < role.hours_per_week,
            country_full,
            onboarding_full,
            np.ones(len(bench), dtype=bool),
        )
        base = len(rules.ELIGIBILITY_RULES)
        for k, failing in enumerate(plan_checks):
            reason[(reason < 0) & failing] = base + k
        reason[on_role] = -1
        return reason


def compute_shortfall(
    bench: Bench, assignments: tuple[Assignment, ...] | list[Assignment]
) -> tuple[Shortfall, ...]:
    """Every role with fewer people than its headcount, with reason counts over the bench."""
    view = PlanView(bench, assignments)
    found = []
    for r, request in enumerate(bench.problem.requests):
        for k, role in enumerate(request.roles):
            assigned = len(view.role_members.get((r, role.id), []))
            if assigned >= role.headcount:
                continue
            reason = view.reasons(r, k)
            counts = np.bincount(reason[reason >= 0], minlength=len(REASON_KEYS))
            reasons = {key: int(counts[i]) for i, key in enumerate(REASON_KEYS) if counts[i]}
            found.append(Shortfall(request.id, role.id, role.headcount - assigned, reasons))
    return tuple(found)
