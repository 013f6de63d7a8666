"""A quick valid plan to start from: pins first, then candidate pairs in objective order.

Pairs are taken best first — priority, returning, quality, earliest day, cost — whenever every rule
still holds. Onboarding is kept feasible with Hall's condition per request: the newcomers whose
earliest day is T or later never outnumber the capacity from day T on. The result is only a
starting point (and the plan returned if time runs out before the first level is solved).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.pricing import ColumnFacts
from surgebench.staffing.rules.limits import Occupancy
from surgebench.staffing.working import Incumbent


def greedy_plan(
    bench: Bench, found: Candidates, columns: ColumnFacts, pinned: np.ndarray, chunk: int
) -> Incumbent:
    """The plan as chosen candidate rows and the best start counts for them; pairs are looked at
    `chunk` at a time in bulk first (`SolverSettings.greedy_chunk`)."""
    problem = bench.problem
    req, earliest, returning = columns.request, columns.earliest, columns.returning
    req_, earliest_, returning_ = req.tolist(), earliest.tolist(), returning.tolist()
    # every plan-wide rule but onboarding, whose start days are chosen here with Hall's condition
    occupancy = Occupancy([limit for _key, limit in columns.limits], len(found.specialist))
    # slack[r, T] = capacity from day T on minus newcomers whose earliest day is T or later; a
    # newcomer released on day e fits while every slack[r, T ≤ e] is positive (room[r][e] ≥ 1)
    slack = np.zeros((len(problem.requests), bench.ramp_stride), dtype=np.int64)
    for r, request in enumerate(problem.requests):
        slack[r, : len(request.ramp)] = np.cumsum(bench.facts(request).capacity[::-1])[::-1]
    room = np.minimum.accumulate(slack, axis=1).tolist()
    chosen: set[int] = set()

    def fits(i: int) -> bool:
        return occupancy.fits(i) and (returning_[i] or room[req_[i]][earliest_[i]] >= 1)

    def take(i: int) -> None:
        occupancy.take(i)
        if not returning_[i]:
            r = req_[i]
            slack[r, : earliest_[i] + 1] -= 1
            room[r] = np.minimum.accumulate(slack[r]).tolist()
        chosen.add(i)

    def open_pairs(pairs: np.ndarray) -> np.ndarray:
        onboarding: np.ndarray = returning[pairs] | (
            np.minimum.accumulate(slack, axis=1)[req[pairs], earliest[pairs]] >= 1
        )
        open_: np.ndarray = onboarding & occupancy.open_seats(pairs)
        return open_

    for i in np.flatnonzero(pinned).tolist():
        take(i)
    coefficient = columns.coefficients
    order = np.lexsort(
        (
            found.specialist,
            -coefficient["cost"],
            columns.earliest,
            -coefficient["quality"],
            ~columns.returning,
            -coefficient["fill"],
        )
    )
    for pairs in np.array_split(order, max(1, len(order) // chunk)):
        for i in pairs[open_pairs(pairs)].tolist():
            if i not in chosen and fits(i):
                take(i)
    return Incumbent(frozenset(chosen), best_start_counts(bench, columns, chosen))


def best_start_counts(
    bench: Bench, columns: ColumnFacts, chosen: Collection[int]
) -> dict[tuple[int, int, int], int]:
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
