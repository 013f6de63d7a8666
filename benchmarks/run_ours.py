"""One run of our solver in a process of its own, so its peak memory is the solve's and not the
benchmark's (which holds the generated instance and the baselines' models).

    python benchmarks/run_ours.py PROBLEM.json RESULT.json --time-limit 600 [--plan PLAN.json]

Reads the problem file, `parse_problem`, `solve(..., progress=...)`, then `check_plan`; writes to
RESULT.json the status, objective, per level the time (since `solve` was called) of its first
solution and of its proof, its value, bound and gap, and the process's peak RSS (VmHWM) after
reading the problem, after parsing it and after the solve (the peak is taken before the check runs).
`solver_bench.py` starts it once per run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from measure import check, peak_rss_mb

from surgebench.staffing.plan import LEVEL_NAMES


def gap(value: int, bound: int) -> float:
    """How far a level's value is from its bound, relative to the bound (0.0 when they meet)."""
    return abs(bound - value) / max(abs(bound), 1)


def run(problem_path: Path, time_limit: float) -> tuple[dict, dict]:
    """One solve; returns the figures and the plan dict."""
    from surgebench.staffing.problem import parse_problem
    from surgebench.staffing.solve import solve

    rss_start = peak_rss_mb()
    t0 = time.perf_counter()
    data = json.loads(problem_path.read_text(encoding="utf-8"))
    read_seconds = time.perf_counter() - t0
    rss_read = peak_rss_mb()
    t0 = time.perf_counter()
    problem = parse_problem(data)
    parse_seconds = time.perf_counter() - t0
    del data
    rss_parsed = peak_rss_mb()
    events: list = []
    t0 = time.perf_counter()
    plan = solve(problem, time_limit=time_limit, progress=events.append)
    solve_seconds = time.perf_counter() - t0
    rss_solved = peak_rss_mb()
    plan_dict = plan.to_json()
    proof: dict[str, float | None] = dict.fromkeys(LEVEL_NAMES)
    first_solution: dict[str, float | None] = dict.fromkeys(LEVEL_NAMES)
    for e in events:
        level = getattr(e, "level", None)
        if level in first_solution and first_solution[level] is None:
            first_solution[level] = e.elapsed
        if level in proof and getattr(e, "proven", False) and proof[level] is None:
            proof[level] = e.elapsed
    levels = {r["name"]: {**r, "gap": gap(r["value"], r["bound"])} for r in plan_dict.get("levels", [])}
    for e in events:  # a finished level's last event is the one solve() sends when it ends
        if e.level in levels:
            levels[e.level]["end_seconds"] = e.elapsed
    figures = {
        "status": plan_dict["status"],
        "objective": plan_dict["objective"],
        "assignments": len(plan_dict["assignments"]),
        "read_seconds": read_seconds,
        "parse_seconds": parse_seconds,
        "solve_seconds": solve_seconds,
        "proof_seconds": proof,  # since solve() was called
        "first_solution_seconds": first_solution,
        "levels": levels,  # finished levels: value, bound, proven, own seconds, gap, end_seconds
        "progress_events": len(events),
        "peak_rss_mb_at_start": rss_start,
        "peak_rss_mb_after_read": rss_read,
        "peak_rss_mb_after_parse": rss_parsed,
        "peak_rss_mb": rss_solved,
        "check": check(problem, plan_dict),
    }
    return figures, plan_dict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One run of our solver, measured in its own process.")
    parser.add_argument("problem", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--time-limit", type=float, required=True)
    parser.add_argument("--plan", type=Path, default=None, help="also write the plan here")
    args = parser.parse_args(argv)
    figures, plan = run(args.problem, args.time_limit)
    if args.plan:
        args.plan.write_text(json.dumps(plan), encoding="utf-8")
    args.result.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
