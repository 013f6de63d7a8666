"""Column generation for large benches: price the candidate pairs left out of the working model.

The working model holds a subset of the candidate pairs. After its LP relaxation is solved, every
pair left out gets its reduced cost from the LP's dual prices (rows the working model lacks have
price 0, which is always a valid dual completion). When no left-out pair has a positive reduced
cost, the working LP's optimum is the optimum of the LP over *all* pairs, so its value bounds the
whole problem: that is what makes "proven optimal" exact while the model stays small.

Newcomers of a (request, earliest day) class the working model does not have yet get the best
price the class could have: max over its possible start days t of (day's objective - day's price).
"""

from __future__ import annotations

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.rules import competitors
from surgebench.staffing.settings import SolverSettings


class ColumnFacts:
    """Per-pair columns for every candidate pair: request, returning, earliest day, coefficients."""

    def __init__(self, bench: Bench, found: Candidates) -> None:
        problem = bench.problem
        self.bench = bench
        self.found = found
        spec, g = found.specialist, found.role
        self.request_of_role = np.array([ref.request_index for ref in found.roles], dtype=np.int64)
        self.request = self.request_of_role[g] if len(g) else np.zeros(0, dtype=np.int64)
        self.returning = np.zeros(len(spec), dtype=bool)
        self.earliest = np.zeros(len(spec), dtype=np.int64)
        for r, request in enumerate(problem.requests):
            rows = self.request == r
            facts = bench.facts(request)
            self.returning[rows] = facts.returning[spec[rows]]
            self.earliest[rows] = facts.earliest[spec[rows]]
        role_hours = np.array(
            [problem.requests[ref.request_index].roles[ref.role_index].hours_per_week for ref in found.roles],
            dtype=np.int64,
        )
        self.hours = role_hours[g] if len(g) else np.zeros(0, dtype=np.int64)
        priority = np.array([r.priority for r in problem.requests], dtype=np.int64)
        self.coefficients = {
            "fill": priority[self.request].astype(np.float64),
            "continuity": self.returning.astype(np.float64),
            "quality": bench.quality_milli[spec].astype(np.float64),
            "ramp": -(self.earliest * self.returning).astype(np.float64),
            "cost": -(bench.rate_cents[spec] * self.hours).astype(np.float64),
        }
        self.pairs = competitors.competing_request_pairs(problem)

    def reduced_costs(self, duals: dict[tuple, float], level: str, fixed: list[str]) -> np.ndarray:
        """Reduced cost of every candidate pair for `level`, given the working LP's dual prices."""
        bench, found = self.bench, self.found
        problem = bench.problem
        spec, g, req = found.specialist, found.role, self.request
        n_requests = len(problem.requests)
        level_price = {name: duals.get(("level", name), 0.0) for name in fixed}
        rc = self.coefficients[level].copy()
        for name, price in level_price.items():
            if price:
                rc -= price * self.coefficients[name]
        headcount = np.zeros(len(found.roles))
        country = np.zeros((len(found.roles), len(bench.countries) + 1))
        seat = np.zeros((len(bench), n_requests))
        hours = np.zeros(len(bench))
        rival = np.zeros((len(bench), max(1, len(self.pairs))))
        pair_index = {pair: k for k, pair in enumerate(self.pairs)}
        start: dict[tuple[int, int], float] = {}
        onboard: dict[tuple[int, int], float] = {}
        for key, price in duals.items():
            kind = key[0] if key else ""
            if kind == "headcount":
                headcount[key[1]] = price
            elif kind == "country":
                country[key[1], key[2]] = price
            elif kind == "seat":
                seat[key[1], key[2]] = price
            elif kind == "hours":
                hours[key[1]] = price
            elif kind == "rival":
                rival[key[1], pair_index[(key[2], key[3])]] = price
            elif kind == "start":
                start[(key[1], key[2])] = price
            elif kind == "onboard":
                onboard[(key[1], key[2])] = price
        rc -= headcount[g]
        rc -= country[g, bench.country[spec]]
        rc -= seat[spec, req]
        rc -= hours[spec] * self.hours
        for k, (a, b) in enumerate(self.pairs):
            touched = (req == a) | (req == b)
            rc[touched] -= rival[spec[touched], k]
        # newcomers: + price of their (request, earliest) class row (start row coefficient is -1)
        ramp_price = 1.0 - level_price.get("ramp", 0.0) if level == "ramp" else -level_price.get("ramp", 0.0)
        longest = max((len(r.ramp) for r in problem.requests), default=0)
        class_price = np.full((n_requests, longest + 1), -np.inf)
        for r, request in enumerate(problem.requests):
            capacity = bench.facts(request).capacity
            for e in range(len(request.ramp)):
                if (r, e) in start:
                    class_price[r, e] = start[(r, e)]
                    continue
                options = [
                    -t * ramp_price - onboard.get((r, t), 0.0)
                    for t in range(e, len(request.ramp))
                    if capacity[t] > 0
                ]
                if options:
                    class_price[r, e] = max(options)
        newcomer = ~self.returning
        rc[newcomer] += class_price[req[newcomer], self.earliest[newcomer]]
        return rc


def initial_columns(
    bench: Bench, found: Candidates, facts: ColumnFacts, pinned: np.ndarray, settings: SolverSettings
) -> np.ndarray:
    """A first working set: every pair when there are at most `settings.working_set`, else the pins
    plus per role its best `seed_per_seat × headcount + seed_extra` candidates (returning, quality,
    rate)."""
    keep = pinned.copy()
    if len(found.specialist) <= settings.working_set:
        keep[:] = True
        return keep
    problem = bench.problem
    order = np.lexsort(
        (
            found.specialist,
            bench.rate_cents[found.specialist],
            -bench.quality_milli[found.specialist],
            ~facts.returning,
            found.role,
        )
    )
    role_sorted = found.role[order]
    starts = np.searchsorted(role_sorted, np.arange(len(found.roles) + 1))
    for ref in found.roles:
        role = problem.requests[ref.request_index].roles[ref.role_index]
        take = order[starts[ref.g] : starts[ref.g + 1]][
            : settings.seed_per_seat * role.headcount + settings.seed_extra
        ]
        keep[take] = True
    return keep
