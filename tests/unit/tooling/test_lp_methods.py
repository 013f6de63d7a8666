"""The LP-method benchmark times the solver's own engines on the LPs the solver writes: a saved LP
comes back with the same optimum on every method, and the ENGINE_NAMES it offers are the solver's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import lp_methods  # noqa: E402

from surgebench.staffing.backends import LpFirstBackend  # noqa: E402
from surgebench.staffing.lp_engines import ENGINES  # noqa: E402
from surgebench.staffing.model import LinearModel  # noqa: E402


def test_the_benchmark_offers_every_method_the_solver_has() -> None:
    assert set(lp_methods.ENGINE_NAMES) == set(ENGINES)


@pytest.mark.parametrize("method", sorted(ENGINES))
def test_a_saved_lp_solves_to_the_optimum_the_solver_found(tmp_path, method) -> None:
    model = LinearModel()
    a, b, c = (model.new_var(name, 1) for name in "abc")
    model.add("ab", ("ab",), [a, b], None, None, 1)
    model.add("bc", ("bc",), [b, c], None, 1, None)
    objective = ([a, b, c], [3, 2, 2])
    solver_lp = LpFirstBackend(model)
    optimum = solver_lp.relax(objective, time_limit=10)
    path = tmp_path / "quality-3.npz"
    solver_lp.save(str(path), objective)
    row = lp_methods.time_one(path, method, time_limit=10)
    assert row["optimal"] and row["objective"] == pytest.approx(solver_lp.objective_value)
    assert optimum is not None and optimum.value == 5  # a = 1, c = 1 (b + c ≥ 1 with a + b ≤ 1)
