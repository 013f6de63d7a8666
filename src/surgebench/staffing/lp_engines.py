"""The two LP engines a level's relaxation can run on, behind one small interface.

- `GlopLp` — OR-Tools' GLOP through `pywraplp`, primal simplex; every solve from scratch.
- `HighsLp` — HiGHS through `highspy` (dual or primal simplex, or interior point, when it has no
  basis); the model is handed over as arrays, and the basis stays between solves of the same LP
  (new rows, bounds and a new objective go on from it), or is handed to the LP of a grown model.

Neither is best everywhere: on the 1M benchmark family's LPs (163-228k pairs) GLOP solves fill's
in 3.6 s where HiGHS's dual simplex takes 210 s (fill's objective is a handful of request
priorities, so nearly every basis ties), and HiGHS's dual simplex solves quality's in 12 s where
GLOP takes 47 s. `SolverSettings.lp_methods` says which method each level uses (the figures are
there). Both engines only ever feed `lpbound.safe_bound`, which turns whatever duals they return
into a bound that holds exactly, so the engine decides how fast a level is proven, never what is.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from typing import Protocol

import highspy
import numpy as np
from ortools.linear_solver import pywraplp

log = logging.getLogger("surgebench.staffing.solve")

GLOP_PRIMAL = "use_dual_simplex: false"
"""GLOP's primal simplex: the faster one on every level measured (rivals bench, ramp LP over 31k pairs
1.0 s primal vs 9.6 s dual; where a level row leaves no room the dual simplex ran 280 s)."""


class LpEngine(Protocol):
    """An LP over a fixed set of variables with rows appended over time; maximises."""

    def add_rows(
        self, lo: np.ndarray, hi: np.ndarray, starts: np.ndarray, vars_: np.ndarray, coeffs: np.ndarray
    ) -> None:
        """Append rows lo ≤ Σ coeffs·x ≤ hi (±inf where open), given row after row from `starts`."""

    def set_row_sides(self, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None: ...

    def fix(self, vars_: np.ndarray, values: np.ndarray) -> None:
        """Hold each variable at its value."""

    def solve(self, vars_: np.ndarray, coeffs: np.ndarray, time_limit: float, warm: str) -> bool:
        """Maximise Σ coeffs·x (every other variable at cost 0); True when the optimum was found.
        `warm` ("primal" or "dual") is the simplex that goes on from a basis, where there is one."""

    def values(self) -> np.ndarray: ...

    def row_duals(self) -> np.ndarray:
        """Dual price of each row, in the order added: ≥ 0 on a binding upper side (maximisation)."""

    def objective(self) -> float: ...

    def describe(self) -> str:
        """Status, time and iterations of the last solve, for the log."""

    def basis(self) -> tuple[list[str], list[str]] | None:
        """The status ("basic", "lower", "upper", ...) of every column and row at the last optimum;
        None when the engine keeps none."""

    def start_from(self, columns: list[str], rows: list[str]) -> bool:
        """Start the next solve from this basis; False when the engine refuses it."""


class GlopLp:
    def __init__(self, lower: list[int], upper: list[int]) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.vars = [self.lp.NumVar(lo, hi, "") for lo, hi in zip(lower, upper, strict=True)]
        self.rows: list[pywraplp.Constraint] = []
        self.status = -1

    def add_rows(
        self, lo: np.ndarray, hi: np.ndarray, starts: np.ndarray, vars_: np.ndarray, coeffs: np.ndarray
    ) -> None:
        vars_all, variables, values = self.vars, vars_.tolist(), coeffs.tolist()
        for k, (low, high) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
            constraint = self.lp.RowConstraint(low, high)
            for j in range(int(starts[k]), int(starts[k + 1])):
                constraint.SetCoefficient(vars_all[variables[j]], values[j])
            self.rows.append(constraint)

    def set_row_sides(self, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        for row, low, high in zip(rows.tolist(), lo.tolist(), hi.tolist(), strict=True):
            self.rows[row].SetBounds(low, high)

    def fix(self, vars_: np.ndarray, values: np.ndarray) -> None:
        for var, value in zip(vars_.tolist(), values.tolist(), strict=True):
            self.vars[var].SetBounds(value, value)

    def solve(self, vars_: np.ndarray, coeffs: np.ndarray, time_limit: float, warm: str) -> bool:
        self.lp.SetSolverSpecificParametersAsString(GLOP_PRIMAL)
        objective = self.lp.Objective()
        objective.Clear()
        for i, c in zip(vars_.tolist(), coeffs.tolist(), strict=True):
            objective.SetCoefficient(self.vars[i], c)
        objective.SetMaximization()
        self.lp.SetTimeLimit(max(int(time_limit * 1000), 10))
        self.status = int(self.lp.Solve())
        return bool(self.status == pywraplp.Solver.OPTIMAL)

    def values(self) -> np.ndarray:
        return np.array([v.solution_value() for v in self.vars], dtype=np.float64)

    def row_duals(self) -> np.ndarray:
        return np.array([c.dual_value() for c in self.rows], dtype=np.float64)

    def objective(self) -> float:
        return float(self.lp.Objective().Value())

    def basis(self) -> tuple[list[str], list[str]] | None:
        return None  # pywraplp hands out no basis

    def start_from(self, columns: list[str], rows: list[str]) -> bool:
        return False

    def describe(self) -> str:
        return f"GLOP status {self.status} ({self.lp.iterations()} iterations)"  # the caller times it


@functools.cache
def _banner_sent_away() -> bool:
    """HiGHS prints a banner on standard output when the first solver of a process is made, before
    any option can silence it, and `surgebench solve` may be writing a plan there: the first solver
    is made with standard output sent to /dev/null."""
    sys.stdout.flush()
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's Highs() has no annotations
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return True


def quiet_highs() -> None:
    """Make sure HiGHS's banner has been sent away before a solver is made (`_banner_sent_away`)."""
    _banner_sent_away()


class HighsLp:
    def __init__(self, lower: list[int], upper: list[int], cold: str = "dual") -> None:
        _banner_sent_away()
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's Highs() has no annotations
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("threads", 1)  # one thread: the same plan every time
        self.n = len(lower)
        self.highs.addVars(self.n, np.asarray(lower, dtype=np.float64), np.asarray(upper, dtype=np.float64))
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.cold = cold
        """How a solve without a basis runs: "dual" or "primal" simplex, or "ipm" (interior point,
        then crossover to a basic optimum, so the duals are a vertex's)."""
        self.cost = np.zeros(self.n, dtype=np.float64)
        self.has_basis = False
        """A basis to go on from: the last solve's, or one handed over (`start_from`). Kept here
        because HiGHS's info says nothing of a basis handed over, and `getBasis` copies it whole."""

    def _cold(self) -> None:
        if self.cold == "ipm":
            self.highs.setOptionValue("solver", "ipm")
        else:
            self.highs.setOptionValue("solver", "simplex")
            self.highs.setOptionValue("simplex_strategy", SIMPLEX[self.cold])

    def add_rows(
        self, lo: np.ndarray, hi: np.ndarray, starts: np.ndarray, vars_: np.ndarray, coeffs: np.ndarray
    ) -> None:
        self.highs.addRows(
            len(lo),
            np.asarray(lo, dtype=np.float64),
            np.asarray(hi, dtype=np.float64),
            len(vars_),
            np.asarray(starts[:-1], dtype=np.int32),
            np.asarray(vars_, dtype=np.int32),
            np.asarray(coeffs, dtype=np.float64),
        )

    def set_row_sides(self, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        if len(rows):
            self.highs.changeRowsBounds(  # type: ignore[attr-defined]  # the binding has it, highspy's stubs not
                len(rows),
                np.asarray(rows, dtype=np.int32),
                np.asarray(lo, dtype=np.float64),
                np.asarray(hi, dtype=np.float64),
            )

    def fix(self, vars_: np.ndarray, values: np.ndarray) -> None:
        if len(vars_):
            sides = np.asarray(values, dtype=np.float64)
            self.highs.changeColsBounds(len(vars_), np.asarray(vars_, dtype=np.int32), sides, sides)

    def solve(self, vars_: np.ndarray, coeffs: np.ndarray, time_limit: float, warm: str) -> bool:
        cost = np.zeros(self.n, dtype=np.float64)
        np.add.at(cost, vars_, coeffs)
        changed = np.flatnonzero(cost != self.cost)
        if len(changed):
            self.highs.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
        self.cost = cost
        self.highs.setOptionValue("time_limit", max(time_limit, 0.01))
        if self.has_basis:
            self.highs.setOptionValue("solver", "simplex")
            self.highs.setOptionValue("simplex_strategy", SIMPLEX[warm])
        else:
            self._cold()
        self.highs.run()
        self.has_basis = bool(self.highs.getInfo().basis_validity)
        return self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def values(self) -> np.ndarray:
        return np.asarray(self.highs.getSolution().col_value, dtype=np.float64)

    def row_duals(self) -> np.ndarray:
        return np.asarray(self.highs.getSolution().row_dual, dtype=np.float64)

    def objective(self) -> float:
        return float(self.highs.getInfo().objective_function_value)

    def basis(self) -> tuple[list[str], list[str]] | None:
        basis = self.highs.getBasis()
        if not basis.valid:
            return None
        names = _STATUS_NAME
        return [names[s] for s in basis.col_status], [names[s] for s in basis.row_status]

    def start_from(self, columns: list[str], rows: list[str]) -> bool:
        basis = highspy.HighsBasis()
        status = _STATUS
        basis.col_status = [status[s] for s in columns]
        basis.row_status = [status[s] for s in rows]
        basis.valid = True
        basis.alien = True  # rows and columns come and go between working models: HiGHS completes it
        self.has_basis = self.highs.setBasis(basis) == highspy.HighsStatus.kOk
        return self.has_basis

    def describe(self) -> str:
        info = self.highs.getInfo()
        status = self.highs.modelStatusToString(self.highs.getModelStatus())
        return f"HiGHS {status} ({info.simplex_iteration_count} simplex iterations)"  # the caller times it


_STATUS = {
    "lower": highspy.HighsBasisStatus.kLower,
    "basic": highspy.HighsBasisStatus.kBasic,
    "upper": highspy.HighsBasisStatus.kUpper,
    "zero": highspy.HighsBasisStatus.kZero,
    "nonbasic": highspy.HighsBasisStatus.kNonbasic,
}
_STATUS_NAME = {value: name for name, value in _STATUS.items()}

SIMPLEX = {"dual": 1, "primal": 4}
"""HiGHS's `simplex_strategy` values."""

ENGINES: dict[str, Callable[[list[int], list[int]], LpEngine]] = {
    "glop": GlopLp,
    "highs-dual": functools.partial(HighsLp, cold="dual"),
    "highs-primal": functools.partial(HighsLp, cold="primal"),
    "highs-ipm": functools.partial(HighsLp, cold="ipm"),
}
"""The LP methods `SolverSettings.lp_methods` can name, each a way to make an `LpEngine`."""
