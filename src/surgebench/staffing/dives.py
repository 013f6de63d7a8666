"""MIPs with most pairs fixed, run by `LevelSearch` after a fractional LP optimum.

- `dive`: SCIP over the working model with most pairs fixed, so few choices remain; reaching the LP
  bound proves the optimum. "whole" keeps the pairs the LP took whole; "union" leaves out every pair
  that neither the LP nor the incumbent uses (the incumbent stays feasible, and the LP's whole and
  fractional pairs are all open); "agreed" keeps the pairs both the LP and the incumbent took whole;
  "fractional" holds every pair at the LP's whole value but those of the specialists with a
  fractional pair, which are all open (a MIP of a few hundred pairs: on the alike family's quality
  level, after hull cuts, it found a better plan in 0.9 s than the other dives in 15 s each).
- `fixed_proof`: reduced-cost fixing against the incumbent, which proves it (or a better solution)
  optimal for the whole problem.

Each is given what it reads — the working model, the levels fixed above, the level's `Relaxation`,
the incumbent's values — and its time; the search decides when to call them and what to report.
"""

from __future__ import annotations

import logging
import time

import numpy as np

from surgebench.staffing.backends import MipBackend, PassResult
from surgebench.staffing.settings import SolverSettings
from surgebench.staffing.working import FixedLevels, Relaxation, WorkingModel

log = logging.getLogger("surgebench.staffing.solve")
"""The solve's debug log (one logger for the whole search)."""

DIVE_LABELS = ("fractional", "whole", "union", "agreed")


def dive_fixes(
    label: str,
    assign: list[int],
    lp: list[int],
    fractional: set[int],
    hint: list[int],
    specialist: list[int] | None = None,
) -> list[tuple[int, int]]:
    """(variable, value) pairs a dive fixes, given the rounded LP values and the incumbent (and, for
    "fractional", the specialist of each of `assign`)."""
    if label == "fractional":
        if specialist is None:
            raise ValueError("the fractional dive needs each pair's specialist")
        split = {s for var, s in zip(assign, specialist, strict=True) if var in fractional}
        return [(var, lp[var]) for var, s in zip(assign, specialist, strict=True) if s not in split]
    if label == "union":
        return [(var, 0) for var in assign if hint[var] == 0 and lp[var] == 0 and var not in fractional]
    whole = [var for var in assign if lp[var] == 1 and var not in fractional]
    if label == "whole":
        return [(var, 1) for var in whole]
    if label == "agreed":
        return [(var, 1) for var in whole if hint[var] == 1]
    raise ValueError(f"unknown dive {label!r}; known: {', '.join(DIVE_LABELS)}")


def dive(
    *,
    work: WorkingModel,
    mip: MipBackend,
    level: str,
    label: str,
    relaxation: Relaxation,
    hint: list[int],
    fixed: FixedLevels,
    time_limit: float,
) -> PassResult | None:
    """One dive on `mip` (the working model's, bounds restored after); its solution when it found one
    that keeps the levels above."""
    fixes = dive_fixes(
        label,
        work.built.assign,
        relaxation.values,
        set(relaxation.engine.fractional),
        hint,
        work.built.candidates.specialist.tolist(),
    )
    if not fixes:
        return None
    for var, value in fixes:
        mip.bounds(var, value, value)
    found = mip.maximise(work.built.levels[level], hint, time_limit)
    log.debug(
        "%s: %s dive fixing %d pairs: found=%s value=%d (LP bound %s)",
        level,
        label,
        len(fixes),
        found.found,
        found.value,
        relaxation.bound,
    )
    model = work.built.model
    for var, _value in fixes:
        mip.bounds(var, model.lower[var], model.upper[var])
    if not found.found or not work.keeps_levels(fixed, found.values):
        return None
    return found


def proof_slack(relaxation: Relaxation, open_: np.ndarray, incumbent: int, most: float) -> float | None:
    """Z - (incumbent + 1), Z the LP's bound over every pair still `open_`, when it is at most `most`
    of |Z| (`SolverSettings.fixed_proof_slack`): small enough for `fixed_proof` to try; else None."""
    left_out = open_.copy()
    left_out[relaxation.work.columns] = False
    bound = relaxation.safe.value + float(np.maximum(relaxation.reduced_costs[left_out], 0.0).sum())
    slack = bound - (incumbent + 1)
    return slack if 0 <= slack <= most * max(1.0, abs(bound)) else None


def near_pairs(relaxation: Relaxation, open_: np.ndarray, slack: float) -> np.ndarray:
    """The candidate pairs left out of the relaxation's working model that a solution better than the
    incumbent may still use: reduced cost at least -`slack` (`fixed_proof`)."""
    left_out = open_.copy()
    left_out[relaxation.work.columns] = False
    return np.flatnonzero(left_out & (relaxation.reduced_costs >= -slack))


def _carried(relaxation: Relaxation, work: WorkingModel) -> dict[int, int]:
    """Variable of the relaxation's working model -> the same variable of `work` (a working model
    over the same pairs and more, `LevelSearch._grow`)."""
    old = relaxation.work
    if old is work:
        return {var: var for var in range(len(work.built.model.names))}
    row_of = work.row_of
    carried = {
        var: work.built.assign[row_of[int(column)]]
        for var, column in zip(old.built.assign, old.columns.tolist(), strict=True)
        if int(column) in row_of
    }
    for key, var in old.built.starts.items():
        if key in work.built.starts:
            carried[var] = work.built.starts[key]
    return carried


def fixed_proof(
    *,
    work: WorkingModel,
    level: str,
    relaxation: Relaxation,
    hint: list[int],
    fixed: FixedLevels,
    open_: np.ndarray,
    settings: SolverSettings,
    deadline: float,
) -> PassResult | None:
    """Reduced-cost fixing against the incumbent `hint` (values of `work`): a solution better than
    the incumbent (value at least incumbent + 1) moves no variable whose reduced cost exceeds
    Z - incumbent - 1 away from the bound where the LP bound takes it (`lpbound`), and uses no
    left-out pair priced below -(that slack). When `work` holds every pair that close (the
    relaxation's working model, or that model grown by `near_pairs`, whose new pairs stay free),
    the MIP over it with those variables fixed decides the level: its optimum (or its
    infeasibility) proves the incumbent or a better solution optimal for the whole problem.
    Returns the proven result, or None (no proof within the settings' time, `fixed_proof_seconds`
    and `fixed_proof_share` of what is left before `deadline`)."""
    engine = relaxation.engine
    incumbent = work.value(level, hint)
    slack = proof_slack(relaxation, open_, incumbent, settings.fixed_proof_slack)
    if slack is None:
        return None
    left_out = open_.copy()
    left_out[work.columns] = False
    if np.any(left_out & (relaxation.reduced_costs >= -slack)):
        return None
    carried = _carried(relaxation, work)
    reduced = relaxation.safe.reduced
    free = np.asarray(engine.lower) < np.asarray(engine.upper)
    at_lower = np.flatnonzero(free & (reduced < -slack))
    at_upper = np.flatnonzero(free & (reduced > slack))
    mip = work.mip(fixed)
    for var in at_lower.tolist():
        if var in carried:
            mip.bounds(carried[var], engine.lower[var], engine.lower[var])
    for var in at_upper.tolist():
        if var in carried:
            mip.bounds(carried[var], engine.upper[var], engine.upper[var])
    budget = min(settings.fixed_proof_seconds, (deadline - time.perf_counter()) * settings.fixed_proof_share)
    if budget <= settings.fixed_proof_min_seconds:
        return None
    result = mip.maximise(work.built.levels[level], hint, budget)
    log.debug(
        "%s: reduced-cost fixed MIP (%d of %d variables fixed, slack %.2f): found=%s value=%d proven=%s "
        "infeasible=%s",
        level,
        len(at_lower) + len(at_upper),
        len(reduced),
        slack,
        result.found,
        result.value,
        result.proven,
        mip.infeasible,
    )
    if mip.infeasible:
        return PassResult(found=True, proven=True, value=incumbent, bound=incumbent, values=hint)
    if result.found and result.proven and work.keeps_levels(fixed, result.values):
        if result.value > incumbent:
            return PassResult(
                found=True, proven=True, value=result.value, bound=result.value, values=result.values
            )
        return PassResult(found=True, proven=True, value=incumbent, bound=incumbent, values=hint)
    return None
