"""Hand a `LinearModel` to an OR-Tools solver and run one lexicographic pass at a time.

Two backends share one interface (`maximise(level, time_limit) -> PassResult`, then `fix(level, value)`):
- `CpSatBackend` — CP-SAT, one worker (deterministic), solution hints between passes;
- `MipBackend` — a MIP solver through `pywraplp` (SCIP or HiGHS), deterministic single thread.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from surgebench.staffing.model import LinearModel, Row

log = logging.getLogger("surgebench.staffing.solve")


@dataclass(frozen=True)
class PassResult:
    found: bool
    proven: bool
    value: int
    bound: int
    values: list[int]


LEVEL_MARGIN = 0.5
"""LP rows that keep a level at its value V say ≥ V - LEVEL_MARGIN once an LP at exactly V failed
(see `LpFirstBackend.fix`)."""
GLOP_PRIMAL = "use_dual_simplex: false"
GLOP_DUAL = "use_dual_simplex: true"
"""Which simplex is a `SolverSettings.dual_simplex_levels` choice."""

Reporter = Callable[[int, int], None]
"""Called with (best, bound) on each improving solution."""


class _CpSatReporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Reporter) -> None:
        super().__init__()
        self.report = report

    def on_solution_callback(self) -> None:
        self.report(round(self.objective_value), round(self.best_objective_bound))


class CpSatBackend:
    def __init__(self, linear: LinearModel, workers: int = 1) -> None:
        self.model = cp_model.CpModel()
        self.workers = workers
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

    def fix_var(self, index: int, value: int) -> None:
        self.model.add(self.vars[index] == value)

    def maximise(
        self, level: tuple[list[int], list[int]], hint: list[int], time_limit: float, report: Reporter | None
    ) -> PassResult:
        vars_, coeffs = level
        expr = cp_model.LinearExpr.weighted_sum([self.vars[i] for i in vars_], coeffs)
        self.model.clear_hints()
        for var, value in zip(self.vars, hint, strict=True):
            self.model.add_hint(var, value)
        self.model.maximize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = 7
        status = solver.solve(self.model, _CpSatReporter(report) if report else None)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return PassResult(False, False, 0, 0, hint)
        return PassResult(
            True,
            status == cp_model.OPTIMAL,
            round(solver.objective_value),
            round(solver.best_objective_bound),
            [solver.value(v) for v in self.vars],
        )

    def fix(self, level: tuple[list[int], list[int]], value: int) -> None:
        vars_, coeffs = level
        self.model.add(cp_model.LinearExpr.weighted_sum([self.vars[i] for i in vars_], coeffs) >= value)


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

    def add_row(self, row) -> None:
        inf = self.solver.infinity()
        constraint = self.solver.RowConstraint(
            -inf if row.lo is None else row.lo, inf if row.hi is None else row.hi, row.name
        )
        for i, c in zip(row.vars, row.coeffs, strict=True):
            constraint.SetCoefficient(self.vars[i], c)

    def bounds(self, index: int, low: int, high: int) -> None:
        self.vars[index].SetBounds(low, high)

    def maximise(
        self, level: tuple[list[int], list[int]], hint: list[int], time_limit: float, report: Reporter | None
    ) -> PassResult:
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
            return PassResult(False, False, 0, 0, hint)
        values = [round(v.solution_value()) for v in self.vars]
        if not satisfies(self.linear, values):  # never trust a solution past the solver's tolerances
            return PassResult(False, False, 0, 0, hint)
        value = sum(c * values[i] for i, c in zip(vars_, coeffs, strict=True))
        bound_int = math.floor(objective.BestBound() + 1e-6)
        proven = status == pywraplp.Solver.OPTIMAL and bound_int <= value
        if report:
            report(value, bound_int)
        return PassResult(True, proven, value, bound_int, values)

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


class LpFirstBackend:
    """Solve each level's LP relaxation with GLOP; an integral LP optimum is a proven MIP optimum.

    Only when the relaxation's optimum is fractional (or GLOP fails) does the level go to the MIP
    solver, which is built on first use with every earlier level's fix replayed.
    """

    def __init__(self, linear: LinearModel, mip_solver: str = "SCIP", margin: float = 0.0) -> None:
        self.linear = linear
        self.mip_solver = mip_solver
        self.margin = margin
        """Level rows say ≥ value - margin (see `fix`)."""
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.vars = [
            self.lp.NumVar(lo, hi, name)
            for name, lo, hi in zip(linear.names, linear.lower, linear.upper, strict=True)
        ]
        self.constraints: list[tuple[tuple, pywraplp.Constraint]] = []
        self.rows: list[Row] = []
        """Every row of the LP (model rows, cuts, level fixes), in the order of `constraints`."""
        self.lower, self.upper = list(linear.lower), list(linear.upper)
        """Variable bounds, pins and fixes included."""
        self.mip: MipBackend | None = None
        empty_f, empty_i = np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.int64)
        self._arrays = (empty_f, empty_f, empty_i, empty_f, empty_i)
        for row in linear.rows:
            self.add_row(row)
        self.fixed_vars: list[tuple[int, int]] = []
        self.fixes: list[tuple[tuple[list[int], list[int]], int]] = []
        self.fractional: list[int] = []
        self.raw: list[float] = []
        self.objective_value = 0.0
        """Objective value of the last LP optimum."""
        """Variable values of the last LP optimum."""
        """Variables whose value in the last LP optimum is not integral."""

    def row_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(lo, hi, variables, coefficients, row sizes) of every row, lo/hi NaN where open; the
        nonzeros row after row. Built once and extended as rows are added."""
        done = len(self._arrays[0])
        if done < len(self.rows):
            new = self.rows[done:]
            sizes = np.fromiter((len(row.vars) for row in new), dtype=np.int64, count=len(new))
            count = int(sizes.sum())
            parts = (
                np.array([np.nan if row.lo is None else row.lo for row in new], dtype=np.float64),
                np.array([np.nan if row.hi is None else row.hi for row in new], dtype=np.float64),
                np.fromiter((v for row in new for v in row.vars), dtype=np.int64, count=count),
                np.fromiter((c for row in new for c in row.coeffs), dtype=np.float64, count=count),
                sizes,
            )
            self._arrays = tuple(np.concatenate([a, b]) for a, b in zip(self._arrays, parts, strict=True))
        return self._arrays

    def keeps_rows(self, values: list[int]) -> bool:
        """Whole values keep every bound and row of this LP exactly (integers throughout, so the
        float sums are exact); level rows at value - margin hold exactly when the level does."""
        lo, hi, columns, coeffs, sizes = self.row_arrays()
        x = np.asarray(values, dtype=np.float64)
        if np.any(x < np.asarray(self.lower)) or np.any(x > np.asarray(self.upper)):
            return False
        activity = np.bincount(
            np.repeat(np.arange(len(sizes)), sizes), weights=coeffs * x[columns], minlength=len(sizes)
        )
        return not (
            np.any(activity < np.nan_to_num(lo, nan=-np.inf))
            or np.any(activity > np.nan_to_num(hi, nan=np.inf))
        )

    def tighten(self, keys: frozenset[tuple]) -> None:
        """Hold the rows keyed in `keys` at their upper side (the rows are shared with the model,
        whose side is already moved: only GLOP's copy changes here)."""
        for (key, constraint), row in zip(self.constraints, self.rows, strict=True):
            if key in keys and row.hi is not None:
                constraint.SetLb(row.hi)
        self._arrays = tuple(a[:0] for a in self._arrays)  # row sides changed: `row_arrays` anew

    def fix_var(self, index: int, value: int) -> None:
        self.vars[index].SetBounds(value, value)
        self.lower[index] = self.upper[index] = value
        self.fixed_vars.append((index, value))
        if self.mip:
            self.mip.fix_var(index, value)

    def relax(
        self, level: tuple[list[int], list[int]], time_limit: float, dual_simplex: bool = False
    ) -> tuple[list[int], int] | None:
        vars_, coeffs = level
        self.lp.SetSolverSpecificParametersAsString(GLOP_DUAL if dual_simplex else GLOP_PRIMAL)
        objective = self.lp.Objective()
        objective.Clear()
        for i, c in zip(vars_, coeffs, strict=True):
            objective.SetCoefficient(self.vars[i], c)
        objective.SetMaximization()
        self.lp.SetTimeLimit(max(int(time_limit * 1000), 10))
        status = self.lp.Solve()
        self.status = status
        if status != pywraplp.Solver.OPTIMAL:
            log.debug(
                "GLOP status %d after %.2fs (iterations %d)",
                status,
                self.lp.wall_time() / 1000,
                self.lp.iterations(),
            )
            return None
        # rounded and verified exactly by the caller: an LP optimum that rounds to a feasible
        # solution of the same integer value is a proven optimum of the integer problem
        raw = [v.solution_value() for v in self.vars]
        self.raw = raw
        values = [round(v) for v in raw]
        self.fractional = [i for i, (a, b) in enumerate(zip(raw, values, strict=True)) if abs(a - b) > 1e-6]
        bound = objective.Value()
        self.objective_value = bound
        return values, math.floor(bound + 1e-9 * max(1.0, abs(bound)))

    def maximise(
        self, level: tuple[list[int], list[int]], hint: list[int], time_limit: float, report: Reporter | None
    ) -> PassResult:
        vars_, coeffs = level
        started = time.perf_counter()
        relaxed = self.relax(level, time_limit)
        if relaxed is not None:
            values, bound = relaxed
            value = sum(c * values[i] for i, c in zip(vars_, coeffs, strict=True))
            if value >= bound and satisfies(self.linear, values):
                if report:
                    report(value, value)
                return PassResult(True, True, value, value, values)
        if self.mip is None:
            self.mip = MipBackend(self.linear, self.mip_solver)
            for index, fixed in self.fixed_vars:
                self.mip.fix_var(index, fixed)
            for fixed_level, fixed_value in self.fixes:
                self.mip.fix(fixed_level, fixed_value)
        remaining = time_limit - (time.perf_counter() - started)
        return self.mip.maximise(level, hint, remaining, report)

    def duals(self) -> dict[tuple, float]:
        """Row key -> dual price of the last LP solve (reduced cost = c - Σ dual · coefficient)."""
        return {key: constraint.dual_value() for key, constraint in self.constraints}

    def add_row(self, row) -> None:
        """Append one more row (a cut) of the linear model to the LP (and the MIP, once built)."""
        inf = self.lp.infinity()
        constraint = self.lp.RowConstraint(
            -inf if row.lo is None else row.lo, inf if row.hi is None else row.hi
        )
        for i, c in zip(row.vars, row.coeffs, strict=True):
            constraint.SetCoefficient(self.vars[i], c)
        self.constraints.append((row.key, constraint))
        self.rows.append(row)
        if self.mip:
            self.mip.add_row(row)

    def fix(self, level: tuple[list[int], list[int]], value: int, key: tuple = ()) -> None:
        """Keep a level at `value` or better: the row says ≥ value - `margin`. Levels are whole
        numbers, so any margin below 1 keeps the same integer plans. At margin 0 the LP is tight
        (on M the cost LP is whole there and fractional at ½), but its feasible set is the face of
        the level's optimum, which GLOP cannot always stay on: on the rivals bench the ramp LP ran
        280 s without an answer (dual simplex) or was declared infeasible (primal, in 1 s). At ½
        the primal simplex solves it in 1.0 s with the same bound. The search starts at 0 and
        moves to LEVEL_MARGIN when an LP fails (`WorkingModel.lp`)."""
        vars_, coeffs = level
        constraint = self.lp.RowConstraint(value - self.margin, self.lp.infinity())
        for i, c in zip(vars_, coeffs, strict=True):
            constraint.SetCoefficient(self.vars[i], c)
        self.constraints.append((key, constraint))
        self.rows.append(Row(f"level({key})", key, vars_, coeffs, value - self.margin, None))
        self.fixes.append((level, value))
        if self.mip:
            self.mip.fix(level, value)
