"""One lexicographic level of the solve (`_solve_level`), with the levels above fixed at their value.

1. Pricing: solve the LP relaxation of the working model (GLOP), growing the working set by pricing
   (`pricing`) until no left-out pair could improve it, so the LP value bounds the whole problem.
   An LP optimum that rounds to a valid solution of the same value is proven optimal.
2. Cut separation: otherwise rank cuts (`cuts.rank_cuts`) the fractional optimum breaks are added
   and the LP re-solved and re-priced, while the bound moves (CUT_STALL) and the level's cut time
   (CUT_SHARE) lasts; the cuts stay for every later level and working model (`working`).
3. Dives: SCIP with most pairs fixed (the LP's whole pairs kept, or every pair neither the LP nor the
   incumbent uses left out) look for a solution that reaches the bound.
4. Proof: levels above the last whose LP bound is within FIXED_PROOF_SLACK of the best dive get a
   reduced-cost fixed MIP (`_fixed_proof`) that proves the incumbent (or a better solution) optimal
   for the whole problem.
5. Full MIP: the last level (cost) runs the full MIP over the working set up to LAST_LEVEL_MIP_LIMIT
   pairs, other levels up to FULL_MIP_LIMIT, and the reduced-cost retry adds the left-out pairs that
   could still improve (up to RETRY_LIMIT).
"""

from __future__ import annotations

import logging
import time

import numpy as np

from surgebench.staffing.backends import PassResult, satisfies
from surgebench.staffing.cuts import rank_cuts
from surgebench.staffing.working import (
    _add_cut,
    _engine,
    _hint,
    _keeps_levels,
    _lp_engine,
    _read,
    _value,
    _working_model,
)

LEVEL_ORDER = ("fill", "continuity", "quality", "ramp", "cost")
MINIMISED = {"ramp", "cost"}

log = logging.getLogger("surgebench.staffing.solve")
"""The solve's debug log (named for `solve`, where it lived before the split)."""

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


def _solve_level(
    bench, found, columns, keep, pins, fixed, name, chosen, starts, deadline, work, notify, batch
):
    """One lexicographic level: grow the working set until no left-out pair prices in, then solve.

    Returns (working model, working set, result, bound, proven) or None when out of time. The bound
    holds for the whole problem when pricing converged (or the working set holds every pair).
    `batch` is the most pairs one pricing round adds (`solve.PRICING_BATCH`).
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
        best = ranked[: max(min(len(entering), batch), min(PRICING_NEIGHBOURS, batch))]
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
