"""The staffing model as plain linear rows, built in blocks headed by the rule each encodes.

Variables:
- `assign[S1 -> Q1/py]` (0/1) — one per candidate pair left by `candidates.build_candidates`;
- `starts[Q1, earliest=e, on=t]` (integer) — how many non-returning people of request Q1 whose
  earliest possible ramp index is e start on ramp day t (t >= e). Onboarding capacity is then a
  transportation problem over these counts, so no per-person start variables are needed: any split
  of a class's people over its days gives the same objective, and `solve` hands out days afterwards.

Beyond the rules, `build_model` adds two families of valid rows, conflict cliques and hour covers;
they and the rank cuts separated during the solve (`rank_cuts`) live in `cuts`.

The model is solver-neutral (rows of variable indices and coefficients); `backends` hands it to
an OR-Tools solver.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.cuts import conflict_cliques, hour_covers
from surgebench.staffing.rules import competitors, ramp
from surgebench.staffing.rules.limits import Seats, overfillable
from surgebench.staffing.settings import DEFAULT_SETTINGS

RowKey = tuple[Any, ...]
"""A row's key, the same for the same row in every model of a solve: its kind first (a plan rule's
key, "start", "clique", "cover", "rank", "level"), then what it is about (group keys, indices)."""


@dataclass
class Row:
    """lo <= Σ coeffs · vars <= hi, with a name for people and a key for dual prices."""

    name: str
    key: RowKey
    vars: list[int]
    coeffs: list[int]
    lo: float | None
    hi: float | None


@dataclass
class LinearModel:
    names: list[str] = field(default_factory=list)
    upper: list[int] = field(default_factory=list)
    lower: list[int] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def new_var(self, name: str, upper: int, lower: int = 0) -> int:
        self.names.append(name)
        self.upper.append(upper)
        self.lower.append(lower)
        return len(self.names) - 1

    def add(
        self,
        name: str,
        key: RowKey,
        vars: list[int],
        coeffs: list[int] | None,
        lo: int | None,
        hi: int | None,
    ) -> None:
        self.rows.append(Row(name, key, vars, coeffs if coeffs is not None else [1] * len(vars), lo, hi))


@dataclass
class StaffingModel:
    model: LinearModel
    candidates: Candidates
    assign: list[int]
    """Variable index of each candidate row."""
    starts: dict[tuple[int, int, int], int]
    """(request, earliest, day) -> variable index."""
    levels: dict[str, tuple[list[int], list[int]]]
    """Objective level name -> (variables, coefficients), each level stated as a maximisation."""
    pins: list[int] = field(default_factory=list)
    """Candidate rows that are pinned."""
    request_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    returning_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    earliest_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    hours_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    free_of_row: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    rival_of: dict[int, set[int]] = field(default_factory=dict)
    """Request -> the requests it competes with (rule 2)."""


def _groups(keys: np.ndarray) -> list[np.ndarray]:
    """Row indices grouped by equal key, groups of two or more rows only."""
    if len(keys) == 0:
        return []
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    cuts = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
    return [g for g in np.split(order, cuts) if len(g) > 1]


def build_model(
    bench: Bench,
    found: Candidates,
    pins: set[tuple[int, int]],
    *,
    cover_seats: int = DEFAULT_SETTINGS.cover_seats,
) -> StaffingModel:
    """The model over the candidate pairs `found`; `cover_seats` caps the seats per specialist for
    which hour-cover rows are enumerated (`SolverSettings.cover_seats`)."""
    problem = bench.problem
    model = LinearModel()
    spec, g = found.specialist, found.role
    requests = problem.requests
    roles = bench.roles
    table = Seats.of(bench, spec, g)
    req, returning, earliest, hours = table.request, table.returning, table.earliest, table.hours
    facts = [bench.facts(r) for r in requests]
    ids = bench.ids
    assign = [
        model.new_var(f"assign[{ids[s]} -> {requests[r].id}/{roles[k].id}]", 1)
        for s, r, k in zip(spec.tolist(), req.tolist(), g.tolist(), strict=True)
    ]

    # Rule 8 — pins: every pinned (specialist, role) is in the plan.
    pinned_rows = [i for i, key in enumerate(zip(spec.tolist(), g.tolist(), strict=True)) if key in pins]
    for i in pinned_rows:
        model.lower[assign[i]] = 1

    # Rules 2–6 — every plan-wide rule over seats (`rules.PLAN_RULES`): one row Σ weight · assign ≤ cap
    # per group the candidate pairs could overfill, keyed (rule, group) so pricing finds its dual.
    for rule in rules.PLAN_RULES:
        if rule.start_days:
            continue
        limit = rule.limit(table)
        for members in overfillable(limit):
            key = int(limit.group[members[0]])
            model.add(
                f"{rule.key}({limit.describe(key)})",
                (rule.key, key),
                [assign[i] for i in limit.seat[members].tolist()],
                limit.weight[members].tolist(),
                None,
                int(limit.cap[members[0]]),
            )

    # Rules 2–4 together — conflict cliques: two seats of one specialist conflict when they are on
    # the same request, on competing requests, or their hours together exceed the free hours. Every
    # maximal clique of that graph spanning two or more requests is a valid row (Σ ≤ 1) that the
    # hours row alone does not give the LP (20x + 15y <= 30 allows x = 1, y = 2/3). A pair left out
    # of the working model has coefficient 0 in these rows, which keeps them valid for pricing.
    rival_of: dict[int, set[int]] = defaultdict(set)
    for a, b in competitors.competing_request_pairs(problem):
        rival_of[a].add(b)
        rival_of[b].add(a)
    for rows in _groups(spec):
        if len(set(req[rows].tolist())) < 2:
            continue
        s = int(spec[rows[0]])
        for k, clique in enumerate(conflict_cliques(rows, req, hours, int(bench.free_hours[s]), rival_of)):
            model.add(
                f"conflicts({ids[s]}, {k})", ("clique", s, k), [assign[i] for i in clique], None, None, 1
            )

    # Rule 4 — minimal hour covers (see `cuts.hour_covers`); valid for left-out pairs as the cliques are.
    for rows in _groups(spec):
        s = int(spec[rows[0]])
        free = int(bench.free_hours[s])
        if len(set(req[rows].tolist())) < 3 or int(hours[rows].sum()) <= free:
            continue
        for k, cover in enumerate(hour_covers(rows, req, hours, free, rival_of, cover_seats)):
            model.add(
                f"hour_cover({ids[s]}, {k})",
                ("cover", s, k),
                [assign[i] for i in cover],
                None,
                None,
                len(cover) - 1,
            )

    # Rule 7 — start dates and onboarding capacity (returning people need no onboarding).
    starts: dict[tuple[int, int, int], int] = {}
    for r, request in enumerate(requests):
        days = len(request.ramp)
        capacity = facts[r].capacity
        by_earliest: dict[int, list[int]] = defaultdict(list)
        for i in np.flatnonzero((req == r) & ~returning).tolist():
            by_earliest[int(earliest[i])].append(i)
        on_day: dict[int, list[int]] = defaultdict(list)
        for e, released in sorted(by_earliest.items()):
            flows = []
            for t in range(e, days):
                if capacity[t] > 0:
                    # bounded by the onboarding row only, so its dual prices the day's capacity
                    y = model.new_var(f"starts[{request.id}, earliest={e}, on={t}]", int(capacity.sum()))
                    starts[(r, e, t)] = y
                    flows.append(y)
                    on_day[t].append(y)
            people = [assign[i] for i in released]
            model.add(
                f"start_dates({request.id}, earliest={e})",
                ("start", r, e),
                flows + people,
                [1] * len(flows) + [-1] * len(people),
                0,
                0,
            )
        for t, flows in on_day.items():
            key = ramp.day_key(bench, r, t)
            model.add(
                f"onboarding_capacity({request.id}, day={t})",
                ("onboarding_capacity", key),
                flows,
                None,
                None,
                int(capacity[t]),
            )

    # Objective levels, each stated as a maximisation (ramp and cost negated).
    priority = (
        np.array([r.priority for r in requests], dtype=np.int64)[req] if len(req) else np.zeros(0, np.int64)
    )
    quality = bench.pair_quality_milli(spec, g) if len(spec) else np.zeros(0, dtype=np.int64)
    cost = bench.rate_cents[spec] * hours if len(spec) else np.zeros(0, dtype=np.int64)
    ret_rows = np.flatnonzero(returning).tolist()
    levels = {
        "fill": (assign, priority.tolist()),
        "continuity": ([assign[i] for i in ret_rows], [1] * len(ret_rows)),
        "quality": (assign, quality.tolist()),
        "ramp": (
            [assign[i] for i in ret_rows] + list(starts.values()),
            [-int(earliest[i]) for i in ret_rows] + [-t for (_r, _e, t) in starts],
        ),
        "cost": (assign, (-cost).tolist()),
    }
    return StaffingModel(
        model=model,
        candidates=found,
        assign=assign,
        starts=starts,
        levels=levels,
        pins=pinned_rows,
        request_of_row=req,
        returning_of_row=returning,
        earliest_of_row=earliest,
        hours_of_row=hours,
        free_of_row=bench.free_hours[spec].astype(np.int64) if len(spec) else np.zeros(0, dtype=np.int64),
        rival_of=dict(rival_of),
    )
