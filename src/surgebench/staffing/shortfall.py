"""Shortfall: every role left with fewer people than its headcount, and why the bench could not help.

Each specialist not holding the role is counted once, under the first reason in this order
(the contract's rule order):

| key | rule | meaning |
|---|---|---|
| `status` | 1 | status is not "vetted" |
| `vetting` | 1 | vetting expires before the request's `ends_on` |
| `skill_level` | 1 | skill missing or below `min_level` |
| `quality` | 1 | quality for the role (`skill_quality` in its skill, else `quality`) below `min_quality` |
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

from collections import defaultdict

import numpy as np

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.plan import Assignment, Shortfall
from surgebench.staffing.rules.limits import Seats, blocked

REASON_KEYS = (
    *(rule.key for rule in rules.ELIGIBILITY_RULES),
    *(rule.key for rule in rules.REASON_RULES),
    "not_chosen",
)


class PlanView:
    """A plan's seats, indexed for reason lookups: which roles they fill and the load of every group
    of every plan-wide rule."""

    def __init__(self, bench: Bench, assignments: tuple[Assignment, ...] | list[Assignment]) -> None:
        self.bench = bench
        self.seats = Seats.of_plan(bench, assignments)
        self.role_members: dict[tuple[int, str], list[int]] = defaultdict(list)
        for s, g in zip(self.seats.specialist.tolist(), self.seats.role.tolist(), strict=True):
            self.role_members[(int(bench.role_request[g]), bench.roles[g].id)].append(s)
        self.limits = [rule.limit(self.seats) for rule in rules.REASON_RULES]

    def reasons(self, r: int, role_index: int) -> np.ndarray:
        """Per specialist, the index in REASON_KEYS of the reason it is not on the role (-1 = on it):
        the first rule it fails alone, else the first plan-wide rule its seat would break."""
        bench = self.bench
        request = bench.problem.requests[r]
        role = request.roles[role_index]
        reason = rules.first_failed_rule(bench, request, role, rules.ELIGIBILITY_RULES).astype(np.int16)
        g = int(np.flatnonzero(bench.role_request == r)[role_index])
        # only people eligible alone can be stopped by a plan-wide rule: judge their seats on the role
        eligible = np.flatnonzero(reason < 0)
        seats = Seats.of(bench, eligible, np.full(len(eligible), g))
        first = np.full(len(eligible), len(REASON_KEYS) - 1, dtype=np.int16)
        base = len(rules.ELIGIBILITY_RULES)
        for k in reversed(range(len(rules.REASON_RULES))):
            first[blocked(self.limits[k], rules.REASON_RULES[k].limit(seats), len(eligible))] = base + k
        reason[eligible] = first
        members = np.array(self.role_members.get((r, role.id), []), dtype=np.int64)
        reason[members] = -1
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
