"""Reduced-cost fixing carried across levels: what a decided level settles for all the levels below.

Once a level is fixed at value V, every later plan keeps it at V or better. Take the level's last
LP (over the working set, with rows Lᵢ ≤ Aᵢx ≤ Uᵢ and bounds l ≤ x ≤ u) and its dual prices y, each
clipped to the sign its row allows. For every x that keeps those rows,

    level(x) = y·Ax + d·x ≤ Σᵢ yᵢ·(Uᵢ or Lᵢ) + Σⱼ max(dⱼlⱼ, dⱼuⱼ) = Z,   d = c − yA,

and moving xⱼ away from the bound that attains its maximum costs |dⱼ| per unit. So a later plan
(level ≥ V) moves no pair with |dⱼ| > Z − V: one with dⱼ < −(Z − V) is never chosen again, one with
dⱼ > Z − V always is. The pairs left out of the working set join with their priced reduced costs
(their positive parts added to Z). Z and d are computed here from the duals and the rows, so the
argument does not lean on GLOP's tolerances; a small float margin is added. After fill, where the
LP is whole, every pair with a non-zero reduced cost is settled; after quality (Z − V ≈ 1.6 on L),
all but those within 1.6 quality points; the later levels then solve over far fewer free pairs.
A settlement that contradicts the incumbent (a plan known to reach V) means something is off, and
nothing is settled then.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from surgebench.staffing.backends import LpFirstBackend
from surgebench.staffing.pricing import ColumnFacts
from surgebench.staffing.working import Incumbent, WorkingModel

log = logging.getLogger("surgebench.staffing.solve")


@dataclass(frozen=True)
class Settlement:
    """Candidate pairs no later plan may change: `never` are at 0, `always` at 1."""

    never: np.ndarray
    always: np.ndarray


NOTHING = Settlement(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def safe_bound(engine: LpFirstBackend, level: tuple[list[int], list[int]]) -> tuple[float, np.ndarray, dict]:
    """(Z, d, y by row key) for the engine's last LP optimum of `level`, as in the module docstring."""
    rows = engine.rows
    y = np.array([constraint.dual_value() for _key, constraint in engine.constraints], dtype=np.float64)
    lo = np.array([np.nan if row.lo is None else row.lo for row in rows], dtype=np.float64)
    hi = np.array([np.nan if row.hi is None else row.hi for row in rows], dtype=np.float64)
    y = np.where(np.isnan(hi), np.minimum(y, 0.0), y)  # only a lower side: y ≤ 0
    y = np.where(np.isnan(lo), np.maximum(y, 0.0), y)  # only an upper side: y ≥ 0
    sides = np.where(y > 0, y * np.nan_to_num(hi), np.where(y < 0, y * np.nan_to_num(lo), 0.0))
    sizes = np.fromiter((len(row.vars) for row in rows), dtype=np.int64, count=len(rows))
    columns = np.fromiter((v for row in rows for v in row.vars), dtype=np.int64, count=int(sizes.sum()))
    coeffs = np.fromiter((c for row in rows for c in row.coeffs), dtype=np.float64, count=len(columns))
    n = len(engine.vars)
    c = np.zeros(n)
    np.add.at(c, np.asarray(level[0], dtype=np.int64), np.asarray(level[1], dtype=np.float64))
    d = c - np.bincount(columns, weights=np.repeat(y, sizes) * coeffs, minlength=n)
    lower, upper = np.asarray(engine.lower, dtype=np.float64), np.asarray(engine.upper, dtype=np.float64)
    box = np.maximum(d * lower, d * upper)
    z = float(sides.sum() + box.sum())
    z += 1e-9 * float(np.abs(sides).sum() + np.abs(box).sum()) + 1e-9
    duals = {key: float(price) for (key, _constraint), price in zip(engine.constraints, y, strict=True)}
    return z, d, duals


def settle(
    work: WorkingModel,
    engine: LpFirstBackend,
    name: str,
    columns: ColumnFacts,
    fixed_names: list[str],
    open_: np.ndarray,
    value: int,
    incumbent: Incumbent,
) -> Settlement:
    """What the level `name`'s last LP (the `engine` of `work`, solved with the levels
    `fixed_names` above fixed) settles once the level is fixed at `value`. `open_` marks the
    candidate pairs not settled before."""
    z, d, duals = safe_bound(engine, work.built.levels[name])
    priced = columns.reduced_costs(duals, name, fixed_names)
    left_out = open_.copy()
    left_out[work.columns] = False
    slack = z + float(np.maximum(priced[left_out], 0.0).sum()) - value
    log.debug("%s: LP value %.6f, safe bound %.6f, slack %.4f", name, engine.objective_value, z, slack)
    if slack < 0:
        log.debug("settling: bound %.6g below the level's value %d: nothing settled", z, value)
        return NOTHING
    assign = np.asarray(work.built.assign, dtype=np.int64)
    lower, upper = np.asarray(engine.lower)[assign], np.asarray(engine.upper)[assign]
    free = lower < upper
    reduced = d[assign]
    never = np.concatenate(
        [work.columns[free & (reduced < -slack)], np.flatnonzero(left_out & (priced < -slack))]
    )
    always = work.columns[free & (reduced > slack)]
    chosen = np.fromiter(incumbent.chosen, dtype=np.int64, count=len(incumbent.chosen))
    if np.isin(never, chosen).any() or not np.isin(always, chosen).all():
        log.debug("settling disagrees with the incumbent: nothing settled (slack %.3g)", slack)
        return NOTHING
    return Settlement(np.sort(never), np.sort(always))
