"""`solve(problem) -> Plan`: lexicographic passes, each proven by an LP bound where possible.

1. Pins (rule 8): if they cannot all be kept, return an "infeasible" plan naming them.
2. Candidate pairs, exactly reduced (`candidates`); a greedy valid plan as the first incumbent.
3. For each level — fill, continuity, quality, ramp, cost — with the levels above fixed at their
   value: solve the LP relaxation of the working model (GLOP), growing the working set by pricing
   (`pricing`) until no left-out pair could improve it, so the LP value bounds the whole problem.
   An LP optimum that rounds to a valid solution of the same value is proven optimal. Otherwise
   rank cuts (`model.rank_cuts`) the fractional optimum breaks are added and the LP re-solved and
   re-priced, while the bound moves (CUT_STALL) and the level's cut time (CUT_SHARE) lasts; the cuts
   stay for every later level and working model. Then
   "dives" (SCIP with most pairs fixed: the LP's whole pairs kept, or every pair neither the LP nor
   the incumbent uses left out) and, for moderate sizes, the full MIP over the working set with
   reduced-cost fixing look for a solution that reaches the bound. Levels above the last whose LP
   bound is within FIXED_PROOF_SLACK of the best dive get a reduced-cost fixed MIP (`_fixed_proof`)
   that proves the incumbent (or a better solution) optimal for the whole problem; the last level
   (cost) runs the full MIP up to LAST_LEVEL_MIP_LIMIT pairs, other levels up to FULL_MIP_LIMIT, and
   the reduced-cost retry adds the left-out pairs that could still improve (up to RETRY_LIMIT).
   After each level the chosen
   people's start counts are recomputed as the best for them (`greedy.best_start_counts`), so the
   ramp level starts from the best ramp the level above allows.
4. Hand out start dates per (request, earliest day) class — best quality first, earliest day first —
   recompute the objective from the assignments and list the shortfall.

Status "optimal" means every level reached its proven bound; otherwise "feasible" (still a valid
plan: every incumbent along the way is). All solvers run single-threaded and deterministically, so
the same problem gives the same plan whenever the solve finishes within its time limit.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from surgebench.staffing.backends import LpFirstBackend, MipBackend, PassResult, satisfies
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates, build_candidates, pinned_pairs, role_refs
from surgebench.staffing.greedy import best_start_counts, greedy_plan
from surgebench.staffing.model import StaffingModel, build_model, rank_cuts
from surgebench.staffing.objective import evaluate
from surgebench.staffing.pins import pin_conflicts
from surgebench.staffing.plan import Assignment, LevelReport, Plan
from surgebench.staffing.pricing import ColumnFacts, initial_columns
from surgebench.staffing.problem import Problem
from surgebench.staffing.shortfall import compute_shortfall

LEVEL_ORDER = ("fill", "continuity", "quality", "ramp", "cost")
MINIMISED = {"ramp", "cost"}


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a solve: which level, best value and bound so far (in the level's own sense)."""

    level: str
    best: int
    bound: int
    elapsed: float
    proven: bool = False


def _start_dates(bench: Bench, built: StaffingModel, chosen: list[int], starts: dict) -> dict[int, int]:
    """Row -> ramp index: returning people at their earliest day, newcomers by class, best quality first."""
    problem = bench.problem
    spec = built.candidates.specialist
    classes: dict[tuple[int, int], list[int]] = defaultdict(list)
    day_of: dict[int, int] = {}
    for i in chosen:
        r, e = int(built.request_of_row[i]), int(built.earliest_of_row[i])
        if built.returning_of_row[i]:
            day_of[i] = e
        else:
            classes[(r, e)].append(i)
    for (r, e), rows in classes.items():
        rows.sort(key=lambda i: (-int(bench.quality_milli[spec[i]]), bench.ids[spec[i]]))
        slots = []
        for t in range(e, len(problem.requests[r].ramp)):
            slots.extend([t] * starts.get((r, e, t), 0))
        for i, t in zip(rows, slots, strict=False):
            day_of[i] = t
    return day_of


def _assignments(
    bench: Bench, built: StaffingModel, values: list[int], starts: dict
) -> tuple[Assignment, ...]:
    problem = bench.problem
    found = built.candidates
    chosen = [i for i, v in enumerate(values) if v]
    day_of = _start_dates(bench, built, chosen, starts)
    out = []
    for i in chosen:
        ref = found.roles[int(found.role[i])]
        request = problem.requests[ref.request_index]
        s = int(found.specialist[i])
        out.append(
            (
                ref.g,
                bench.ids[s],
                Assignment(
                    specialist=bench.ids[s],
                    request=request.id,
                    role=request.roles[ref.role_index].id,
                    start=request.ramp[day_of[i]].date,
                    returning=bool(built.returning_of_row[i]),
                ),
            )
        )
    out.sort(key=lambda item: (item[0], item[1]))
    return tuple(a for _g, _id, a in out)


def _infeasible(bench: Bench, conflicts, started: float) -> Plan:
    return Plan(
        status="infeasible",
        assignments=(),
        objective=evaluate(bench.problem, ()),
        shortfall=compute_shortfall(bench, ()),
        solve_seconds=time.perf_counter() - started,
        infeasible_pins=tuple(conflicts),
    )


PRICING_BATCH = 20_000
"""Most left-out pairs (best reduced cost first) added to the working set per pricing round."""
log = logging.getLogger(__name__)

PRICING_NEIGHBOURS = 5_000
"""Pairs added per pricing round even when fewer price in (the best reduced costs next in line)."""
DUAL_SIMPLEX_LEVELS = {"quality", "ramp", "cost"}
"""Levels whose LP GLOP re-solves faster with the dual simplex (see `backends.GLOP_DUAL`)."""
DIVES = ("whole", "union", "agreed")
"""Dives tried in turn after a fractional LP optimum (see `_solve_level`). Measured on the L bench:
rerunning the union dive around each new incumbent gained 20 quality points and cost the later
levels' dives the time they needed. The "whole" dive is skipped on ramp and cost: on the M and L
benches it never found a solution there (fixing every whole LP pair leaves the level rows unmet)."""
WHOLE_DIVE_LEVELS = {"fill", "continuity", "quality"}
FULL_MIP_LIMIT = 20_000
"""Working models with more pairs than this skip the full MIP after the dives (it does not pay off).
Measured on L (29,612-pair working set): the cost MIP proves the working-set optimum in ~36 s
(568,539,725 vs the dives' 569,007,300), but its reduced-cost retry then overran a 120 s limit."""
LAST_LEVEL_MIP_LIMIT = 40_000
"""The last level (cost) runs the full MIP up to this many pairs: nothing after it needs the time.
Measured on L (29,612 pairs, hour-cover rows in): it finds a cheaper plan than the dives."""
RETRY_LIMIT = 5_000
"""The reduced-cost retry runs only when at most this many left-out pairs could still improve the
level; more make a MIP that neither finishes nor leaves time for the levels below (measured on L:
81k pairs, ~50 s without proof). The LP bound stands otherwise."""
CUT_SHARE = 0.25
"""Most of a level's remaining time spent in rank-cut separation rounds."""
CUT_STALL = 1e-6
CUT_STALL_ROUNDS = 3
"""Separation stops once the bound moved by at most CUT_STALL (relative) over this many rounds."""
WORKING_SET = 60_000
"""Benches with more candidate pairs than this solve over a working set grown by pricing."""


@dataclass
class _Working:
    """The working model: which candidate pairs it holds, and the model built over them."""

    columns: np.ndarray
    built: StaffingModel
    found: Candidates
    lp: LpFirstBackend | None = None
    lp_fixed: int = 0
    """How many level fixes the cached LP already holds."""
    cuts: list = field(default_factory=list)
    """Rank cuts found so far, as (candidate pairs, α); shared by every working model of one solve."""


def _working_model(bench: Bench, found: Candidates, keep: np.ndarray, pins, cuts=()) -> _Working:
    """The model over the kept pairs, with every rank cut found so far (`cuts`: candidate pairs, α)
    whose pairs are all kept (the working set only grows, so that is every one)."""
    subset = Candidates(found.specialist[keep], found.role[keep], found.roles, found.total)
    work = _Working(
        np.flatnonzero(keep),
        build_model(bench, subset, pins),
        subset,
        cuts=cuts if isinstance(cuts, list) else list(cuts),
    )
    if cuts:
        row_of = {int(c): i for i, c in enumerate(work.columns.tolist())}
        for k, (pairs, alpha) in enumerate(cuts):
            if all(c in row_of for c in pairs):
                _add_cut(work, [row_of[c] for c in pairs], alpha, k)
    return work


def _add_cut(work: _Working, rows: list[int], alpha: int, k: int) -> None:
    built = work.built
    s = int(built.candidates.specialist[rows[0]])
    built.model.add(f"rank({s}, {k})", ("rank", s, k), [built.assign[i] for i in rows], None, None, alpha)
    if work.lp is not None:
        work.lp.add_row(built.model.rows[-1])


def _hint(work: _Working, chosen: set[int], starts: dict) -> list[int]:
    values = [0] * len(work.built.model.names)
    for row, column in enumerate(work.columns.tolist()):
        if column in chosen:
            values[work.built.assign[row]] = 1
    for key, var in work.built.starts.items():
        values[var] = starts.get(key, 0)
    return values


def _read(work: _Working, values: list[int]) -> tuple[set[int], dict]:
    chosen = {int(work.columns[row]) for row, var in enumerate(work.built.assign) if values[var]}
    return chosen, {key: values[var] for key, var in work.built.starts.items()}


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    progress: Callable[[ProgressEvent], None] | None = None,
    workers: int | None = None,
) -> Plan:
    """The lexicographically best plan for the problem, or the best found within `time_limit` seconds.

    `workers` is accepted for API stability; every solver used runs single-threaded so that the
    same problem always gives the same plan.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    bench = Bench(problem)
    conflicts, _pin_starts = pin_conflicts(bench)
    if conflicts:
        return _infeasible(bench, conflicts, started)
    found = build_candidates(bench)
    pins = pinned_pairs(bench, role_refs(bench))
    pinned = np.array(
        [(int(s), int(g)) in pins for s, g in zip(found.specialist, found.role, strict=True)], dtype=bool
    )
    columns = ColumnFacts(bench, found)
    # a valid plan to start from; the working set always holds the incumbent's pairs
    chosen, starts = greedy_plan(bench, found, columns, pinned)
    keep = initial_columns(bench, found, columns, pinned, WORKING_SET)
    keep[list(chosen)] = True
    fixed: list[tuple[str, int]] = []
    reports: list[LevelReport] = []
    all_proven = True
    work = _working_model(bench, found, keep, pins)
    for name in LEVEL_ORDER:
        sign = -1 if name in MINIMISED else 1
        level_started = time.perf_counter()
        if deadline - level_started <= 0.05:
            all_proven = False
            break

        def notify(best: int, bound: int, name: str = name, sign: int = sign) -> None:
            if progress:
                progress(ProgressEvent(name, sign * best, sign * bound, time.perf_counter() - started))

        outcome = _solve_level(
            bench, found, columns, keep, pins, fixed, name, chosen, starts, deadline, work, notify
        )
        if outcome is None:
            all_proven = False
            break
        work, keep, result, bound, proven = outcome
        chosen, _starts = _read(work, result.values)
        # the best start days for the chosen people: no level depends on them but ramp, which only
        # gets better (a proven ramp value is already at its bound, so it stays)
        starts = best_start_counts(bench, columns, chosen)
        if name == "ramp":
            result = _with_value(result, _value(work, name, _hint(work, chosen, starts)))
        reports.append(
            LevelReport(name, sign * result.value, sign * bound, proven, time.perf_counter() - level_started)
        )
        if progress:
            progress(
                ProgressEvent(name, sign * result.value, sign * bound, time.perf_counter() - started, proven)
            )
        all_proven = all_proven and proven
        fixed.append((name, result.value))
    assign_values = [1 if int(c) in chosen else 0 for c in work.columns.tolist()]
    assignments = _assignments(bench, work.built, assign_values, starts)
    return Plan(
        status="optimal" if all_proven else "feasible",
        assignments=assignments,
        objective=evaluate(problem, assignments),
        shortfall=compute_shortfall(bench, assignments),
        solve_seconds=time.perf_counter() - started,
        levels=tuple(reports),
    )


def _with_value(result: PassResult, value: int) -> PassResult:
    return PassResult(result.found, result.proven, max(value, result.value), result.bound, result.values)


def _engine(work: _Working, fixed: list[tuple[str, int]], kind: str):
    engine = LpFirstBackend(work.built.model) if kind == "lp" else MipBackend(work.built.model, "SCIP")
    for i in work.built.pins:
        engine.fix_var(work.built.assign[i], 1)
    for level_name, value in fixed:
        if kind == "lp":
            engine.fix(work.built.levels[level_name], value, ("level", level_name))
        else:
            engine.fix(work.built.levels[level_name], value)
    return engine


def _lp_engine(work: _Working, fixed: list[tuple[str, int]]) -> LpFirstBackend:
    """The working model's LP, built once and kept across levels (new level fixes appended)."""
    if work.lp is None:
        work.lp = _engine(work, fixed, "lp")
    else:
        for level_name, value in fixed[work.lp_fixed :]:
            work.lp.fix(work.built.levels[level_name], value, ("level", level_name))
    work.lp_fixed = len(fixed)
    return work.lp


def _value(work: _Working, name: str, values: list[int]) -> int:
    vars_, coeffs = work.built.levels[name]
    return sum(c * values[i] for i, c in zip(vars_, coeffs, strict=True))


def _keeps_levels(work: _Working, fixed: list[tuple[str, int]], values: list[int]) -> bool:
    """Every level above is still at its optimum: the model's rows do not hold the level fixes (only
    the solver engines do), so a rounded LP point must be checked against them exactly."""
    return all(_value(work, level_name, values) >= best for level_name, best in fixed)


def _fixed_proof(work, fixed, name, engine, rc, keep, hint, deadline) -> PassResult | None:
    """Reduced-cost fixing against the incumbent: a solution better than the incumbent (value at
    least incumbent + 1) keeps every variable whose LP reduced cost exceeds (LP value - incumbent - 1)
    at its LP bound, and uses no left-out pair of reduced cost below -(that slack). When no left-out
    pair is that close, the MIP over the working model with those variables fixed decides the level:
    its optimum (or its infeasibility) proves the incumbent or a better solution optimal for the whole
    problem. Returns the proven result, or None (no proof within FIXED_PROOF_SECONDS)."""
    incumbent = _value(work, name, hint)
    slack = engine.objective_value - (incumbent + 1)
    scale = 1e-6 * max(1.0, abs(engine.objective_value))
    if slack < 0 or slack > FIXED_PROOF_SLACK * max(1.0, abs(engine.objective_value)):
        return None
    if np.any(~keep & (rc > -slack - scale)):
        return None
    raw, reduced = engine.raw, engine.reduced_costs
    model = work.built.model
    fixes = []
    for var, (value, cost) in enumerate(zip(raw, reduced, strict=True)):
        if abs(cost) > slack + scale:
            for bound in (model.lower[var], model.upper[var]):
                if abs(value - bound) <= 1e-9:
                    fixes.append((var, bound))
    mip = _engine(work, fixed, "mip")
    for var, value in fixes:
        mip.bounds(var, value, value)
    budget = min(FIXED_PROOF_SECONDS, (deadline - time.perf_counter()) / 4)
    if budget <= 0.5:
        return None
    result = mip.maximise(work.built.levels[name], hint, budget, None)
    log.debug(
        "%s: reduced-cost fixed MIP (%d of %d variables fixed, slack %.1f): found=%s value=%d proven=%s "
        "infeasible=%s",
        name,
        len(fixes),
        len(raw),
        slack,
        result.found,
        result.value,
        result.proven,
        mip.infeasible,
    )
    if mip.infeasible:
        return PassResult(True, True, incumbent, incumbent, hint)
    if result.found and result.proven and _keeps_levels(work, fixed, result.values):
        if result.value > incumbent:
            return PassResult(True, True, result.value, result.value, result.values)
        return PassResult(True, True, incumbent, incumbent, hint)
    return None


FIXED_PROOF_SECONDS = 15.0
"""Time the reduced-cost fixed MIP (`_fixed_proof`) gets at most."""
FIXED_PROOF_SLACK = 1e-5
"""The fixed MIP runs only when the LP bound is this close (relative) to the incumbent."""


def _solve_level(bench, found, columns, keep, pins, fixed, name, chosen, starts, deadline, work, notify):
    """One lexicographic level: grow the working set until no left-out pair prices in, then solve.

    Returns (working model, working set, result, bound, proven) or None when out of time. The bound
    holds for the whole problem when pricing converged (or the working set holds every pair).
    """
    fixed_names = [n for n, _ in fixed]
    lp_bound: int | None = None
    cut_bounds: list[int] = []
    cut_started = time.perf_counter()
    cut_budget = CUT_SHARE * (deadline - cut_started)
    while time.perf_counter() < deadline:
        round_started = time.perf_counter()
        engine = _lp_engine(work, fixed)
        built_at = time.perf_counter()
        relaxed = engine.relax(
            work.built.levels[name], deadline - time.perf_counter(), name in DUAL_SIMPLEX_LEVELS
        )
        solved_at = time.perf_counter()
        if relaxed is None:
            log.debug("%s: LP over %d pairs gave no optimum", name, len(work.columns))
            break
        values, bound = relaxed
        rc = columns.reduced_costs(engine.duals(), name, fixed_names)
        tolerance = 1e-6 * np.maximum(1.0, np.abs(columns.coefficients[name]))
        entering = np.flatnonzero(~keep & (rc > tolerance))
        if len(entering) == 0:
            notify(_value(work, name, _hint(work, chosen, starts)), bound)
        log.debug(
            "%s: LP over %d pairs, bound %d, %d fractional, %d pairs price in "
            "(build %.2fs, LP %.2fs, pricing %.2fs)",
            name,
            len(work.columns),
            bound,
            len(engine.fractional),
            len(entering),
            built_at - round_started,
            solved_at - built_at,
            time.perf_counter() - solved_at,
        )
        if len(entering) == 0:
            lp_bound = bound
            level = work.built.levels[name]
            value = sum(c * values[i] for i, c in zip(level[0], level[1], strict=True))
            if value >= bound and satisfies(work.built.model, values) and _keeps_levels(work, fixed, values):
                return work, keep, PassResult(True, True, value, bound, values), bound, True
            # separation: rank rows the fractional optimum breaks, then the LP (and pricing) again,
            # while the bound still moves and the level's cut budget lasts
            cut_bounds.append(bound)
            stalled = len(cut_bounds) > CUT_STALL_ROUNDS and abs(
                cut_bounds[-1 - CUT_STALL_ROUNDS] - bound
            ) <= CUT_STALL * max(1.0, abs(bound))
            if stalled or time.perf_counter() - cut_started > cut_budget:
                break
            new = rank_cuts(work.built, engine.raw)
            log.debug("%s: %d rank cuts at bound %d", name, len(new), bound)
            if not new:
                break
            for rows, alpha in new:
                work.cuts.append(([int(work.columns[i]) for i in rows], alpha))
                _add_cut(work, rows, alpha, len(work.cuts) - 1)
            continue
        # with few pairs pricing in, bring their nearest rivals too: each round rebuilds the LP
        outside = np.flatnonzero(~keep)
        ranked = outside[np.argsort(-rc[outside], kind="stable")]
        best = ranked[: max(min(len(entering), PRICING_BATCH), min(PRICING_NEIGHBOURS, PRICING_BATCH))]
        keep = keep.copy()
        keep[best] = True
        work = _working_model(bench, found, keep, pins, work.cuts)
    # a fractional LP optimum (or no LP at all): the MIP over the working set
    remaining = deadline - time.perf_counter()
    if remaining <= 0.05:
        return None
    mip = _engine(work, fixed, "mip")
    hint = _hint(work, chosen, starts)
    if lp_bound is not None:
        # dives first, each a MIP with most pairs fixed, so few choices remain; reaching the LP bound
        # proves the optimum. "whole": keep the pairs the LP took whole. "union": leave out every
        # pair that neither the LP nor the incumbent uses (the incumbent stays feasible, and the
        # LP's whole and fractional pairs are all open). "agreed": keep the pairs both took whole.
        fractional = set(engine.fractional)
        pinned_vars = {work.built.assign[i] for i in work.built.pins}
        whole = [var for var in work.built.assign if values[var] == 1 and var not in fractional]
        union_from = None
        for label in DIVES:
            if label == "whole" and name not in WHOLE_DIVE_LEVELS:
                continue
            if label == "union" and union_from is hint:
                continue  # the same neighbourhood again
            if label == "whole":
                fixes = [(var, 1) for var in whole]
            elif label == "union":
                fixes = [
                    (var, 0)
                    for var in work.built.assign
                    if hint[var] == 0 and values[var] == 0 and var not in fractional
                ]
                union_from = hint
            else:
                fixes = [(var, 1) for var in whole if hint[var] == 1]
            if not fixes:
                continue
            for var, fixed_value in fixes:
                mip.bounds(var, fixed_value, fixed_value)
            remaining = deadline - time.perf_counter()
            dive = mip.maximise(work.built.levels[name], hint, min(remaining / 6, 15.0), None)
            log.debug(
                "%s: %s dive fixing %d pairs: found=%s value=%d (LP bound %d)",
                name,
                label,
                len(fixes),
                dive.found,
                dive.value,
                lp_bound,
            )
            for var, _fixed in fixes:
                if var not in pinned_vars:
                    mip.bounds(var, 0, 1)
            if not dive.found or not _keeps_levels(work, fixed, dive.values):
                continue
            notify(dive.value, lp_bound)
            if dive.value >= lp_bound:
                return work, keep, PassResult(True, True, dive.value, lp_bound, dive.values), lp_bound, True
            if _value(work, name, dive.values) > _value(work, name, hint):
                hint = dive.values
    if lp_bound is not None and name != LEVEL_ORDER[-1]:
        proof = _fixed_proof(work, fixed, name, engine, rc, keep, hint, deadline)
        if proof is not None:
            return work, keep, proof, proof.value, True
    mip_limit = LAST_LEVEL_MIP_LIMIT if name == LEVEL_ORDER[-1] else FULL_MIP_LIMIT
    if len(work.columns) > mip_limit and lp_bound is not None:
        # past this size the full MIP costs far more than it finds: keep the best dive (or incumbent)
        incumbent = _value(work, name, hint)
        return work, keep, PassResult(True, False, incumbent, lp_bound, hint), lp_bound, incumbent >= lp_bound
    remaining = deadline - time.perf_counter()
    budget = remaining if name == LEVEL_ORDER[-1] else remaining / 2
    log.debug("%s: MIP over %d pairs for %.1fs", name, len(work.columns), budget)
    result = mip.maximise(work.built.levels[name], hint, budget, None)
    log.debug(
        "%s: MIP found=%s value=%d bound=%d proven=%s",
        name,
        result.found,
        result.value,
        result.bound,
        result.proven,
    )
    if not result.found or not _keeps_levels(work, fixed, result.values):
        if lp_bound is None:
            return None
        result = PassResult(True, False, _value(work, name, hint), result.bound, hint)
    elif lp_bound is not None and result.value < _value(work, name, hint):
        result = PassResult(True, False, _value(work, name, hint), result.bound, hint)  # keep the dive's
    if lp_bound is not None and result.value < lp_bound and (~keep).any():
        # reduced-cost fixing: a pair left out with reduced cost below (incumbent - LP bound) cannot be
        # in any solution better than the incumbent, so the MIP over the rest decides the level
        near = np.flatnonzero(~keep & (rc >= result.value - lp_bound - 1e-6))
        if len(near) > RETRY_LIMIT or deadline - time.perf_counter() <= 1.0:
            return work, keep, result, lp_bound, result.value >= lp_bound
        chosen, starts = _read(work, result.values)
        keep = keep.copy()
        keep[near] = True
        work = _working_model(bench, found, keep, pins, work.cuts)
        remaining = deadline - time.perf_counter()
        budget = remaining if name == LEVEL_ORDER[-1] else remaining / 2
        retry = _engine(work, fixed, "mip").maximise(
            work.built.levels[name], _hint(work, chosen, starts), budget, None
        )
        if retry.found and _keeps_levels(work, fixed, retry.values):
            result = retry
            if retry.proven:
                return work, keep, retry, retry.value, True
    complete = len(work.columns) == len(found.specialist)
    bound = result.bound if lp_bound is None else (min(lp_bound, result.bound) if complete else lp_bound)
    proven = (result.proven and complete) or result.value >= bound
    return work, keep, result, bound, proven
