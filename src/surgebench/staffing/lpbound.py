"""A bound from an LP's dual prices that holds for every plan, whatever the LP engine's tolerances.

For an LP max c·x over rows Lᵢ ≤ Aᵢx ≤ Uᵢ and bounds l ≤ x ≤ u, and any prices y (each clipped to
the sign its row allows: ≥ 0 on a row with only an upper side, ≤ 0 with only a lower side),

    c·x = y·Ax + d·x ≤ Σᵢ yᵢ·(Uᵢ or Lᵢ) + Σⱼ max(dⱼlⱼ, dⱼuⱼ) = Z,    d = c − yA,

for every x that keeps the rows. `safe_bound` computes Z and d from GLOP's duals and the rows
themselves, with a float margin on top, so Z bounds the level for certain; and moving xⱼ away from
the bound that attains its maximum costs |dⱼ| per unit (what `settle` and the fixed proof use).

A level row may say "level ≥ V − ½" to GLOP (`backends.LpFirstBackend.fix`: at exactly V its feasible
set is a face GLOP cannot always stay on), but every plan keeps level ≥ V, so Z is computed with V:
the half point the LP gives away is taken back at the row's price. On the 20-rival 200k bench the cost LP
traded 0.5 quality points for 150,630 cents (price 301,260 a point): GLOP's bound 516,677,890 left
a gap a 70k-pair MIP could not close; the bound with V is 516,828,520, the optimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from surgebench.staffing.backends import LpFirstBackend
from surgebench.staffing.model import RowKey


@dataclass(frozen=True)
class Bound:
    value: float
    """Z: no plan that keeps the LP's rows reaches more."""
    reduced: np.ndarray
    """dⱼ of each LP variable."""
    duals: dict[RowKey, float]
    """The clipped prices by row key (for pricing the pairs left out of the LP)."""
    prices: np.ndarray
    """The same, row by row in the engine's order."""


def safe_bound(engine: LpFirstBackend, level: tuple[list[int], list[int]]) -> Bound:
    """Z, d and the prices for the engine's last LP optimum of `level` (module docstring)."""
    rows = engine.rows
    y = engine.row_duals()
    arrays = engine.row_arrays()
    lo, hi, columns, coeffs, sizes = arrays.lo, arrays.hi, arrays.columns, arrays.coeffs, arrays.sizes
    is_level = np.array([bool(row.key) and row.key[0] == "level" for row in rows], dtype=bool)
    lo = np.where(is_level, np.ceil(lo), lo)  # every plan keeps the (whole) level value itself
    y = np.where(np.isnan(hi), np.minimum(y, 0.0), y)
    y = np.where(np.isnan(lo), np.maximum(y, 0.0), y)
    sides = np.where(y > 0, y * np.nan_to_num(hi), np.where(y < 0, y * np.nan_to_num(lo), 0.0))
    n = engine.n
    c = np.zeros(n)
    np.add.at(c, np.asarray(level[0], dtype=np.int64), np.asarray(level[1], dtype=np.float64))
    d = c - np.bincount(columns, weights=np.repeat(y, sizes) * coeffs, minlength=n)
    lower, upper = np.asarray(engine.lower, dtype=np.float64), np.asarray(engine.upper, dtype=np.float64)
    box = np.maximum(d * lower, d * upper)
    z = float(sides.sum() + box.sum())
    # float error: numpy sums pairwise (error ~ log2(n) × 1e-16 of the sum of magnitudes), d has a
    # few terms per variable; 1e-12 of the magnitudes is thousands of times that. (1e-9 left M's
    # cost level 66 cents short of proof: its onboarding rows carry prices of 4e7 × 100 seats.)
    # |z| is at most the sum of magnitudes, so it needs no margin of its own: 1e-9 × |z| kept the
    # 1M family's cost level (2.6e9 cents) 2 cents short of proof with an LP optimum that was whole.
    z += 1e-12 * float(np.abs(sides).sum() + np.abs(box).sum()) + 1e-9
    duals = {key: float(price) for key, price in zip(engine.keys, y.tolist(), strict=True)}
    return Bound(z, d, duals, y)
