"""The solver benchmark's own logic: which families `all` means, how a peak RSS is read, and that its
results table keeps one row per family with a level's proof time or its gap."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import families  # noqa: E402
import measure  # noqa: E402
import solver_bench  # noqa: E402


def test_all_means_every_family_but_the_slow_ones_which_run_only_when_named() -> None:
    picked = [f.name for f in families.select(["all"])]
    assert picked == [f.name for f in families.FAMILIES.values() if not f.slow]
    assert {"service", "1M"}.isdisjoint(picked)
    assert {"scarce", "pins", "onboarding", "overlap", "rivals"} <= set(picked)
    assert [f.name for f in families.select(["1M", "all", "S"])] == ["1M", *picked]


def test_peak_rss_is_read_from_vmhwm_in_mebibytes() -> None:
    status = "Name:\tpython\nVmPeak:\t 9999999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n"
    assert measure.vm_hwm_mb(status) == 200.0
    assert measure.vm_hwm_mb("Name:\tpython\nVmRSS:\t 1024 kB\n") is None
    assert measure.peak_rss_mb() > 1.0


def _result(family: str, ours: dict | None, scip: dict) -> dict:
    objective = {"fill": 90, "continuity": 9, "quality": 1, "ramp": 1, "cost": 1}
    return {
        "family": family,
        "seed": 0,
        "specialists": 200_000,
        "seats": 10_000,
        "machine": {"load_average": [1.5, 1, 1], "load_average_end": [2.0, 1, 1]},
        **({"ours": ours} if ours else {}),
        "greedy": {
            "status": "feasible",
            "objective": {**objective, "fill": 60},
            "fill_ratio": 1.5,
            "median_seconds": 1.0,
            "check": {"ok": True},
        },
        "scip": scip,
    }


def test_each_family_is_one_row_with_proof_times_gaps_and_why_scip_was_skipped() -> None:
    proof = {"fill": 1.0, "continuity": 2.5, "quality": None, "ramp": 7.0, "cost": None}
    gap = {"fill": None, "continuity": None, "quality": 0.0123, "ramp": None, "cost": None}
    ours = {
        "status": "feasible",
        "objective": {"fill": 90, "continuity": 9},
        "check": {"ok": True},
        "median_proof_seconds": proof,
        "gap": gap,
        "median_solve_seconds": 9.0,
        "repeat": 1,
        "peak_rss_mb": 2048.0,
    }
    results = [
        _result("scarce", ours, {"skipped": "--skip-scip"}),
        _result("1M", {"status": "killed", "runs": []}, {"skipped": "does not fit"}),
    ]
    text = solver_bench.tables(results)
    scarce_rows = [line for line in text.splitlines() if line.startswith("| scarce |")]
    assert len(scarce_rows) == 2  # one in each table
    ours_row = scarce_rows[0].split(" | ")
    assert ours_row[4:9] == ["1.00", "2.50", "gap 1.2%", "(7.00)", "–"]
    assert "2,048" in scarce_rows[0]
    assert "60 (1.500)" in scarce_rows[1]
    assert "skipped: --skip-scip" in scarce_rows[1]
    million = [line for line in text.splitlines() if line.startswith("| 1M |")]
    assert len(million) == 2
    assert " killed |" in million[0]
    assert "skipped: does not fit" in million[1]
    header = next(line for line in text.splitlines() if line.startswith("| family | specialists"))
    assert all(row.count("|") == header.count("|") for row in (scarce_rows[0], million[0]))


@pytest.mark.parametrize(("value", "bound", "expected"), [(100, 100, 0.0), (99, 100, 0.01), (0, 0, 0.0)])
def test_a_levels_gap_is_relative_to_its_bound(value: int, bound: int, expected: float) -> None:
    import run_ours

    assert run_ours.gap(value, bound) == pytest.approx(expected)


def test_time_per_level_is_each_levels_own_seconds_and_the_rest_of_the_solve_is_outside_levels() -> None:
    def run(solve: float, fill: float) -> dict:
        levels = {"fill": {"seconds": fill}, "continuity": {"seconds": 1.0}}
        return {
            "levels": levels,
            "solve_seconds": solve,
            "peak_rss_mb_after_parse": 100.0,
            "peak_rss_mb": 300.0 + solve,
        }

    cells = solver_bench.level_time_cells({"runs": [run(10.0, 4.0), run(12.0, 6.0), {"status": "killed"}]})
    assert cells == ["5.00", "5.00", "1.00", "–", "–", "–", "11.00", "100", "312"]
    assert solver_bench.level_time_cells({"runs": [{"status": "error"}]}) == []


def test_a_scip_run_without_a_solution_is_no_plan_not_a_failed_check() -> None:
    scip = {
        "status": "no_solution",
        "objective": {"fill": 0, "continuity": 0},
        "check": {"ok": False, "violations": ["no plan (status 'no_solution')"]},
        "levels": [{"level": "fill", "status": "NOT_SOLVED", "seconds": 180.0}],
        "build_seconds": 12.0,
        "wall_seconds": 200.0,
        "time_limit": 180.0,
    }
    text = solver_bench.tables([_result("L", None, scip)])
    row = [line for line in text.splitlines() if line.startswith("| L |")][1]
    assert row.endswith("| ok, no plan |")
    assert "no_solution, proven: none" in row
    assert "| – | – |" in row  # no fill or continuity for SCIP
    assert "Findings" not in text


def test_the_level_a_time_limit_stopped_is_unfinished_with_its_time_so_far() -> None:
    run = {
        "status": "feasible",
        "solve_seconds": 300.0,
        "proof_seconds": {"fill": 16.0, "continuity": 40.0, "quality": None, "ramp": None, "cost": None},
        "levels": {"fill": {"seconds": 5.0}, "continuity": {"seconds": 20.0, "end_seconds": 39.0}},
        "peak_rss_mb_after_parse": 2000.0,
        "peak_rss_mb": 4000.0,
    }
    assert solver_bench.unfinished_level(run) == ("quality", 261.0)
    assert solver_bench.level_time_cells({"runs": [run]})[:4] == [
        "14.00",
        "5.00",
        "20.00",
        "261.00 unfinished",
    ]
    cells = solver_bench.level_cells(run["proof_seconds"], {}, "quality")
    assert cells == ["16.00", "40.00", "unfinished", "–", "–"]
    finished = {**run, "levels": dict.fromkeys(solver_bench.LEVELS, {"seconds": 1.0})}
    assert solver_bench.unfinished_level(finished) is None
