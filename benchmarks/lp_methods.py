"""Time each LP method of the solver (`surgebench.staffing.lp_engines.ENGINES`) on the LPs a solve
builds: the figures behind `SolverSettings.lp_methods`.

    python benchmarks/lp_methods.py dump /tmp/1M.json --out /tmp/lps --time-limit 300
    python benchmarks/lp_methods.py time /tmp/lps/*.npz [--methods glop highs-dual ...]

`dump` solves a problem with `SolverSettings(lp_dump=...)`, which writes every LP a level solves
(`LpFirstBackend.save`, named level-pairs.npz). `time` hands each file to each method the way the
solver does (rows as arrays, then one solve, cold) in a process of its own, and prints seconds,
the optimum and the peak memory. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENGINE_NAMES = ("glop", "highs-dual", "highs-primal", "highs-ipm")
sys.path.insert(0, str(HERE))


def dump(problem_path: Path, out: Path, time_limit: float) -> None:
    from surgebench.staffing.problem import load_problem
    from surgebench.staffing.settings import DEFAULT_SETTINGS
    from surgebench.staffing.solve import solve

    out.mkdir(parents=True, exist_ok=True)
    problem = load_problem(problem_path.read_text())
    plan = solve(
        problem, time_limit=time_limit, settings=dataclasses.replace(DEFAULT_SETTINGS, lp_dump=str(out))
    )
    print(f"{plan.status} in {plan.solve_seconds:.1f} s; LPs in {out}")


def time_one(path: Path, method: str, time_limit: float) -> dict:
    """Build the LP of `path` on `method` and solve it once; runs in its own process."""
    import numpy as np
    from measure import peak_rss_mb

    from surgebench.staffing.lp_engines import ENGINES

    lp = np.load(path)
    started = time.perf_counter()
    engine = ENGINES[method](lp["lower"].tolist(), lp["upper"].tolist())
    engine.add_rows(lp["row_lo"], lp["row_hi"], lp["starts"], lp["columns"], lp["coeffs"])
    built = time.perf_counter()
    # a fresh engine has no basis: `warm` does not apply, every method solves cold
    solved = engine.solve(lp["objective_vars"], lp["objective_coeffs"], time_limit, warm="primal")
    done = time.perf_counter()
    return {
        "file": path.name,
        "method": method,
        "build_s": round(built - started, 2),
        "solve_s": round(done - built, 2),
        "optimal": solved,
        "objective": engine.objective() if solved else None,
        "peak_mb": round(peak_rss_mb()),
    }


def time_all(paths: list[Path], methods: list[str], time_limit: float) -> None:
    print(f"{'LP':<28} {'method':<14} {'build s':>8} {'solve s':>8} {'objective':>18} {'peak MB':>8}")
    for path in paths:
        for method in methods:
            run = subprocess.run(
                [sys.executable, __file__, "one", str(path), method, str(time_limit)],
                capture_output=True,
                text=True,
                check=False,
            )
            try:
                row = json.loads(run.stdout.strip().splitlines()[-1])
            except (IndexError, json.JSONDecodeError):
                print(f"{path.name:<28} {method:<14} failed: {run.stderr.strip()[-200:]}")
                continue
            objective = f"{row['objective']:.2f}" if row["optimal"] else f"none in {time_limit:.0f} s"
            print(
                f"{row['file']:<28} {method:<14} {row['build_s']:>8.2f} {row['solve_s']:>8.2f} "
                f"{objective:>18} {row['peak_mb']:>8}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="solve a problem, writing every level's LP")
    d.add_argument("problem", type=Path)
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--time-limit", type=float, default=300.0)
    t = sub.add_parser("time", help="time each method on LP files")
    t.add_argument("files", type=Path, nargs="+")
    t.add_argument("--methods", nargs="+", default=sorted(ENGINE_NAMES))
    t.add_argument("--time-limit", type=float, default=300.0)
    one = sub.add_parser("one")
    one.add_argument("file", type=Path)
    one.add_argument("method")
    one.add_argument("time_limit", type=float)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.problem, args.out, args.time_limit)
    elif args.command == "time":
        time_all(args.files, args.methods, args.time_limit)
    else:
        print(json.dumps(time_one(args.file, args.method, args.time_limit)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
