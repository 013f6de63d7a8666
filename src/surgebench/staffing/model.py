"""The CP-SAT model of a staffing problem, built in blocks headed by the rule each encodes.

Variables:
- `assign[S1 -> Q1/py]` (bool) — one per candidate pair left by `candidates.build_candidates`;
- `starts[Q1, earliest=e, on=t]` (int) — how many non-returning people of request Q1 whose earliest
  possible ramp index is e start on ramp day t (t >= e). Onboarding capacity is a transportation
  problem over these counts, so no per-person start variables are needed: any split of a class's
  people over its days gives the same objective, and `start_dates` hands out days afterwards.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.rules import competitors, seats

LinearExpr = cp_model.LinearExpr


@dataclass
class StaffingModel:
    model: cp_model.CpModel
    candidates: Candidates
    assign: list[cp_model.IntVar]
    starts: dict[tuple[int, int, int], cp_model.IntVar]
    levels: dict[str, LinearExpr]
    """Objective level name -> expression (each level is maximised; ramp and cost are negated)."""
    pin_literals: list[tuple[int, int, cp_model.IntVar]] = field(default_factory=list)
    request_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    returning_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    earliest_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _groups(keys: np.ndarray) -> list[np.ndarray]:
    """Row indices grouped by equal key, groups of two or more rows only."""
    if len(keys) == 0:
        return []
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    return [g for g in np.split(order, cuts) if len(g) > 1]


def build_model(
    bench: Bench, found: Candidates, pins: set[tuple[int, int]], *, pins_as_assumptions: bool = False
) -> StaffingModel:
    problem = bench.problem
    model = cp_model.CpModel()
    spec, g = found.specialist, found.role
    refs = found.roles
    request_of_role = np.array([ref.request_index for ref in refs], dtype=np.int64)
    requests = problem.requests
    roles = [requests[ref.request_index].roles[ref.role_index] for ref in refs]
    req = request_of_role[g] if len(g) else np.zeros(0, dtype=np.int64)
    facts = [bench.facts(r) for r in requests]
    returning = np.array([facts[r].returning[s] for s, r in zip(spec.tolist(), req.tolist(), strict=True)], dtype=bool)
    earliest = np.array([facts[r].earliest[s] for s, r in zip(spec.tolist(), req.tolist(), strict=True)], dtype=np.int64)
    hours = np.array([roles[k].hours_per_week for k in g.tolist()], dtype=np.int64)

    assign = [
        model.new_bool_var(f"assign[{bench.ids[s]} -> {requests[r].id}/{roles[k].id}]")
        for s, r, k in zip(spec.tolist(), req.tolist(), g.tolist(), strict=True)
    ]

    # Rule 8 — pins: every pinned (specialist, role) is in the plan.
    pin_literals = []
    for row in range(len(assign)):
        key = (int(spec[row]), int(g[row]))
        if key in pins:
            if pins_as_assumptions:
                pin_literals.append((key[0], key[1], assign[row]))
            else:
                model.add(assign[row] == 1)
    if pins_as_assumptions:
        model.add_assumptions([lit for _s, _g, lit in pin_literals])

    # Rule 3 — one seat per request.
    for rows in _groups(spec * len(requests) + req):
        model.add_at_most_one(assign[i] for i in rows)

    # Rule 2 — no seats on two competing requests.
    competing = competitors.competing_request_pairs(problem)
    if competing:
        by_spec: dict[int, list[int]] = defaultdict(list)
        for rows in _groups(spec):
            by_spec[int(spec[rows[0]])] = rows.tolist()
        for rows in by_spec.values():
            held = {int(req[i]) for i in rows}
            for a, b in competing:
                if a in held and b in held:
                    model.add_at_most_one(assign[i] for i in rows if req[i] in (a, b))

    # Rule 4 — hours summed over all seats fit the specialist's free hours.
    for rows in _groups(spec):
        free = int(bench.free_hours[spec[rows[0]]])
        if int(hours[rows].sum()) > free:
            model.add(LinearExpr.weighted_sum([assign[i] for i in rows], hours[rows].tolist()) <= free)

    # Rule 5 — headcount.
    for rows in _groups(g):
        role = roles[int(g[rows[0]])]
        if len(rows) > role.headcount:
            model.add(LinearExpr.sum([assign[i] for i in rows]) <= role.headcount)

    # Rule 6 — country share.
    country = bench.country[spec].astype(np.int64) if len(spec) else np.zeros(0, dtype=np.int64)
    for rows in _groups(g * (len(bench.countries) + 1) + country):
        cap = seats.country_cap(roles[int(g[rows[0]])])
        if cap is not None and len(rows) > cap:
            model.add(LinearExpr.sum([assign[i] for i in rows]) <= cap)

    # Rule 7 — start dates and onboarding capacity (returning people need no onboarding).
    starts: dict[tuple[int, int, int], cp_model.IntVar] = {}
    for r, request in enumerate(requests):
        days = len(request.ramp)
        capacity = facts[r].capacity
        newcomers = (req == r) & ~returning
        by_earliest: dict[int, list[int]] = defaultdict(list)
        for i in np.flatnonzero(newcomers).tolist():
            by_earliest[int(earliest[i])].append(i)
        on_day: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        for e, rows in sorted(by_earliest.items()):
            flows = []
            for t in range(e, days):
                bound = min(int(capacity[t]), len(rows))
                if bound > 0:
                    y = model.new_int_var(0, bound, f"starts[{request.id}, earliest={e}, on={t}]")
                    starts[(r, e, t)] = y
                    flows.append(y)
                    on_day[t].append(y)
            model.add(LinearExpr.sum(flows) == LinearExpr.sum([assign[i] for i in rows]))
        for t, flows in on_day.items():
            if len(flows) > 1:
                model.add(LinearExpr.sum(flows) <= int(capacity[t]))

    # Objective levels (all stated as "maximise").
    priority = np.array([requests[r].priority for r in req.tolist()], dtype=np.int64)
    quality = bench.quality_milli[spec] if len(spec) else np.zeros(0, dtype=np.int64)
    cost = bench.rate_cents[spec] * hours if len(spec) else np.zeros(0, dtype=np.int64)
    ret_rows = np.flatnonzero(returning)
    ramp_terms = [assign[i] for i in ret_rows.tolist()] + list(starts.values())
    ramp_coeffs = [-int(earliest[i]) for i in ret_rows.tolist()] + [-t for (_r, _e, t) in starts]
    levels = {
        "fill": LinearExpr.weighted_sum(assign, priority.tolist()),
        "continuity": LinearExpr.sum([assign[i] for i in ret_rows.tolist()]),
        "quality": LinearExpr.weighted_sum(assign, quality.tolist()),
        "ramp": LinearExpr.weighted_sum(ramp_terms, ramp_coeffs),
        "cost": LinearExpr.weighted_sum(assign, (-cost).tolist()),
    }
    return StaffingModel(
        model=model,
        candidates=found,
        assign=assign,
        starts=starts,
        levels=levels,
        pin_literals=pin_literals,
        request_of_row=req,
        returning_of_row=returning,
        earliest_of_row=earliest,
    )
