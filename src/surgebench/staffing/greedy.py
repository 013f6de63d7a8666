"""A quick valid plan to start from: pins first, then candidate pairs in objective order.

Pairs are taken best first — priority, returning, quality, earliest day, cost — whenever every rule
still holds. Onboarding is kept feasible with Hall's condition per request: the newcomers whose
earliest day is T or later never outnumber the capacity from day T on. The result is only a
starting point (and the plan returned if time runs out before the first level is solved).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.pricing import ColumnFacts
from surgebench.staffing.rules import competitors


def greedy_plan(
    bench: Bench, found: Candidates, columns: ColumnFacts, pinned: np.ndarray
) -> tuple[set[int], dict[tuple[int, int, int], int]]:
    """Chosen candidate rows and start counts {(request, earliest, day): people}."""
    problem = bench.problem
    spec, g, req = found.specialist, found.role, columns.request
    roles = [problem.requests[ref.request_index].roles[ref.role_index] for ref in found.roles]
    rivals: dict[int, set[int]] = {}
    for a, b in competitors.competing_request_pairs(problem):
        rivals.setdefault(a, set()).add(b)
        rivals.setdefault(b, set()).add(a)
    # slack[r][T] = capacity from day T on minus newcomers whose earliest day is T or later
    slack = [np.cumsum(bench.facts(r).capacity[::-1])[::-1].copy() for r in problem.requests]
    hours_left = bench.free_hours.copy()
    held: dict[int, set[int]] = {}
    per_role: Counter = Counter()
    per_country: Counter = Counter()
    chosen: set[int] = set()

    def fits(i: int) -> bool:
        s, k, r = int(spec[i]), int(g[i]), int(req[i])
        role = roles[k]
        mine = held.get(s, set())
        if r in mine or mine & rivals.get(r, set()) or hours_left[s] < role.hours_per_week:
            return False
        if per_role[k] >= role.headcount:
            return False
        cap = role.country_cap
        if cap is not None and per_country[(k, int(bench.country[s]))] >= cap:
            return False
        return columns.returning[i] or bool((slack[r][: columns.earliest[i] + 1] >= 1).all())

    def take(i: int) -> None:
        s, k, r = int(spec[i]), int(g[i]), int(req[i])
        held.setdefault(s, set()).add(r)
        hours_left[s] -= roles[k].hours_per_week
        per_role[k] += 1
        per_country[(k, int(bench.country[s]))] += 1
        if not columns.returning[i]:
            slack[r][: columns.earliest[i] + 1] -= 1
        chosen.add(i)

    for i in np.flatnonzero(pinned).tolist():
        take(i)
    coefficient = columns.coefficients
    order = np.lexsort(
        (
            spec,
            -coefficient["cost"],
            columns.earliest,
            -coefficient["quality"],
            ~columns.returning,
            -coefficient["fill"],
        )
    )
    for i in order.tolist():
        if i not in chosen and fits(i):
            take(i)
    return chosen, best_start_counts(bench, columns, chosen)


def best_start_counts(bench: Bench, columns: ColumnFacts, chosen: set[int]) -> dict:
    """Fill every ramp day as far as its capacity allows, earliest-released people first.

    People of one request are alike to the ramp level once chosen (returning people start on their
    earliest day, outside onboarding), so starting as many as capacity allows on each day in turn
    maximises the number started by every day: these counts minimise the ramp sum for `chosen`.
    """
    starts: dict[tuple[int, int, int], int] = {}
    for r, request in enumerate(bench.problem.requests):
        waiting = Counter(
            int(columns.earliest[i]) for i in chosen if columns.request[i] == r and not columns.returning[i]
        )
        capacity = bench.facts(request).capacity
        for t in range(len(request.ramp)):
            room = int(capacity[t])
            for e in sorted(k for k in waiting if k <= t):
                moved = min(room, waiting[e])
                if moved:
                    starts[(r, e, t)] = moved
                    waiting[e] -= moved
                    room -= moved
    return starts
