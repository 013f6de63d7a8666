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

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.model import RowKey
from surgebench.staffing.rules import ramp
from surgebench.staffing.rules.limits import Seats
from surgebench.staffing.settings import SolverSettings


class ColumnFacts:
    """Per-pair columns for every candidate pair: request, returning, earliest day, coefficients, and
    the groups of every plan-wide rule each pair counts in (to price it by those rows' duals)."""

    def __init__(self, bench: Bench, found: Candidates) -> None:
        problem = bench.problem
        self.bench = bench
        self.found = found
        spec = found.specialist
        table = Seats.of(bench, spec, found.role)
        self.request = table.request
        self.returning = table.returning
        self.earliest = table.earliest
        self.hours = table.hours
        priority = np.array([r.priority for r in problem.requests], dtype=np.int64)
        self.coefficients = {
            "fill": priority[self.request].astype(np.float64),
            "continuity": self.returning.astype(np.float64),
            "quality": bench.pair_quality_milli(spec, found.role).astype(np.float64),
            "ramp": -(self.earliest * self.returning).astype(np.float64),
            "cost": -(bench.rate_cents[spec] * self.hours).astype(np.float64),
        }
        self.limits = [(rule.key, rule.limit(table)) for rule in rules.PLAN_RULES if not rule.start_days]
        """(rule key, its groups over every candidate pair): the model's rows are these groups."""

    def reduced_costs(self, duals: dict[RowKey, float], level: str, fixed: list[str]) -> np.ndarray:
        """Reduced cost of every candidate pair for `level`, given the working LP's dual prices."""
        bench = self.bench
        problem = bench.problem
        req = self.request
        n_requests = len(problem.requests)
        level_price = {name: duals.get(("level", name), 0.0) for name in fixed}
        rc = self.coefficients[level].copy()
        for name, price in level_price.items():
            if price:
                rc -= price * self.coefficients[name]
        by_rule: dict[str, list[tuple[int, float]]] = {}
        start: dict[tuple[int, int], float] = {}
        for key, price in duals.items():
            if len(key) == 2 and key[0] in self._rule_keys:
                by_rule.setdefault(key[0], []).append((key[1], price))
            elif key and key[0] == "start":
                start[(key[1], key[2])] = price
        # each plan-wide rule: minus the dual of every row (group) the pair counts in, times its weight
        for rule_key, limit in self.limits:
            priced = by_rule.get(rule_key)
            if not priced:
                continue
            groups = np.array([group for group, _ in priced], dtype=np.int64)
            prices = np.array([price for _, price in priced], dtype=np.float64)
            order = np.argsort(groups)
            groups, prices = groups[order], prices[order]
            at = np.minimum(np.searchsorted(groups, limit.group), len(groups) - 1)
            group_price = np.where(groups[at] == limit.group, prices[at], 0.0)
            rc -= np.bincount(limit.seat, weights=group_price * limit.weight, minlength=len(rc))
        # newcomers: + price of their (request, earliest) class row (start row coefficient is -1)
        onboard = dict(by_rule.get("onboarding_capacity", ()))
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
                    -t * ramp_price - onboard.get(ramp.day_key(bench, r, t), 0.0)
                    for t in range(e, len(request.ramp))
                    if capacity[t] > 0
                ]
                if options:
                    class_price[r, e] = max(options)
        newcomer = ~self.returning
        rc[newcomer] += class_price[req[newcomer], self.earliest[newcomer]]
        reduced: np.ndarray = rc
        return reduced

    _rule_keys = frozenset(rule.key for rule in rules.PLAN_RULES)


def initial_columns(
    bench: Bench, found: Candidates, facts: ColumnFacts, pinned: np.ndarray, settings: SolverSettings
) -> np.ndarray:
    """A first working set: every pair when there are at most `settings.working_set`, else the pins
    plus per role its best `seed_per_seat × headcount + seed_extra` candidates (returning, quality
    for the role, rate)."""
    keep = pinned.copy()
    if len(found.specialist) <= settings.working_set:
        keep[:] = True
        return keep
    problem = bench.problem
    order = np.lexsort(
        (
            found.specialist,
            bench.rate_cents[found.specialist],
            -facts.coefficients["quality"],
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
