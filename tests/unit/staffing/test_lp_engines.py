"""The LP engines (`lp_engines`) agree: the same optimum, duals that prove it (`lpbound`), a basis
a grown LP can start from, and nothing on standard output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from surgebench.staffing.backends import LpFirstBackend, LpOptimum
from surgebench.staffing.lp_engines import ENGINES
from surgebench.staffing.lpbound import safe_bound
from surgebench.staffing.model import LinearModel

METHODS = sorted(ENGINES)


def small_lp(extra: bool = False) -> tuple[LinearModel, tuple[list[int], list[int]]]:
    """max 3a + 2b + 2c (+ 4d) over a + b ≤ 1, b + c ≥ 1, a + c (+ d) ≤ 1, all in [0, 1]: rows with
    an upper side and a lower side; with `extra` a column more, and a row in place of another."""
    model = LinearModel()
    a, b, c = (model.new_var(name, 1) for name in "abc")
    model.add("ab", ("ab",), [a, b], None, None, 1)
    model.add("bc", ("bc",), [b, c], None, 1, None)
    vars_, coeffs = [a, b, c], [3, 2, 2]
    if extra:
        d = model.new_var("d", 1)
        model.add("acd", ("acd",), [a, c, d], None, None, 1)
        vars_, coeffs = [*vars_, d], [*coeffs, 4]
    else:
        model.add("ac", ("ac",), [a, c], None, None, 1)
    return model, (vars_, coeffs)


@pytest.mark.parametrize("method", METHODS)
def test_each_engine_finds_the_optimum_and_duals_that_prove_it(method):
    model, objective = small_lp()
    lp = LpFirstBackend(model, method=method)
    assert lp.relax(objective, time_limit=10) == LpOptimum(values=[0, 1, 1], value=4)
    assert safe_bound(lp, objective).value == pytest.approx(4.0, abs=1e-6)  # wrong duals bound higher


@pytest.mark.parametrize("method", METHODS)
def test_a_level_row_keeps_the_level_for_the_next_objective(method):
    model, objective = small_lp()
    lp = LpFirstBackend(model, method=method)
    lp.relax(objective, time_limit=10)
    lp.fix(objective, 4, ("level", "first"))
    then = ([0], [1])  # as much a as the first level allows: none (4 - a is the best with a)
    assert lp.relax(then, time_limit=10) == LpOptimum(values=[0, 1, 1], value=0)
    assert safe_bound(lp, then).value == pytest.approx(0.0, abs=1e-6)


def test_a_grown_lp_starts_from_the_last_basis_and_finds_the_same_optimum():
    model, objective = small_lp()
    first = LpFirstBackend(model, method="highs-dual")
    first.relax(objective, time_limit=10)
    basis = first.basis()
    assert basis is not None and set(basis.columns) == {"a", "b", "c"}
    grown, grown_objective = small_lp(extra=True)  # a row gone, a row and a column new
    warm = LpFirstBackend(grown, method="highs-dual")
    assert warm.start_from(basis)
    cold = LpFirstBackend(grown, method="highs-dual")
    assert warm.relax(grown_objective, 10) == cold.relax(grown_objective, 10)


def test_glop_keeps_no_basis():
    model, objective = small_lp()
    lp = LpFirstBackend(model, method="glop")
    lp.relax(objective, time_limit=10)
    assert lp.basis() is None


def test_highs_writes_nothing_to_standard_output():
    """`surgebench solve` may write the plan to standard output; HiGHS's banner must not land in it."""
    code = "from surgebench.staffing.lp_engines import HighsLp; HighsLp([0], [1]); print('plan')"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == "plan\n"
