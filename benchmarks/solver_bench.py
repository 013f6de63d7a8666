"""Solver benchmark: our CP-SAT solver against a greedy picker and a plain SCIP MIP.

For each size (S, M, L; see `instances.py`) it generates the instance, writes it to a temporary
file, and measures:

- **ours** (`surgebench.staffing.solve.solve`, in this process): the wall time at which each
  objective level was proven, status, objective, the process's peak RSS; median over `--repeat` runs;
  plus, for the sizes in `--cli` (default M), the whole `surgebench solve` command in a subprocess
  under `/usr/bin/time -v` (process wall time including reading the file, and its peak RSS);
- **greedy** (`baselines.greedy_plan`) and **SCIP** (`baselines.mip_plan`, capped by
  `--baseline-time-limit`): time, status per level, objective, and ours / baseline for fill and
  continuity.

Every plan is checked with `surgebench.staffing.check.check_plan`. Where SCIP proved a level optimal
(and every level above it), our value there must equal SCIP's; a difference is printed as a finding.
Figures are printed, never asserted. Results go to `benchmarks/out/solver_<size>.json` and a Markdown
table at the end.

    python benchmarks/solver_bench.py                 # S and M
    python benchmarks/solver_bench.py --sizes S M L --baseline-time-limit 300
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import baselines
import instances

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
LEVELS = baselines.LEVELS
DEFAULT_TIME_LIMIT = {"S": 60.0, "M": 120.0, "L": 600.0}
DEFAULT_BASELINE_LIMIT = {"S": 300.0, "M": 300.0, "L": 180.0}
DEFAULT_REPEAT = {"S": 3, "M": 3, "L": 1}


def _solver_fingerprint() -> str:
    """A short hash of the solver's sources, so a result names the code it measured."""
    import hashlib

    import surgebench.staffing

    root = Path(surgebench.staffing.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _peak_rss_mb() -> float:
    """This process's peak resident set size so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "ok" if ok else "FAIL"


def _ratio(ours: int | None, base: int | None) -> float | None:
    if ours is None or base is None or base == 0:
        return None
    return ours / base


# --- checking -----------------------------------------------------------------------------------


def check(problem, plan_dict: dict) -> dict:
    """Run the solver's independent checker on a plan dict; returns ok, violations and objective."""
    try:
        from surgebench.staffing.check import check_plan
    except ImportError:
        return {"ok": None, "violations": ["surgebench.staffing.check is not importable"], "objective": None}
    if problem is None:
        return {"ok": None, "violations": ["the problem did not parse"], "objective": None}
    if plan_dict.get("status") not in ("optimal", "feasible", "infeasible"):
        return {
            "ok": False,
            "violations": [f"no plan (status {plan_dict.get('status')!r})"],
            "objective": None,
        }
    try:
        report = check_plan(problem, plan_dict)
    except (TypeError, AttributeError):
        from surgebench.staffing.plan import parse_plan

        report = check_plan(problem, parse_plan(plan_dict))
    violations = [str(v) for v in getattr(report, "violations", ())]
    objective = getattr(report, "objective", None)
    return {
        "ok": bool(report.ok),
        "violations": violations[:20],
        "violation_count": len(violations),
        "objective": dict(objective) if isinstance(objective, dict) else objective,
    }


# --- our solver ---------------------------------------------------------------------------------


def run_ours(data: dict, time_limit: float, workers: int | None) -> dict:
    """One in-process solve with progress events; level proof times are measured from solve()."""
    from surgebench.staffing.problem import parse_problem
    from surgebench.staffing.solve import solve

    t0 = time.perf_counter()
    problem = parse_problem(data)
    parse_seconds = time.perf_counter() - t0
    rss_before = _peak_rss_mb()
    events: list = []
    t0 = time.perf_counter()
    plan = solve(problem, time_limit=time_limit, progress=events.append, workers=workers)
    wall = time.perf_counter() - t0
    plan_dict = plan.to_json()
    proof: dict[str, float | None] = dict.fromkeys(LEVELS)
    first_solution: dict[str, float | None] = dict.fromkeys(LEVELS)
    for e in events:
        level = getattr(e, "level", None)
        if level in first_solution and first_solution[level] is None:
            first_solution[level] = e.elapsed
        if level in proof and getattr(e, "proven", False):
            proof[level] = e.elapsed
    return {
        "status": plan_dict["status"],
        "objective": plan_dict["objective"],
        "assignments": len(plan_dict["assignments"]),
        "parse_seconds": parse_seconds,
        "solve_seconds": wall,
        "proof_seconds": proof,  # since solve() was called
        "first_solution_seconds": first_solution,
        "levels": plan_dict.get("levels", []),
        "progress_events": len(events),
        "peak_rss_mb_before_solve": rss_before,
        "peak_rss_mb_after_solve": _peak_rss_mb(),
        "check": check(problem, plan_dict),
        "_plan": plan_dict,
        "_problem": problem,
    }


def _cli_command() -> list[str]:
    """`surgebench solve` when the command has it, else the solver's module entry point."""
    exe = Path(sys.executable).with_name("surgebench")
    if exe.exists():
        probe = subprocess.run([str(exe), "solve", "--help"], capture_output=True, text=True)
        if probe.returncode == 0:
            return [str(exe), "solve"]
    return [sys.executable, "-m", "surgebench.staffing.commands", "solve"]


def run_cli(problem_path: Path, time_limit: float, workdir: Path) -> dict:
    """The whole command in a subprocess under /usr/bin/time -v: wall time and peak RSS."""
    plan_path = workdir / "plan.json"
    cmd = _cli_command() + [str(problem_path), "-o", str(plan_path), "--time-limit", str(time_limit)]
    timer = shutil.which("time", path="/usr/bin") or "/usr/bin/time"
    t0 = time.perf_counter()
    proc = subprocess.run([timer, "-v", *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    stats = {}
    for key, pattern in {
        "elapsed": r"Elapsed \(wall clock\) time.*: (\S+)",
        "max_rss_kb": r"Maximum resident set size \(kbytes\): (\d+)",
    }.items():
        m = re.search(pattern, proc.stderr)
        stats[key] = m.group(1) if m else None
    out = {
        "command": " ".join(cmd),
        "returncode": proc.returncode,
        "wall_seconds": wall,
        "time_v_elapsed": stats["elapsed"],
        "peak_rss_mb": int(stats["max_rss_kb"]) / 1024 if stats["max_rss_kb"] else None,
        "stderr_tail": proc.stderr.strip().splitlines()[-25:] if proc.returncode else [],
    }
    if plan_path.exists():
        plan = json.loads(plan_path.read_text())
        out["status"] = plan.get("status")
        out["objective"] = plan.get("objective")
    return out


# --- comparison ---------------------------------------------------------------------------------


def compare_with_proven(ours: dict, scip: dict) -> list[str]:
    """Levels where SCIP proved the lexicographic optimum and our value differs."""
    findings = []
    for run in scip["levels"]:
        if run["status"] != "OPTIMAL":
            break
        level = run["level"]
        mine, theirs = ours["objective"].get(level), scip["objective"].get(level)
        if mine != theirs:
            worse = (mine < theirs) if level in ("fill", "continuity", "quality") else (mine > theirs)
            findings.append(
                f"{level}: ours {mine} vs SCIP-proven {theirs} ({'worse' if worse else 'better'})"
            )
            break
    return findings


# --- one size -----------------------------------------------------------------------------------


def bench_size(size: str, seed: int, args) -> dict:
    print(f"\n## size {size} (seed {seed})", flush=True)
    t0 = time.perf_counter()
    data = instances.generate(size, seed)
    gen_seconds = time.perf_counter() - t0
    text = instances.to_json(data)
    workdir = Path(tempfile.mkdtemp(prefix=f"surgebench-{size}-"))
    problem_path = workdir / f"{size}.json"
    problem_path.write_text(text, encoding="utf-8")
    seats = sum(r["headcount"] for q in data["requests"] for r in q["roles"])
    result: dict = {
        "size": size,
        "seed": seed,
        "specialists": len(data["specialists"]),
        "seats": seats,
        "requests": len(data["requests"]),
        "problem_bytes": len(text.encode()),
        "generate_seconds": gen_seconds,
        "problem_file": str(problem_path),
        "solver_sources": _solver_fingerprint(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
    }
    print(
        f"generated {result['specialists']} specialists, {seats} seats, {result['requests']} requests "
        f"in {gen_seconds:.1f}s -> {problem_path} ({result['problem_bytes'] / 1e6:.1f} MB)",
        flush=True,
    )

    repeat = args.repeat or DEFAULT_REPEAT[size]
    time_limit = args.time_limit or DEFAULT_TIME_LIMIT[size]
    problem = None
    if not args.skip_ours:
        runs = []
        for k in range(repeat):
            run = run_ours(data, time_limit, args.workers)
            problem = run.pop("_problem")
            plan = run.pop("_plan")
            runs.append(run)
            print(
                f"ours run {k + 1}/{repeat}: {run['status']} in {run['solve_seconds']:.2f}s, "
                f"proofs {_fmt_levels(run['proof_seconds'])}, objective {run['objective']}, "
                f"check {_verdict(run['check']['ok'])}",
                flush=True,
            )
        (OUT / f"plan_ours_{size}.json").write_text(json.dumps(plan))
        result["ours"] = {
            "time_limit": time_limit,
            "workers": args.workers,
            "repeat": repeat,
            "runs": runs,
            "median_solve_seconds": statistics.median(r["solve_seconds"] for r in runs),
            "median_proof_seconds": {
                level: (
                    statistics.median(v)
                    if len(
                        v := [
                            r["proof_seconds"][level] for r in runs if r["proof_seconds"][level] is not None
                        ]
                    )
                    == len(runs)
                    else None
                )
                for level in LEVELS
            },
            "status": runs[-1]["status"],
            "objective": runs[-1]["objective"],
            "check": runs[-1]["check"],
            "peak_rss_mb": max(r["peak_rss_mb_after_solve"] for r in runs),
        }
    if size in args.cli and not args.skip_ours:
        cli = run_cli(problem_path, time_limit, workdir)
        result["cli"] = cli
        print(
            f"CLI: rc {cli['returncode']}, wall {cli['wall_seconds']:.2f}s, "
            f"peak RSS {_fmt(cli['peak_rss_mb'], 0)} MB, status {cli.get('status')}",
            flush=True,
        )

    t0 = time.perf_counter()
    inst = baselines.read_instance(data)
    read_seconds = time.perf_counter() - t0
    if problem is None:
        try:
            from surgebench.staffing.problem import parse_problem

            problem = parse_problem(data)
        except ImportError:
            problem = None
    greedy_times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        greedy = baselines.greedy_plan(data, inst)
        greedy_times.append(time.perf_counter() - t0)
    (OUT / f"plan_greedy_{size}.json").write_text(json.dumps(greedy))
    result["greedy"] = {
        "read_seconds": read_seconds,
        "median_seconds": statistics.median(greedy_times),
        "status": greedy["status"],
        "objective": greedy["objective"],
        "assignments": len(greedy["assignments"]),
        "check": check(problem, greedy),
    }
    print(
        f"greedy: {greedy['status']} in {result['greedy']['median_seconds']:.3f}s "
        f"(+{read_seconds:.1f}s reading), objective {greedy['objective']}, "
        f"check {_verdict(result['greedy']['check']['ok'])}",
        flush=True,
    )

    if not args.skip_scip:
        limit = args.baseline_time_limit or DEFAULT_BASELINE_LIMIT[size]
        t0 = time.perf_counter()
        mip = baselines.mip_plan(data, limit, inst, start_from=greedy if args.scip_start_greedy else None)
        wall = time.perf_counter() - t0
        (OUT / f"plan_scip_{size}.json").write_text(json.dumps(mip.plan))
        result["scip"] = {
            "time_limit": limit,
            "start_from_greedy": args.scip_start_greedy,
            "build_seconds": mip.build_seconds,
            "wall_seconds": wall,
            "variables": mip.variables,
            "constraints": mip.constraints,
            "levels": [vars(r) for r in mip.levels],
            "status": mip.plan["status"],
            "objective": mip.plan["objective"],
            "assignments": len(mip.plan["assignments"]),
            "check": check(problem, mip.plan),
        }
        for r in mip.levels:
            print(
                f"SCIP {r.level}: {r.status} value {r.value} bound {_fmt(r.bound, 1)} in {r.seconds:.1f}s",
                flush=True,
            )
        print(
            f"SCIP: {mip.plan['status']}, {mip.variables} vars, {mip.constraints} rows, "
            f"build {mip.build_seconds:.1f}s, wall {wall:.1f}s, "
            f"check {_verdict(result['scip']['check']['ok'])}",
            flush=True,
        )

    for name in ("greedy", "scip"):
        if name in result and "ours" in result:
            base = result[name]["objective"]
            result[name]["fill_ratio"] = _ratio(result["ours"]["objective"]["fill"], base["fill"])
            result[name]["continuity_ratio"] = _ratio(
                result["ours"]["objective"]["continuity"], base["continuity"]
            )
    if "scip" in result and "ours" in result:
        result["findings"] = compare_with_proven(result["ours"], result["scip"])
        for f in result["findings"]:
            print(f"FINDING (size {size}, seed {seed}): {f}", flush=True)
    for name in ("ours", "greedy", "scip"):
        if name in result and result[name]["check"]["ok"] is False:
            print(
                f"FINDING (size {size}, seed {seed}): {name} plan fails check_plan: "
                f"{result[name]['check']['violations'][:5]}",
                flush=True,
            )
    result["machine"]["load_average_end"] = os.getloadavg()
    print(
        f"load average (1, 5, 15 min) at the start {result['machine']['load_average']}, "
        f"at the end {result['machine']['load_average_end']} on {os.cpu_count()} CPUs",
        flush=True,
    )
    (OUT / f"solver_{size}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    if not args.keep_files:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _fmt_levels(values: dict) -> str:
    return " ".join(f"{k}={_fmt(v)}" for k, v in values.items())


# --- the tables -------------------------------------------------------------------------------


def _proof_cells(proof: dict) -> list[str]:
    cells, unproven_above = [], False
    for level in LEVELS:
        value = proof[level]
        cells.append(f"({_fmt(value)})" if unproven_above and value is not None else _fmt(value))
        unproven_above |= value is None
    return cells


def tables(results: list[dict]) -> str:
    lines = [
        "### Our solver (seconds since solve() was called; median of the runs; "
        "(x) = proven only with an unproven level above fixed at its best found value)",
        "",
        "| size | specialists | seats | status | "
        + " | ".join(f"{lvl} proven" for lvl in LEVELS)
        + " | solve | peak RSS MB (in-process) | CLI wall | CLI peak RSS MB | check |",
        "|---|---:|---:|---|" + "---:|" * len(LEVELS) + "---:|---:|---:|---:|---|",
    ]
    for r in results:
        o = r.get("ours")
        if not o:
            continue
        cli = r.get("cli", {})
        lines.append(
            f"| {r['size']} | {r['specialists']:,} | {r['seats']:,} | {o['status']} | "
            + " | ".join(_proof_cells(o["median_proof_seconds"]))
            + f" | {_fmt(o['median_solve_seconds'])} (n={o['repeat']}) | {_fmt(o['peak_rss_mb'], 0)} | "
            f"{_fmt(cli.get('wall_seconds'))} | {_fmt(cli.get('peak_rss_mb'), 0)} | "
            f"{_verdict(o['check']['ok'])} |"
        )
    lines += [
        "",
        "### Baselines on the same instance",
        "",
        "| size | plan | time s | status | levels (SCIP) | fill | continuity | quality | ramp | cost "
        "| fill ours/base | continuity ours/base | check |",
        "|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        rows = []
        if "ours" in r:
            rows.append(
                (
                    "ours",
                    r["ours"]["median_solve_seconds"],
                    r["ours"]["status"],
                    "",
                    r["ours"]["objective"],
                    None,
                    None,
                    r["ours"]["check"]["ok"],
                )
            )
        if "greedy" in r:
            g = r["greedy"]
            rows.append(
                (
                    "greedy",
                    g["median_seconds"],
                    g["status"],
                    "",
                    g["objective"],
                    g.get("fill_ratio"),
                    g.get("continuity_ratio"),
                    g["check"]["ok"],
                )
            )
        if "scip" in r:
            s = r["scip"]
            levels = ", ".join(f"{x['level']} {x['status']} {x['seconds']:.0f}s" for x in s["levels"])
            rows.append(
                (
                    f"SCIP (limit {s['time_limit']:.0f}s)",
                    s["wall_seconds"],
                    s["status"],
                    f"build {s['build_seconds']:.1f}s; {levels}",
                    s["objective"],
                    s.get("fill_ratio"),
                    s.get("continuity_ratio"),
                    s["check"]["ok"],
                )
            )
        for name, seconds, status, levels, obj, fr, cr, ok in rows:
            lines.append(
                f"| {r['size']} | {name} | {_fmt(seconds)} | {status} | {levels} | "
                + " | ".join(f"{obj.get(lvl, 0):,}" for lvl in LEVELS)
                + f" | {_fmt(fr, 3)} | {_fmt(cr, 3)} | {_verdict(ok)} |"
            )
    findings = [f"- size {r['size']} seed {r['seed']}: {f}" for r in results for f in r.get("findings", [])]
    if findings:
        lines += ["", "### Findings", "", *findings]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M"], choices=sorted(instances.SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="our solver's limit in seconds (default S 60, M 120, L 600)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="CP-SAT workers (default: the solver's own)"
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs of ours and greedy (default S/M 3, L 1)"
    )
    parser.add_argument(
        "--baseline-time-limit",
        type=float,
        default=None,
        help="SCIP budget over all passes, after the build (default S/M 300, L 180)",
    )
    parser.add_argument(
        "--cli", nargs="*", default=["M"], help="sizes to also run through the CLI under time -v"
    )
    parser.add_argument(
        "--scip-start-greedy",
        action="store_true",
        help="hint SCIP with the greedy plan (kept if nothing better)",
    )
    parser.add_argument("--skip-ours", action="store_true")
    parser.add_argument("--skip-scip", action="store_true")
    parser.add_argument("--keep-files", action="store_true", help="keep the temporary problem files")
    parser.add_argument(
        "--report", action="store_true", help="only print the tables from benchmarks/out/solver_<size>.json"
    )
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.report:
        results = [json.loads((OUT / f"solver_{size}.json").read_text()) for size in args.sizes]
    else:
        results = [bench_size(size, args.seed, args) for size in args.sizes]
    print("\n" + tables(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
