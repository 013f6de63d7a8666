"""Valid inequalities for the staffing model beyond the rules: one specialist's seats at a time.

All three families are valid for every plan and stay valid for pricing (a pair left out of the
working model has coefficient 0 in them, and a subset of such a row is still valid):
- conflict cliques (`conflict_cliques`): per specialist, every maximal clique of its seat-conflict
  graph (same request, competing requests, or two seats whose hours exceed the free hours) spanning
  two or more requests; `model.build_model` adds them;
- hour covers (`hour_covers`): per specialist with few enough seats (`SolverSettings.cover_seats`),
  every minimal set of three or more pairwise-fitting seats whose hours exceed the free hours (Σ ≤ size - 1);
  `model.build_model` adds them;
- rank cuts (`rank_cuts`, added by `search.LevelSearch` while separating on the LP optimum):
  Σ_S ≤ α(S) for a set S of one specialist's seats, α the most of them one person can hold
  together — they include the two families above and cut what they miss (covers joined by seats
  competing with part of them).
  On the L bench one round took the quality LP bound from 7,221,760 to 7,221,586 (optimum 7,221,585)
  and the cost LP bound from 561.6 M to 573.3 M;
- hull cuts (`hull_cuts`, separated first; a rank cut only for a specialist without one): Σ cⱼ xⱼ ≤ α
  with whole weights, the most violated facet of one specialist's seat sets. What rank cuts cannot
  cut: identical requests of rival clients let the LP put a person at ½ on four of five requests.
  On the service family (five requests asking for the same roles) the quality LP became whole at
  the optimum (6,758,873; bound 6,758,986 with rank cuts only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

import highspy
import numpy as np

from surgebench.staffing.lp_engines import quiet_highs

if TYPE_CHECKING:  # model imports this module for the cliques and covers
    from surgebench.staffing.model import StaffingModel


class RankCut(NamedTuple):
    """Σ over these working-model rows ≤ alpha."""

    rows: list[int]
    alpha: int


def conflict_cliques(
    rows: np.ndarray, req: np.ndarray, hours: np.ndarray, free: int, rival_of: Mapping[int, set[int]]
) -> list[list[int]]:
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


def hour_covers(
    rows: np.ndarray,
    req: np.ndarray,
    hours: np.ndarray,
    free: int,
    rival_of: Mapping[int, set[int]],
    max_seats: int,
) -> list[list[int]]:
    """Minimal covers of one specialist's hours row among seats that pairwise fit: three or more
    seats on distinct, non-competing requests whose hours together exceed the free hours, while
    every one of them left out fits. Each gives the valid row Σ ≤ size - 1, which the hours row
    alone does not give the LP (three 15-hour seats on 40 free hours: 15(x + y + z) <= 40 allows
    x = y = z = 8/9, the cover row allows at most 2 in all)."""
    items = rows.tolist()
    if len(items) > max_seats:
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


def rank_cuts(
    built: StaffingModel, raw: list[float], *, max_seats: int, tolerance: float = 1e-4
) -> list[RankCut]:
    """Violated rank rows of single specialists: for a set S of one specialist's seats, Σ_S ≤ α(S),
    where α(S) is the most seats of S one person can hold together (rules 2–4: distinct requests, no
    competing pair, hours within the free hours). This family holds the conflict cliques and the hour
    covers, and also what neither gives: a cover joined by seats that compete with part of it (free
    40 h, seats 10 h on A, 20 h on B, 15 h on C, 20 h on D, D competing with B and C: at most 2 in all,
    while x = (1, ½, ½, ½) keeps every clique, cover and hours row). Separated on the LP point `raw`
    (variable values): per specialist with a fractional seat, over its seats in the LP's support (the
    `max_seats` largest), the most violated set, then lifted greedily with the specialist's other
    working seats while α stays. Returns the cuts (rows, α); rows are working-model rows, so a
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
    cuts: list[RankCut] = []
    for group in np.split(order, np.flatnonzero(np.diff(spec[order])) + 1):
        if len(group) < 2:
            continue
        support = [int(i) for i in group if value[i] > 1e-6]
        if len(support) < 2:
            continue
        support.sort(key=lambda i: (-value[i], i))
        support = support[:max_seats]
        others = sorted((int(i) for i in group if int(i) not in support), key=lambda i: (-value[i], i))
        seats = support + others[: max(0, max_seats - len(support))]
        n = len(seats)
        ok = _fits(seats, req, hours, int(free_of[seats[0]]), rival_of)
        full = 1 << n
        alpha = [0] * full
        for m in range(1, full):
            rest = m & (m - 1)
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
        cuts.append(RankCut([seats[j] for j in range(n) if m >> j & 1], alpha[m]))
    return cuts


class HullCut(NamedTuple):
    """Σ coeffs · (these working-model rows) ≤ alpha, whole coefficients ≥ 1."""

    rows: list[int]
    coeffs: list[int]
    alpha: int


def _fits(
    seats: list[int], req: np.ndarray, hours: np.ndarray, free: int, rival_of: Mapping[int, set[int]]
) -> list[bool]:
    """For every subset (bit mask) of `seats`: can one person hold them all together (rules 2–4:
    distinct requests, no competing pair, hours within `free`)?"""
    n = len(seats)
    r_of = [int(req[i]) for i in seats]
    h_of = [int(hours[i]) for i in seats]
    clash = [0] * n
    for a in range(n):
        for b in range(n):
            if a != b and (r_of[a] == r_of[b] or r_of[b] in rival_of.get(r_of[a], ())):
                clash[a] |= 1 << b
    full = 1 << n
    total = [0] * full
    ok = [True] * full
    for m in range(1, full):
        low = (m & -m).bit_length() - 1
        rest = m & (m - 1)
        total[m] = total[rest] + h_of[low]
        ok[m] = ok[rest] and not (clash[low] & rest) and total[m] <= free
    return ok


def _weights(coeffs: list[int], size: int) -> list[int]:
    """Σ coeffs over every subset (bit mask) of the first `size`.bit_length() - 1 seats."""
    weight = [0] * size
    for m in range(1, size):
        weight[m] = weight[m & (m - 1)] + coeffs[(m & -m).bit_length() - 1]
    return weight


def _hull_normal(ok: list[bool], xs: list[float]) -> list[float] | None:
    """The most violated facet π·x ≤ 1 (π ≥ 0) of one person's seat sets at the point `xs`: an LP over
    π with one row per largest set one person can hold; None when no such row cuts the point."""
    quiet_highs()
    n = len(xs)
    full = 1 << n
    largest = [
        m for m in range(1, full) if ok[m] and not any(ok[m | 1 << j] for j in range(n) if not m >> j & 1)
    ]
    highs = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy ships no annotation for its constructor
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.addVars(n, np.zeros(n), np.ones(n))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(xs, dtype=np.float64))
    starts: list[int] = []
    columns: list[int] = []
    for m in largest:
        starts.append(len(columns))
        columns.extend(j for j in range(n) if m >> j & 1)
    highs.addRows(
        len(largest),
        np.full(len(largest), -np.inf),
        np.ones(len(largest)),
        len(columns),
        np.asarray(starts, dtype=np.int32),
        np.asarray(columns, dtype=np.int32),
        np.ones(len(columns)),
    )
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    if float(highs.getInfo().objective_function_value) <= 1 + 1e-6:
        return None
    return [float(v) for v in highs.getSolution().col_value]


def hull_cuts(
    built: StaffingModel,
    raw: list[float],
    *,
    max_seats: int,
    max_denominator: int,
    tolerance: float = 1e-4,
) -> list[HullCut]:
    """Violated rows of single specialists' seat hulls, with whole coefficients: Σ cⱼ xⱼ ≤ α, α the
    most Σ c of seats one person can hold together (rules 2–4), found by enumeration, so every row
    is valid whatever the LP that suggested c. Rank cuts (`rank_cuts`, all c = 1) miss what needs
    weights: a person free for two 20-hour seats, offered one on each of five requests of which
    A, B, C compete with D, E: x = ½ on A, B, C, D keeps every rank row (any four hold at most 2),
    yet no mix of whole plans gives it, since A + B + C + 2D ≤ 2 holds for all of them and the point
    has 2.5. Identical requests (the same roles asked by several requests of rival clients, as the
    service's own problems are) fill the quality LP with such halves.

    Per specialist with a fractional seat, over its seats in the LP's support (and the next, up to
    `max_seats`): the most violated facet of the hull (an LP over the normal, `_hull_normal`),
    scaled to whole numbers when a factor up to `max_denominator` makes it whole (else skipped),
    then lifted: each seat whose coefficient is 0 takes the most that keeps α."""
    assign = built.assign
    spec = built.candidates.specialist
    req, hours, free_of = built.request_of_row, built.hours_of_row, built.free_of_row
    value = np.array([raw[v] for v in assign]) if assign else np.zeros(0)
    frac = np.flatnonzero((value > 1e-6) & (value < 1 - 1e-6))
    if len(frac) == 0:
        return []
    fractional_specs = np.unique(spec[frac])
    rows_all = np.flatnonzero(np.isin(spec, fractional_specs))
    order = rows_all[np.argsort(spec[rows_all], kind="stable")]
    cuts: list[HullCut] = []
    for group in np.split(order, np.flatnonzero(np.diff(spec[order])) + 1):
        support = sorted((int(i) for i in group if value[i] > 1e-6), key=lambda i: (-value[i], i))
        if len(support) < 2:
            continue
        support = support[:max_seats]
        others = sorted((int(i) for i in group if int(i) not in support), key=lambda i: (-value[i], i))
        seats = support + others[: max(0, max_seats - len(support))]
        ok = _fits(seats, req, hours, int(free_of[seats[0]]), built.rival_of)
        xs = [float(value[i]) for i in seats]
        normal = _hull_normal(ok[: 1 << len(support)], xs[: len(support)])
        if normal is None:
            continue
        coeffs = None
        for k in range(1, max_denominator + 1):
            scaled = [k * p for p in normal]
            if all(abs(s - round(s)) < 1e-6 for s in scaled):
                coeffs = [round(s) for s in scaled] + [0] * (len(seats) - len(normal))
                break
        if coeffs is None or not any(coeffs):
            continue
        weight = _weights(coeffs, len(ok))
        alpha = max(w for w, fits in zip(weight, ok, strict=True) if fits)
        for j in range(len(normal), len(seats)):  # lift the seats outside the support, in turn
            bit = 1 << j
            with_j = max(
                (w for m, (w, fits) in enumerate(zip(weight, ok, strict=True)) if fits and m & bit),
                default=alpha,
            )
            if with_j < alpha:
                coeffs[j] = alpha - with_j
                weight = _weights(coeffs, len(ok))
        if sum(c * x for c, x in zip(coeffs, xs, strict=True)) - alpha <= tolerance:
            continue
        kept = [j for j in range(len(seats)) if coeffs[j]]
        cuts.append(HullCut([seats[j] for j in kept], [coeffs[j] for j in kept], alpha))
    return cuts
