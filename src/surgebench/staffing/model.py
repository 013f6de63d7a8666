"""The staffing model as plain linear rows, built in blocks headed by the rule each encodes.

Variables:
- `assign[S1 -> Q1/py]` (0/1) — one per candidate pair left by `candidates.build_candidates`;
- `starts[Q1, earliest=e, on=t]` (integer) — how many non-returning people of request Q1 whose
  earliest possible ramp index is e start on ramp day t (t >= e). Onboarding capacity is then a
  transportation problem over these counts, so no per-person start variables are needed: any split
  of a class's people over its days gives the same objective, and `solve` hands out days afterwards.

Rows beyond the rules, all valid for every plan and kept valid for pricing (a pair left out of the
working model has coefficient 0 in them, and a subset of such a row is still valid):
- conflict cliques: per specialist, every maximal clique of its seat-conflict graph (same request,
  competing requests, or two seats whose hours exceed the free hours) spanning two or more requests;
- hour covers: per specialist with at most COVER_SEATS seats, every minimal set of three or more
  pairwise-fitting seats whose hours exceed the free hours (Σ ≤ size - 1);
- rank cuts (`rank_cuts`, added by `solve` while separating on the LP optimum): Σ_S ≤ α(S) for a set S
  of one specialist's seats, α the most of them one person can hold together — they include the
  two families above and cut what they miss (covers joined by seats competing with part of them).
  On the L bench one round took the quality LP bound from 7,221,760 to 7,221,586 (optimum 7,221,585)
  and the cost LP bound from 561.6 M to 573.3 M.

The model is solver-neutral (rows of variable indices and coefficients); `backends` hands it to
an OR-Tools solver.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates
from surgebench.staffing.rules import competitors, seats


@dataclass
class Row:
    """lo <= Σ coeffs · vars <= hi, with a name for people and a key for dual prices."""

    name: str
    key: tuple
    vars: list[int]
    coeffs: list[int]
    lo: int | None
    hi: int | None


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
        self, name: str, key: tuple, vars: list[int], coeffs: list[int] | None, lo: int | None, hi: int | None
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


def _conflict_cliques(rows, req, hours, free: int, rival_of) -> list[list[int]]:
    """Maximal cliques of one specialist's seat-conflict graph that span two or more requests and
    are not already a competitors row (all seats of two competing requests)."""
    items = rows.tolist()
    r_of = [int(req[i]) for i in items]
    h_of = [int(hours[i]) for i in items]
    n = len(items)
    cross = False
    adj = [0] * n
    for a in range(n):
        for b in range(a + 1, n):
            ra, rb = r_of[a], r_of[b]
            if ra == rb or rb in rival_of.get(ra, ()) or h_of[a] + h_of[b] > free:
                adj[a] |= 1 << b
                adj[b] |= 1 << a
                if ra != rb and rb not in rival_of.get(ra, ()):
                    cross = True
    if not cross:
        return []
    found: list[int] = []

    def expand(r: int, p: int, x: int) -> None:
        if not p and not x:
            found.append(r)
            return
        pivot_set = p | x
        pivot = max((u for u in range(n) if pivot_set >> u & 1), key=lambda u: bin(adj[u] & p).count("1"))
        candidates = p & ~adj[pivot]
        while candidates:
            v = (candidates & -candidates).bit_length() - 1
            candidates &= candidates - 1
            expand(r | 1 << v, p & adj[v], x & adj[v])
            p &= ~(1 << v)
            x |= 1 << v

    expand(0, (1 << n) - 1, 0)
    out = []
    for mask in sorted(found):
        members = [a for a in range(n) if mask >> a & 1]
        requests = {r_of[a] for a in members}
        if len(requests) < 2:
            continue
        if len(requests) == 2:
            a, b = requests
            if b in rival_of.get(a, ()) and len(members) == sum(1 for r in r_of if r in requests):
                continue
        out.append([items[a] for a in members])
    return out


COVER_SEATS = 16
"""Specialists with more candidate seats than this get no cover rows (the enumeration is exponential)."""


def _hour_covers(rows, req, hours, free: int, rival_of) -> list[list[int]]:
    """Minimal covers of one specialist's hours row among seats that pairwise fit: three or more
    seats on distinct, non-competing requests whose hours together exceed the free hours, while
    every one of them left out fits. Each gives the valid row Σ ≤ size - 1, which the hours row
    alone does not give the LP (three 15-hour seats on 40 free hours: 15(x + y + z) <= 40 allows
    x = y = z = 8/9, the cover row allows at most 2 in all)."""
    items = rows.tolist()
    if len(items) > COVER_SEATS:
        return []
    n = len(items)
    r_of = [int(req[i]) for i in items]
    h_of = [int(hours[i]) for i in items]
    fits = [
        [
            a != b
            and r_of[a] != r_of[b]
            and r_of[b] not in rival_of.get(r_of[a], ())
            and h_of[a] + h_of[b] <= free
            for b in range(n)
        ]
        for a in range(n)
    ]
    out: list[list[int]] = []

    def grow(members: list[int], total: int, smallest: int, start: int) -> None:
        if len(members) >= 3 and total > free:
            if total - smallest <= free:  # minimal: every seat left out fits
                out.append([items[a] for a in members])
            return
        for b in range(start, n):
            if all(fits[a][b] for a in members):
                grow(members + [b], total + h_of[b], min(smallest, h_of[b]), b + 1)

    grow([], 0, 1 << 30, 0)
    return out


def build_model(bench: Bench, found: Candidates, pins: set[tuple[int, int]]) -> StaffingModel:
    problem = bench.problem
    model = LinearModel()
    spec, g = found.specialist, found.role
    refs = found.roles
    request_of_role = np.array([ref.request_index for ref in refs], dtype=np.int64)
    requests = problem.requests
    roles = [requests[ref.request_index].roles[ref.role_index] for ref in refs]
    req = request_of_role[g] if len(g) else np.zeros(0, dtype=np.int64)
    facts = [bench.facts(r) for r in requests]
    returning = np.zeros(len(spec), dtype=bool)
    earliest = np.zeros(len(spec), dtype=np.int64)
    for r in range(len(requests)):
        rows = req == r
        returning[rows] = facts[r].returning[spec[rows]]
        earliest[rows] = facts[r].earliest[spec[rows]]
    hours = (
        np.array([role.hours_per_week for role in roles], dtype=np.int64)[g]
        if len(g)
        else np.zeros(0, np.int64)
    )
    ids = bench.ids
    assign = [
        model.new_var(f"assign[{ids[s]} -> {requests[r].id}/{roles[k].id}]", 1)
        for s, r, k in zip(spec.tolist(), req.tolist(), g.tolist(), strict=True)
    ]

    # Rule 8 — pins: every pinned (specialist, role) is in the plan.
    pinned_rows = [i for i, key in enumerate(zip(spec.tolist(), g.tolist(), strict=True)) if key in pins]

    # Rule 3 — one seat per request.
    for rows in _groups(spec * len(requests) + req):
        s, r = int(spec[rows[0]]), int(req[rows[0]])
        model.add(
            f"one_seat({ids[s]}, {requests[r].id})", ("seat", s, r), [assign[i] for i in rows], None, None, 1
        )

    # Rule 2 — no seats on two competing requests.
    competing = competitors.competing_request_pairs(problem)
    if competing:
        for rows in _groups(spec):
            held = set(req[rows].tolist())
            for a, b in competing:
                if a in held and b in held:
                    both = [assign[i] for i in rows if req[i] in (a, b)]
                    s = int(spec[rows[0]])
                    model.add(
                        f"competitors({ids[s]}, {requests[a].id}, {requests[b].id})",
                        ("rival", s, a, b),
                        both,
                        None,
                        None,
                        1,
                    )

    # Rule 4 — hours summed over all seats fit the specialist's free hours.
    for rows in _groups(spec):
        free = int(bench.free_hours[spec[rows[0]]])
        if int(hours[rows].sum()) > free:
            model.add(
                f"hours({ids[spec[rows[0]]]})",
                ("hours", int(spec[rows[0]])),
                [assign[i] for i in rows],
                hours[rows].tolist(),
                None,
                free,
            )

    # Rules 2–4 together — conflict cliques: two seats of one specialist conflict when they are on
    # the same request, on competing requests, or their hours together exceed the free hours. Every
    # maximal clique of that graph spanning two or more requests is a valid row (Σ ≤ 1) that the
    # hours row alone does not give the LP (20x + 15y <= 30 allows x = 1, y = 2/3). A pair left out
    # of the working model has coefficient 0 in these rows, which keeps them valid for pricing.
    rival_of: dict[int, set[int]] = defaultdict(set)
    for a, b in competing:
        rival_of[a].add(b)
        rival_of[b].add(a)
    for rows in _groups(spec):
        if len(set(req[rows].tolist())) < 2:
            continue
        s = int(spec[rows[0]])
        for k, clique in enumerate(_conflict_cliques(rows, req, hours, int(bench.free_hours[s]), rival_of)):
            model.add(
                f"conflicts({ids[s]}, {k})", ("clique", s, k), [assign[i] for i in clique], None, None, 1
            )

    # Rule 4 — minimal hour covers (see `_hour_covers`); valid for left-out pairs as the cliques are.
    for rows in _groups(spec):
        s = int(spec[rows[0]])
        free = int(bench.free_hours[s])
        if len(set(req[rows].tolist())) < 3 or int(hours[rows].sum()) <= free:
            continue
        for k, cover in enumerate(_hour_covers(rows, req, hours, free, rival_of)):
            model.add(
                f"hour_cover({ids[s]}, {k})",
                ("cover", s, k),
                [assign[i] for i in cover],
                None,
                None,
                len(cover) - 1,
            )

    # Rule 5 — headcount.
    for rows in _groups(g):
        role = roles[int(g[rows[0]])]
        if len(rows) > role.headcount:
            model.add(
                f"headcount({role.id})",
                ("headcount", int(g[rows[0]])),
                [assign[i] for i in rows],
                None,
                None,
                role.headcount,
            )

    # Rule 6 — country share.
    country = bench.country[spec].astype(np.int64) if len(spec) else np.zeros(0, dtype=np.int64)
    for rows in _groups(g * (len(bench.countries) + 1) + country):
        role = roles[int(g[rows[0]])]
        cap = seats.country_cap(role)
        if cap is not None and len(rows) > cap:
            c = int(country[rows[0]])
            model.add(
                f"country_share({role.id}, {bench.countries[c]})",
                ("country", int(g[rows[0]]), c),
                [assign[i] for i in rows],
                None,
                None,
                cap,
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
        for e, rows in sorted(by_earliest.items()):
            flows = []
            for t in range(e, days):
                if capacity[t] > 0:
                    # bounded by the onboarding row only, so its dual prices the day's capacity
                    y = model.new_var(f"starts[{request.id}, earliest={e}, on={t}]", int(capacity.sum()))
                    starts[(r, e, t)] = y
                    flows.append(y)
                    on_day[t].append(y)
            people = [assign[i] for i in rows]
            model.add(
                f"start_dates({request.id}, earliest={e})",
                ("start", r, e),
                flows + people,
                [1] * len(flows) + [-1] * len(people),
                0,
                0,
            )
        for t, flows in on_day.items():
            model.add(
                f"onboarding({request.id}, day={t})", ("onboard", r, t), flows, None, None, int(capacity[t])
            )

    # Objective levels, each stated as a maximisation (ramp and cost negated).
    priority = (
        np.array([r.priority for r in requests], dtype=np.int64)[req] if len(req) else np.zeros(0, np.int64)
    )
    quality = bench.quality_milli[spec] if len(spec) else np.zeros(0, dtype=np.int64)
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


RANK_SEATS = 12
"""Rank-cut separation looks at most this many seats of one specialist (2^n subsets)."""


def rank_cuts(built: StaffingModel, raw: list[float], tolerance: float = 1e-4) -> list[tuple[list[int], int]]:
    """Violated rank rows of single specialists: for a set S of one specialist's seats, Σ_S ≤ α(S),
    where α(S) is the most seats of S one person can hold together (rules 2–4: distinct requests, no
    competing pair, hours within the free hours). This family holds the conflict cliques and the hour
    covers, and also what neither gives: a cover joined by seats that compete with part of it (free
    40 h, seats 10 h on A, 20 h on B, 15 h on C, 20 h on D, D competing with B and C: at most 2 in all,
    while x = (1, ½, ½, ½) keeps every clique, cover and hours row). Separated on the LP point `raw`
    (variable values): per specialist with a fractional seat, over its seats in the LP's support (the
    RANK_SEATS largest), the most violated set, then lifted greedily with the specialist's other
    working seats while α stays. Returns (candidate rows, α) pairs; rows are working-model rows, so a
    pair left out of the working model has coefficient 0, which keeps the row valid for pricing."""
    assign = built.assign
    spec = built.candidates.specialist
    req, hours, free_of = built.request_of_row, built.hours_of_row, built.free_of_row
    rival_of = built.rival_of
    value = np.array([raw[v] for v in assign]) if assign else np.zeros(0)
    frac = np.flatnonzero((value > 1e-6) & (value < 1 - 1e-6))
    if len(frac) == 0:
        return []
    fractional_specs = np.unique(spec[frac])
    mask = np.isin(spec, fractional_specs)
    rows_all = np.flatnonzero(mask)
    order = rows_all[np.argsort(spec[rows_all], kind="stable")]
    cuts: list[tuple[list[int], int]] = []
    for group in np.split(order, np.flatnonzero(np.diff(spec[order])) + 1):
        if len(group) < 2:
            continue
        support = [int(i) for i in group if value[i] > 1e-6]
        if len(support) < 2:
            continue
        support.sort(key=lambda i: (-value[i], i))
        support = support[:RANK_SEATS]
        others = sorted((int(i) for i in group if int(i) not in support), key=lambda i: (-value[i], i))
        seats = support + others[: max(0, RANK_SEATS - len(support))]
        n = len(seats)
        free = int(free_of[seats[0]])
        r_of = [int(req[i]) for i in seats]
        h_of = [int(hours[i]) for i in seats]
        clash = [0] * n
        for a in range(n):
            for b in range(n):
                if a != b and (r_of[a] == r_of[b] or r_of[b] in rival_of.get(r_of[a], ())):
                    clash[a] |= 1 << b
        full = 1 << n
        alpha = [0] * full
        total_h = [0] * full
        ok = [True] * full
        for m in range(1, full):
            low = (m & -m).bit_length() - 1
            rest = m & (m - 1)
            total_h[m] = total_h[rest] + h_of[low]
            ok[m] = ok[rest] and not (clash[low] & rest) and total_h[m] <= free
            if ok[m]:
                alpha[m] = alpha[rest] + 1
            else:
                best = 0
                x = m
                while x:
                    b = x & -x
                    x ^= b
                    if alpha[m ^ b] > best:
                        best = alpha[m ^ b]
                alpha[m] = best
        k = len(support)
        xs = [float(value[i]) for i in seats]
        best_mask, best_violation = 0, tolerance
        for m in range(3, 1 << k):
            if m & (m - 1) == 0:
                continue
            total = 0.0
            x = m
            while x:
                b = x & -x
                total += xs[b.bit_length() - 1]
                x ^= b
            violation = total - alpha[m]
            if violation > best_violation + 1e-9:
                best_mask, best_violation = m, violation
        if not best_mask:
            continue
        m = best_mask
        for j in range(n):  # lift: every seat whose joining keeps α
            if not m >> j & 1 and alpha[m | 1 << j] == alpha[m]:
                m |= 1 << j
        cuts.append(([seats[j] for j in range(n) if m >> j & 1], alpha[m]))
    return cuts
