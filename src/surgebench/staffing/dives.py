"""MIPs with most pairs fixed, run by `LevelSearch` after a fractional LP optimum.

- `dive`: SCIP over the working model with most pairs fixed, so few choices remain; reaching the LP
  bound proves the optimum. "whole" keeps the pairs the LP took whole; "union" leaves out every pair
  that neither the LP nor the incumbent uses (the incumbent stays feasible, and the LP's whole and
  fractional pairs are all open); "agreed" keeps the pairs both the LP and the incumbent took whole.
- `fixed_proof`: reduced-cost fixing against the incumbent, which proves it (or a better solution)
  optimal for the whole problem.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import numpy as np

from surgebench.staffing.backends import MipBackend, PassResult

if TYPE_CHECKING:
    from surgebench.staffing.search import LevelSearch, Relaxation

log = logging.getLogger("surgebench.staffing.solve")
"""The solve's debug log (one logger for the whole search)."""

DIVE_LABELS = ("whole", "union", "agreed")


def dive_fixes(label: str, assign: list[int], lp: list[int], fractional: set[int], hint: list[int]):
    """(variable, value) pairs a dive fixes, given the rounded LP values and the incumbent."""
    if label == "union":
        return [(var, 0) for var in assign if hint[var] == 0 and lp[var] == 0 and var not in fractional]
    whole = [var for var in assign if lp[var] == 1 and var not in fractional]
    if label == "whole":
        return [(var, 1) for var in whole]
    if label == "agreed":
        return [(var, 1) for var in whole if hint[var] == 1]
    raise ValueError(f"unknown dive {label!r}; known: {', '.join(DIVE_LABELS)}")


def dive(
    search: LevelSearch, mip: MipBackend, name: str, label: str, relaxation: Relaxation, hint: list[int]
) -> PassResult | None:
    """One dive; its solution when it found one that keeps the levels above (bounds restored after)."""
    work, settings = search.work, search.settings
    fixes = dive_fixes(label, work.built.assign, relaxation.values, set(relaxation.engine.fractional), hint)
    if not fixes:
        return None
    for var, value in fixes:
        mip.bounds(var, value, value)
    budget = min(search.remaining() * settings.dive_share, settings.dive_seconds)
    found = mip.maximise(work.built.levels[name], hint, budget, None)
    log.debug(
        "%s: %s dive fixing %d pairs: found=%s value=%d (LP bound %d)",
        name,
        label,
        len(fixes),
        found.found,
        found.value,
        relaxation.bound,
    )
    model = work.built.model
    for var, _value in fixes:
        mip.bounds(var, model.lower[var], model.upper[var])
    if not found.found or not work.keeps_levels(search.fixed, found.values):
        return None
    search.report(name, found.value, relaxation.bound)
    return found


def _proof_slack(search: LevelSearch, relaxation: Relaxation, incumbent: int) -> float | None:
    """Z - (incumbent + 1) when it is small enough for `fixed_proof` to try, else None."""
    left_out = search.open.copy()
    left_out[relaxation.work.columns] = False
    bound = relaxation.safe.value + float(np.maximum(relaxation.reduced_costs[left_out], 0.0).sum())
    slack = bound - (incumbent + 1)
    return slack if 0 <= slack <= search.settings.fixed_proof_slack * max(1.0, abs(bound)) else None


def proof_in_reach(search: LevelSearch, relaxation: Relaxation, incumbent: int) -> bool:
    """The LP bound is close enough to the incumbent for `fixed_proof` to try."""
    return _proof_slack(search, relaxation, incumbent) is not None


def fixed_proof(search: LevelSearch, name: str, relaxation: Relaxation, hint: list[int]) -> PassResult | None:
    """Reduced-cost fixing against the incumbent: a solution better than the incumbent (value at
    least incumbent + 1) moves no variable whose reduced cost exceeds Z - incumbent - 1 away from the
    bound where the LP bound takes it (`lpbound`), and uses no left-out pair priced below -(that
    slack). When no left-out pair is that close, the MIP over the working model with those variables
    fixed decides the level: its optimum (or its infeasibility) proves the incumbent or a better
    solution optimal for the whole problem. Returns the proven result, or None (no proof within the
    settings' time)."""
    work, settings, engine = search.work, search.settings, relaxation.engine
    incumbent = work.value(name, hint)
    slack = _proof_slack(search, relaxation, incumbent)
    if slack is None or relaxation.work is not work:
        return None
    left_out = search.open.copy()
    left_out[work.columns] = False
    if np.any(left_out & (relaxation.reduced_costs >= -slack)):
        return None
    reduced = relaxation.safe.reduced
    free = np.asarray(engine.lower) < np.asarray(engine.upper)
    at_lower = np.flatnonzero(free & (reduced < -slack))
    at_upper = np.flatnonzero(free & (reduced > slack))
    mip = work.mip(search.fixed)
    for var in at_lower.tolist():
        mip.bounds(var, engine.lower[var], engine.lower[var])
    for var in at_upper.tolist():
        mip.bounds(var, engine.upper[var], engine.upper[var])
    budget = min(
        settings.fixed_proof_seconds, (search.deadline - time.perf_counter()) * settings.fixed_proof_share
    )
    if budget <= 0.5:
        return None
    result = mip.maximise(work.built.levels[name], hint, budget, None)
    log.debug(
        "%s: reduced-cost fixed MIP (%d of %d variables fixed, slack %.2f): found=%s value=%d proven=%s "
        "infeasible=%s",
        name,
        len(at_lower) + len(at_upper),
        len(reduced),
        slack,
        result.found,
        result.value,
        result.proven,
        mip.infeasible,
    )
    if mip.infeasible:
        return PassResult(True, True, incumbent, incumbent, hint)
    if result.found and result.proven and work.keeps_levels(search.fixed, result.values):
        if result.value > incumbent:
            return PassResult(True, True, result.value, result.value, result.values)
        return PassResult(True, True, incumbent, incumbent, hint)
    return None
