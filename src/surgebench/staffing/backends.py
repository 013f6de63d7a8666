"""Hand a `LinearModel` to an OR-Tools solver.

- `MipBackend` — a MIP solver through `pywraplp` (SCIP), deterministic single thread: one
  lexicographic pass at a time (`maximise(level, hint, time_limit) -> PassResult`, then
  `fix(level, value)`);
- `CpSatBackend` — the model in CP-SAT, for the pin check's assumptions (`pins`);
- `LpFirstBackend` — a working model's LP relaxation on one of the `lp_engines`.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from surgebench.staffing.lp_engines import ENGINES, LpEngine
from surgebench.staffing.model import LinearModel, Row, RowKey

log = logging.getLogger("surgebench.staffing.solve")


@dataclass(frozen=True, kw_only=True)
class PassResult:
    """A level's solution from one pass (or the best kept): whether there is one, whether it is
    proven optimal, its value and the bound it was measured against (both stated as a
    maximisation), and the value of every variable of the model it solves."""

    found: bool
    proven: bool
    value: int
    bound: int
    values: list[int]

    @classmethod
    def nothing(cls, hint: list[int]) -> PassResult:
        """No solution (the hint stands in for the values)."""
        return cls(found=False, proven=False, value=0, bound=0, values=hint)


class CpSatBackend:
    """A `LinearModel` as a CP-SAT model (`vars` by variable index), for the pin check (`pins`),
    which adds its own assumptions and solves it."""

    def __init__(self, linear: LinearModel) -> None:
        self.model = cp_model.CpModel()
        self.vars = [
            self.model.new_int_var(lo, hi, name)
            for name, lo, hi in zip(linear.names, linear.lower, linear.upper, strict=True)
        ]
        for row in linear.rows:
            expr = cp_model.LinearExpr.weighted_sum([self.vars[i] for i in row.vars], row.coeffs)
            if row.lo is not None and row.hi is not None and row.lo == row.hi:
                self.model.add(expr == row.lo).with_name(row.name)
            else:
                if row.hi is not None:
                    self.model.add(expr <= row.hi).with_name(row.name)
                if row.lo is not None:
                    self.model.add(expr >= row.lo).with_name(row.name)


class MipBackend:
    def __init__(self, linear: LinearModel, solver_name: str = "SCIP") -> None:
        self.linear = linear
        solver = pywraplp.Solver.CreateSolver(solver_name)
        if solver is None:
            raise RuntimeError(f"OR-Tools has no {solver_name} solver")
        self.solver = solver
        inf = solver.infinity()
        self.vars = [
            solver.IntVar(lo, hi, name)
            for name, lo, hi in zip(linear.names, linear.lower, linear.upper, strict=True)
        ]
        for row in linear.rows:
            constraint = solver.RowConstraint(
                -inf if row.lo is None else row.lo, inf if row.hi is None else row.hi, row.name
            )
            for i, c in zip(row.vars, row.coeffs, strict=True):
                constraint.SetCoefficient(self.vars[i], c)

    infeasible: bool = False
    """The last `maximise` proved the model infeasible."""

    def fix_var(self, index: int, value: int) -> None:
        self.vars[index].SetBounds(value, value)

    def bounds(self, index: int, low: int, high: int) -> None:
        self.vars[index].SetBounds(low, high)

    def maximise(self, level: tuple[list[int], list[int]], hint: list[int], time_limit: float) -> PassResult:
        vars_, coeffs = level
        solver = self.solver
        objective = solver.Objective()
        objective.Clear()
        for i, c in zip(vars_, coeffs, strict=True):
            objective.SetCoefficient(self.vars[i], objective.GetCoefficient(self.vars[i]) + c)
        objective.SetMaximization()
        solver.SetHint(self.vars, [float(v) for v in hint])
        solver.SetTimeLimit(max(int(time_limit * 1000), 10))
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
        started = time.perf_counter()
        status = solver.Solve(params)
        log.debug("SCIP status %d in %.2fs (limit %.1fs)", status, time.perf_counter() - started, time_limit)
        self.infeasible = status == pywraplp.Solver.INFEASIBLE
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return PassResult.nothing(hint)
        values = [round(v.solution_value()) for v in self.vars]
        if not satisfies(self.linear, values):  # never trust a solution past the solver's tolerances
            return PassResult.nothing(hint)
        value = sum(c * values[i] for i, c in zip(vars_, coeffs, strict=True))
        bound_int = math.floor(objective.BestBound() + 1e-6)
        proven = status == pywraplp.Solver.OPTIMAL and bound_int <= value
        return PassResult(found=True, proven=proven, value=value, bound=bound_int, values=values)

    def fix(self, level: tuple[list[int], list[int]], value: int) -> None:
        vars_, coeffs = level
        constraint = self.solver.RowConstraint(value - 0.5, self.solver.infinity(), "")
        for i, c in zip(vars_, coeffs, strict=True):
            constraint.SetCoefficient(self.vars[i], constraint.GetCoefficient(self.vars[i]) + c)


def satisfies(linear: LinearModel, values: list[int]) -> bool:
    """Exact integer check of a solution against every bound and row."""
    if any(not lo <= v <= hi for v, lo, hi in zip(values, linear.lower, linear.upper, strict=True)):
        return False
    for row in linear.rows:
        total = sum(c * values[i] for i, c in zip(row.vars, row.coeffs, strict=True))
        if (row.lo is not None and total < row.lo) or (row.hi is not None and total > row.hi):
            return False
    return True


@dataclass(frozen=True)
class RowArrays:
    """Rows as arrays: their sides (NaN where open), their nonzeros row after row (variable and
    coefficient), and each row's number of nonzeros."""

    lo: np.ndarray
    hi: np.ndarray
    columns: np.ndarray
    coeffs: np.ndarray
    sizes: np.ndarray

    @classmethod
    def of(cls, rows: list[Row]) -> RowArrays:
        sizes = np.fromiter((len(row.vars) for row in rows), dtype=np.int64, count=len(rows))
        count = int(sizes.sum())
        return cls(
            np.array([np.nan if row.lo is None else row.lo for row in rows], dtype=np.float64),
            np.array([np.nan if row.hi is None else row.hi for row in rows], dtype=np.float64),
            np.fromiter((v for row in rows for v in row.vars), dtype=np.int64, count=count),
            np.fromiter((c for row in rows for c in row.coeffs), dtype=np.float64, count=count),
            sizes,
        )

    def then(self, more: RowArrays) -> RowArrays:
        """These rows followed by `more`."""
        return RowArrays(
            np.concatenate([self.lo, more.lo]),
            np.concatenate([self.hi, more.hi]),
            np.concatenate([self.columns, more.columns]),
            np.concatenate([self.coeffs, more.coeffs]),
            np.concatenate([self.sizes, more.sizes]),
        )

    def activity(self, x: np.ndarray) -> np.ndarray:
        """Σ coeffs · x of every row."""
        rows = np.repeat(np.arange(len(self.sizes)), self.sizes)
        activity: np.ndarray = np.bincount(
            rows, weights=self.coeffs * x[self.columns], minlength=len(self.sizes)
        )
        return activity


@dataclass(frozen=True, kw_only=True)
class LpOptimum:
    """An LP optimum: every variable's value rounded to the nearest whole number, and the objective
    value rounded down."""

    values: list[int]
    value: int


@dataclass(frozen=True)
class Basis:
    """An LP optimum's basis by variable name and row key, so that the LP of a grown working model
    (other variable and row numbers) can start from it."""

    columns: dict[str, str]
    rows: dict[RowKey, str]


class LpFirstBackend:
    """A working model's LP relaxation, level after level, on one `lp_engines` engine; an LP optimum
    that rounds to a solution of the same value keeping every row is a proven optimum (`search`)."""

    def __init__(self, linear: LinearModel, margin: float = 0.0, method: str = "glop") -> None:
        self.linear = linear
        self.margin = margin
        """Level rows say ≥ value - margin (see `fix`)."""
        self.method = method
        """The `lp_engines.ENGINES` method the LP runs on."""
        self.lp: LpEngine = ENGINES[method](linear.lower, linear.upper)
        self.n = len(linear.names)
        self.keys: list[RowKey] = []
        """The key of every row of the LP, in the engine's order."""
        self.rows: list[Row] = []
        """Every row of the LP (model rows, cuts, level fixes), in the engine's order."""
        self.lower, self.upper = list(linear.lower), list(linear.upper)
        """Variable bounds, pins and fixes included."""
        self._arrays = RowArrays.of([])
        self._add_rows(linear.rows)
        self.fractional: list[int] = []
        """Variables whose value in the last LP optimum is not integral."""
        self.raw: list[float] = []
        """Variable values of the last LP optimum."""
        self.objective_value = 0.0
        """Objective value of the last LP optimum."""

    def _add_rows(self, rows: list[Row]) -> None:
        if not rows:
            return
        self.rows.extend(rows)
        self.keys.extend(row.key for row in rows)
        self.lp.add_rows(*self._engine_rows(len(self.rows) - len(rows)))

    def _engine_rows(self, first: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Rows from `first` on as an engine takes them (`LpEngine.add_rows`): lo and hi (±inf where
        open), each row's start in the nonzeros (and the end), variables, coefficients."""
        rows = self.row_arrays()
        offset = int(rows.sizes[:first].sum())
        return (
            np.nan_to_num(rows.lo[first:], nan=-np.inf),
            np.nan_to_num(rows.hi[first:], nan=np.inf),
            np.concatenate([[0], np.cumsum(rows.sizes[first:])]),
            rows.columns[offset:],
            rows.coeffs[offset:],
        )

    def row_arrays(self) -> RowArrays:
        """Every row as arrays, built once and extended as rows are added."""
        done = len(self._arrays.lo)
        if done < len(self.rows):
            self._arrays = self._arrays.then(RowArrays.of(self.rows[done:]))
        return self._arrays

    def keeps_rows(self, values: list[int]) -> bool:
        """Whole values keep every bound and row of this LP exactly (integers throughout, so the
        float sums are exact); level rows at value - margin hold exactly when the level does."""
        rows = self.row_arrays()
        x = np.asarray(values, dtype=np.float64)
        if np.any(x < np.asarray(self.lower)) or np.any(x > np.asarray(self.upper)):
            return False
        activity = rows.activity(x)
        return not (
            np.any(activity < np.nan_to_num(rows.lo, nan=-np.inf))
            or np.any(activity > np.nan_to_num(rows.hi, nan=np.inf))
        )

    def tighten(self, keys: frozenset[RowKey]) -> None:
        """Hold the rows keyed in `keys` at their upper side (the rows are shared with the model,
        whose side is already moved: only the engine's copy changes here)."""
        held = [
            index
            for index, (key, row) in enumerate(zip(self.keys, self.rows, strict=True))
            if key in keys and row.hi is not None
        ]
        sides = np.array([self.rows[index].hi for index in held], dtype=np.float64)
        self.lp.set_row_sides(np.array(held, dtype=np.int64), sides, sides)
        self._arrays = RowArrays.of([])  # row sides changed: `row_arrays` anew

    def fix_vars(self, indices: list[int], value: int) -> None:
        """Hold these variables at `value`."""
        self.lp.fix(np.asarray(indices, dtype=np.int64), np.full(len(indices), value, dtype=np.float64))
        for index in indices:
            self.lower[index] = self.upper[index] = value

    def save(self, path: str, level: tuple[list[int], list[int]]) -> None:
        """Write the LP with `level` as its objective to an .npz file (`benchmarks/lp_methods.py`
        times the engines on such files)."""
        row_lo, row_hi, starts, columns, coeffs = self._engine_rows(0)
        np.savez(
            path,
            lower=np.asarray(self.lower, dtype=np.float64),
            upper=np.asarray(self.upper, dtype=np.float64),
            row_lo=row_lo,
            row_hi=row_hi,
            starts=starts,
            columns=columns,
            coeffs=coeffs,
            objective_vars=np.asarray(level[0], dtype=np.int64),
            objective_coeffs=np.asarray(level[1], dtype=np.float64),
        )

    def relax(
        self, level: tuple[list[int], list[int]], time_limit: float, warm: str = "primal"
    ) -> LpOptimum | None:
        """The LP optimum of `level`, rounded, and its value rounded down; None without one. `warm`
        is the simplex that goes on from a basis the engine holds (`LpEngine.solve`)."""
        vars_, coeffs = level
        started = time.perf_counter()
        solved = self.lp.solve(
            np.asarray(vars_, dtype=np.int64), np.asarray(coeffs, dtype=np.float64), time_limit, warm
        )
        log.debug("%s in %.2fs", self.lp.describe(), time.perf_counter() - started)
        if not solved:
            return None
        # rounded and verified exactly by the caller: an LP optimum that rounds to a feasible
        # solution of the same integer value is a proven optimum of the integer problem
        raw = self.lp.values()
        rounded = np.round(raw)
        self.raw = raw.tolist()
        self.fractional = np.flatnonzero(np.abs(raw - rounded) > 1e-6).tolist()
        bound = self.lp.objective()
        self.objective_value = bound
        return LpOptimum(
            values=rounded.astype(np.int64).tolist(), value=math.floor(bound + 1e-9 * max(1.0, abs(bound)))
        )

    def basis(self) -> Basis | None:
        """The last optimum's basis, when the engine keeps one."""
        statuses = self.lp.basis()
        if statuses is None:
            return None
        columns, rows = statuses
        return Basis(
            dict(zip(self.linear.names, columns, strict=True)), dict(zip(self.keys, rows, strict=True))
        )

    def start_from(self, basis: Basis) -> bool:
        """Start the next solve from `basis`: new variables at their lower bound, new rows basic.
        Where rows the basis held at a side are gone it no longer has one basic variable per row;
        the engine completes it (False when it refuses)."""
        columns = [basis.columns.get(name, "lower") for name in self.linear.names]
        rows = [basis.rows.get(key, "basic") for key in self.keys]
        return self.lp.start_from(columns, rows)

    def row_duals(self) -> np.ndarray:
        """The dual price of every row at the last LP optimum, in the order of `keys`."""
        return self.lp.row_duals()

    def add_row(self, row: Row) -> None:
        """Append one more row (a cut) of the linear model to the LP."""
        self._add_rows([row])

    def fix(self, level: tuple[list[int], list[int]], value: int, key: RowKey = ()) -> None:
        """Keep a level at `value` or better: the row says ≥ value - `margin`. Levels are whole
        numbers, so any margin below 1 keeps the same integer plans. At margin 0 the LP is tight
        (on M the cost LP is whole there and fractional at ½), but its feasible set is the face of
        the level's optimum, which GLOP cannot always stay on: on the rivals bench the ramp LP ran
        280 s without an answer (dual simplex) or was declared infeasible (primal, in 1 s). At ½
        the primal simplex solves it in 1.0 s with the same bound. The search starts at 0 and
        moves to `SolverSettings.level_margin` when an LP fails (`WorkingModel.lp`)."""
        vars_, coeffs = level
        self._add_rows([Row(f"level({key})", key, vars_, coeffs, value - self.margin, None)])
