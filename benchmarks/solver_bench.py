"""Solver benchmark: our solver against a greedy picker and a plain SCIP MIP, family by family.

For each family named (`families.py`: S, M, L, rivals, scarce, pins, onboarding, overlap, and the
slow ones, service and 1M; `all` = every family that is not slow) it makes the problem, writes it to a
temporary file, and measures on that one instance, in the same run:

- **ours** (`surgebench.staffing.solve.solve`), each run in a process of its own (`run_ours.py`):
  per objective level the time at which it was proven (or, when it was not, its gap to its bound),
  status, objective, total solve time and the process's peak RSS (VmHWM, read in that process);
  median over the family's runs. For the families in `--cli` (default M), also the whole
  `surgebench solve` command under `/usr/bin/time -v` (wall time including reading the file, peak RSS);
- **greedy** (`baselines.greedy_plan`) and **SCIP** (`baselines.mip_plan`, capped by the family's
  budget or `--baseline-time-limit`; skipped, with the reason, where the family says its MIP does not
  fit): time, status per level, objective, and ours / baseline for fill and continuity.

Every plan is checked with `surgebench.staffing.check.check_plan`. Where SCIP proved a level optimal
(and every level above it), our value there must equal SCIP's; a difference is printed as a finding.
Figures are printed, never asserted. Results go to `benchmarks/out/solver_<family>.json`; at the end
three Markdown tables with one row per family. `--report` prints the tables from those files only.

    python benchmarks/solver_bench.py                          # S and M
    python benchmarks/solver_bench.py --families all           # every family but service and 1M
    python benchmarks/solver_bench.py --families 1M service --skip-scip
    python benchmarks/solver_bench.py --report                 # the tables of the saved results
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import baselines
import families
import instances
from measure import check

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
LEVELS = baselines.LEVELS
RESULT_FORMAT = "solver-bench/2"
CHILD_GRACE_SECONDS = 900.0
"""How long past its time limit a run of ours may take (reading and parsing the 1M problem, the
check) before it is killed and recorded as such."""


def _solver_fingerprint() -> str:
    """A short hash of the solver's sources, so a result names the code it measured."""
    import hashlib

    import surgebench.staffing

    root = Path(surgebench.staffing.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "ok" if ok else "FAIL"


PLAN_STATUSES = ("optimal", "feasible", "infeasible")
"""A plan's statuses; a baseline that found nothing in its budget says `no_solution` (no plan to check)."""


def plan_verdict(entry: dict) -> str:
    """The check column of one plan: ok, FAIL, "no plan" (a baseline that found none), or "–"."""
    if "check" not in entry:
        return "–"
    if entry.get("status") not in PLAN_STATUSES:
        return "no plan"
    return _verdict(entry["check"]["ok"])


def fails_check(entry: dict) -> bool:
    """A plan was made and `check_plan` rejects it."""
    return entry.get("status") in PLAN_STATUSES and entry.get("check", {}).get("ok") is False


def _ratio(ours: int | None, base: int | None) -> float | None:
    if ours is None or base is None or base == 0:
        return None
    return ours / base


# --- our solver, a process per run ----------------------------------------------------------------


def run_ours(problem_path: Path, time_limit: float, plan_path: Path) -> dict:
    """One run of `run_ours.py` in a subprocess; its figures, or why there are none."""
    result_path = problem_path.with_suffix(".ours.json")
    result_path.unlink(missing_ok=True)
    cmd = [sys.executable, str(HERE / "run_ours.py"), str(problem_path), str(result_path)]
    cmd += ["--time-limit", str(time_limit), "--plan", str(plan_path)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=time_limit + CHILD_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        return {"status": "killed", "process_seconds": time.perf_counter() - t0, "error": "timed out"}
    seconds = time.perf_counter() - t0
    if proc.returncode != 0 or not result_path.exists():
        return {
            "status": "error",
            "process_seconds": seconds,
            "returncode": proc.returncode,
            "error": "\n".join(proc.stderr.strip().splitlines()[-25:]),
        }
    figures = json.loads(result_path.read_text())
    figures["process_seconds"] = seconds
    return figures


def summarise_ours(runs: list[dict], time_limit: float) -> dict:
    """The runs of one family: medians of the times, the worst peak RSS, the last run's plan figures.
    A level's proof time is the median when every run proved it; otherwise its largest gap is kept."""
    done = [r for r in runs if r["status"] not in ("error", "killed")]
    summary: dict = {"time_limit": time_limit, "repeat": len(runs), "runs": runs}
    if not done:
        summary.update(status=runs[-1]["status"], error=runs[-1].get("error"))
        return summary
    proof, gaps = {}, {}
    for level in LEVELS:
        times = [r["proof_seconds"][level] for r in done if r["proof_seconds"][level] is not None]
        proof[level] = statistics.median(times) if len(times) == len(done) else None
        unproven = [r["levels"][level]["gap"] for r in done if level in r["levels"]]
        gaps[level] = max(unproven) if proof[level] is None and unproven else None
    last = done[-1]
    summary.update(
        status=last["status"]
        if len(done) == len(runs)
        else f"{last['status']} ({len(runs) - len(done)} failed)",
        objective=last["objective"],
        check=last["check"],
        median_solve_seconds=statistics.median(r["solve_seconds"] for r in done),
        median_proof_seconds=proof,
        gap=gaps,
        level_seconds={lvl: last["levels"].get(lvl, {}).get("seconds") for lvl in LEVELS},
        peak_rss_mb=max(r["peak_rss_mb"] for r in done),
        peak_rss_mb_after_parse=max(r["peak_rss_mb_after_parse"] for r in done),
    )
    return summary


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


# --- one family ---------------------------------------------------------------------------------


def bench_family(family: families.Family, seed: int, args) -> dict:
    name = family.name
    print(f"\n## family {name} (seed {seed}): {family.description}", flush=True)
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    data = family.make(seed)
    gen_seconds = time.perf_counter() - t0
    text = instances.to_json(data)
    workdir = Path(tempfile.mkdtemp(prefix=f"surgebench-{name}-"))
    problem_path = workdir / f"{name}.json"
    problem_path.write_text(text, encoding="utf-8")
    seats = sum(r["headcount"] for q in data["requests"] for r in q["roles"])
    result: dict = {
        "format": RESULT_FORMAT,
        "family": name,
        "description": family.description,
        "seed": seed,
        "specialists": len(data["specialists"]),
        "seats": seats,
        "requests": len(data["requests"]),
        "problem_bytes": problem_path.stat().st_size,
        "generate_seconds": gen_seconds,
        "problem_file": str(problem_path),
        "solver_sources": _solver_fingerprint(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average": load_start},
    }
    # the benchmark holds no copy of the problem while ours runs (1M: several GB), and reads it back
    # for the baselines
    del text, data
    print(
        f"made {result['specialists']:,} specialists, {seats:,} seats, {result['requests']} requests "
        f"in {gen_seconds:.1f}s -> {problem_path} ({result['problem_bytes'] / 1e6:.1f} MB)",
        flush=True,
    )

    repeat = args.repeat or family.repeat
    time_limit = args.time_limit or family.time_limit
    if not args.skip_ours:
        runs = []
        for k in range(repeat):
            run = run_ours(problem_path, time_limit, OUT / f"plan_ours_{name}.json")
            runs.append(run)
            if run["status"] in ("error", "killed"):
                print(f"ours run {k + 1}/{repeat}: {run['status']}: {run.get('error')}", flush=True)
                continue
            print(
                f"ours run {k + 1}/{repeat}: {run['status']} in {run['solve_seconds']:.2f}s "
                f"(process {run['process_seconds']:.1f}s, peak RSS {run['peak_rss_mb']:,.0f} MB), "
                f"proofs {_fmt_levels(run['proof_seconds'])}, objective {run['objective']}, "
                f"check {_verdict(run['check']['ok'])}",
                flush=True,
            )
        result["ours"] = summarise_ours(runs, time_limit)
        if name in args.cli:
            cli = run_cli(problem_path, time_limit, workdir)
            result["cli"] = cli
            print(
                f"CLI: rc {cli['returncode']}, wall {cli['wall_seconds']:.2f}s, "
                f"peak RSS {_fmt(cli['peak_rss_mb'], 0)} MB, status {cli.get('status')}",
                flush=True,
            )

    data = json.loads(problem_path.read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    inst = baselines.read_instance(data)
    read_seconds = time.perf_counter() - t0
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
    (OUT / f"plan_greedy_{name}.json").write_text(json.dumps(greedy))
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
        f"check {plan_verdict(result['greedy'])}",
        flush=True,
    )

    skip_reason = "--skip-scip" if args.skip_scip else family.scip
    if skip_reason:
        result["scip"] = {"skipped": skip_reason}
        print(f"SCIP skipped: {skip_reason}", flush=True)
    else:
        limit = args.baseline_time_limit or family.baseline_time_limit
        t0 = time.perf_counter()
        mip = baselines.mip_plan(data, limit, inst, start_from=greedy if args.scip_start_greedy else None)
        wall = time.perf_counter() - t0
        (OUT / f"plan_scip_{name}.json").write_text(json.dumps(mip.plan))
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
            f"check {plan_verdict(result['scip'])}",
            flush=True,
        )

    ours_objective = result.get("ours", {}).get("objective")
    for base in ("greedy", "scip"):
        if ours_objective and "objective" in result[base]:
            theirs = result[base]["objective"]
            result[base]["fill_ratio"] = _ratio(ours_objective["fill"], theirs["fill"])
            result[base]["continuity_ratio"] = _ratio(ours_objective["continuity"], theirs["continuity"])
    if ours_objective and "levels" in result["scip"]:
        result["findings"] = compare_with_proven(result["ours"], result["scip"])
        for f in result["findings"]:
            print(f"FINDING ({name}, seed {seed}): {f}", flush=True)
    for who in ("ours", "greedy", "scip"):
        if fails_check(result.get(who, {})):
            print(
                f"FINDING ({name}, seed {seed}): {who} plan fails check_plan: "
                f"{result[who]['check']['violations'][:5]}",
                flush=True,
            )
    result["machine"]["load_average_end"] = os.getloadavg()
    print(
        f"load average (1, 5, 15 min) at the start {load_start}, "
        f"at the end {result['machine']['load_average_end']} on {os.cpu_count()} CPUs",
        flush=True,
    )
    (OUT / f"solver_{name}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    if not args.keep_files:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _fmt_levels(values: dict) -> str:
    return " ".join(f"{k}={_fmt(v)}" for k, v in values.items())


# --- the tables -------------------------------------------------------------------------------


def unfinished_level(run: dict) -> tuple[str, float | None] | None:
    """The level a run stopped in (its time limit ran out before the level ended) and how long it ran:
    from the end of the last finished level to the end of the solve. None when every level ended."""
    finished = [lvl for lvl in LEVELS if lvl in run.get("levels", {})]
    if len(finished) == len(LEVELS) or "solve_seconds" not in run:
        return None
    level = LEVELS[len(finished)]
    if not finished:
        return level, None
    last = finished[-1]
    end = run["levels"][last].get("end_seconds", run.get("proof_seconds", {}).get(last))
    return level, None if end is None else run["solve_seconds"] - end


def level_cells(proof: dict, gap: dict, unfinished: str | None = None) -> list[str]:
    """Per level: seconds to its proof; "(s)" when proven only with an unproven level above fixed at
    its best found value; "gap x%" when it was not proven; "unfinished" for the level the time limit
    stopped; "–" when the solve never reached it."""
    cells, unproven_above = [], False
    for level in LEVELS:
        seconds, level_gap = proof.get(level), gap.get(level)
        if seconds is not None:
            cells.append(f"({_fmt(seconds)})" if unproven_above else _fmt(seconds))
        elif level_gap is not None:
            cells.append(f"gap {100 * level_gap:.2g}%")
        elif level == unfinished:
            cells.append("unfinished")
        else:
            cells.append("–")
        unproven_above |= seconds is None
    return cells


def level_time_cells(ours: dict) -> list[str]:
    """Time outside the levels, each level's own seconds (the level a time limit stopped: its time so
    far, marked "unfinished"), solve time, peak RSS after parsing and after the solve: the medians
    over the runs that finished (the RSS: the largest); no cells when none did."""
    done = [r for r in ours.get("runs", []) if "levels" in r]
    if not done:
        return []

    def median(values: list[float]) -> float | None:
        return statistics.median(values) if values else None

    own: dict[str, list[float]] = {
        lvl: [r["levels"][lvl]["seconds"] for r in done if lvl in r["levels"]] for lvl in LEVELS
    }
    stopped: dict[str, list[float]] = {lvl: [] for lvl in LEVELS}
    outside = []
    for r in done:
        spent = sum(x["seconds"] for x in r["levels"].values())
        if (unfinished := unfinished_level(r)) and unfinished[1] is not None:
            stopped[unfinished[0]].append(unfinished[1])
            spent += unfinished[1]
        outside.append(r["solve_seconds"] - spent)

    def level_cell(lvl: str) -> str:
        if stopped[lvl] and not own[lvl]:
            return f"{_fmt(median(stopped[lvl]))} unfinished"
        return _fmt(median(own[lvl]))

    return [
        _fmt(median(outside)),
        *(level_cell(lvl) for lvl in LEVELS),
        _fmt(median([r["solve_seconds"] for r in done])),
        _fmt(max(r["peak_rss_mb_after_parse"] for r in done), 0),
        _fmt(max(r["peak_rss_mb"] for r in done), 0),
    ]


def _unfinished(ours: dict) -> str | None:
    stopped = [u[0] for r in ours.get("runs", []) if (u := unfinished_level(r))]
    return stopped[-1] if stopped else None


def _with_ratio(value: int | None, ratio: float | None) -> str:
    return "–" if value is None else f"{value:,} ({_fmt(ratio, 3)})"


def _scip_summary(scip: dict) -> str:
    if "skipped" in scip:
        return f"skipped: {scip['skipped']}"
    proven = [x["level"] for x in scip["levels"] if x["status"] == "OPTIMAL"]
    return (
        f"{scip['status']}, proven: {', '.join(proven) or 'none'}; "
        f"build {scip['build_seconds']:.0f} s, wall {scip['wall_seconds']:.0f} s"
    )


def tables(results: list[dict]) -> str:
    """The Markdown tables (ours; ours against the baselines; time per level and memory), one row per
    family, and the findings."""
    lines = [
        "### Our solver (a process per run; seconds since solve() was called, median of the runs; "
        "(x) = proven only with an unproven level above fixed at its best found value; gap = "
        "|bound − value| / |bound| of a level not proven)",
        "",
        "| family | specialists | seats | status | "
        + " | ".join(f"{lvl} proven" for lvl in LEVELS)
        + " | solve s | peak RSS MB | CLI wall s | CLI peak RSS MB | check | load 1 min (start → end) |",
        "|---|---:|---:|---|" + "---:|" * len(LEVELS) + "---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        o = r.get("ours")
        head = f"| {r['family']} | {r['specialists']:,} | {r['seats']:,} |"
        load = " → ".join(
            _fmt(x[0]) for x in (r["machine"]["load_average"], r["machine"]["load_average_end"])
        )
        if not o or "objective" not in o:
            lines.append(
                f"{head} {o['status'] if o else 'not run'} |" + " – |" * (len(LEVELS) + 5) + f" {load} |"
            )
            continue
        cli = r.get("cli", {})
        lines.append(
            f"{head} {o['status']} | "
            + " | ".join(level_cells(o["median_proof_seconds"], o["gap"], _unfinished(o)))
            + f" | {_fmt(o['median_solve_seconds'])} (n={o['repeat']}) | {_fmt(o['peak_rss_mb'], 0)} | "
            f"{_fmt(cli.get('wall_seconds'))} | {_fmt(cli.get('peak_rss_mb'), 0)} | "
            f"{_verdict(o['check']['ok'])} | {load} |"
        )
    lines += [
        "",
        "### Against the baselines, same instance, same run (ours / baseline in brackets)",
        "",
        "| family | ours fill | ours continuity | greedy fill | greedy continuity | greedy s "
        "| SCIP fill | SCIP continuity | SCIP (budget) | checks greedy, SCIP |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        ours = r.get("ours", {}).get("objective") or {}
        g, s = r.get("greedy", {}), r.get("scip", {})
        g_obj = g.get("objective") or {}
        s_obj = (s.get("objective") or {}) if s.get("status") in PLAN_STATUSES else {}
        budget = f" ({s['time_limit']:.0f} s)" if "time_limit" in s else ""
        lines.append(
            f"| {r['family']} | {_fmt(ours.get('fill'))} | {_fmt(ours.get('continuity'))} | "
            f"{_with_ratio(g_obj.get('fill'), g.get('fill_ratio'))} | "
            f"{_with_ratio(g_obj.get('continuity'), g.get('continuity_ratio'))} | "
            f"{_fmt(g.get('median_seconds'))} | "
            f"{_with_ratio(s_obj.get('fill'), s.get('fill_ratio'))} | "
            f"{_with_ratio(s_obj.get('continuity'), s.get('continuity_ratio'))} | "
            f"{_scip_summary(s) if s else '–'}{budget} | "
            f"{plan_verdict(g)}, {plan_verdict(s)} |"
        )
    lines += [
        "",
        "### Time per level and memory (each level's own seconds, median of the runs; "
        "x unfinished = the level the time limit stopped, x seconds in; "
        "outside levels = the rest of the solve time, before the first level and after the last; "
        "RSS in the run's own process)",
        "",
        "| family | outside levels s | " + " | ".join(f"{lvl} s" for lvl in LEVELS) + " | solve s "
        "| peak RSS after parse MB | peak RSS MB |",
        "|---|---:|" + "---:|" * len(LEVELS) + "---:|---:|---:|",
    ]
    for r in results:
        cells = level_time_cells(r.get("ours", {}))
        if cells:
            lines.append(f"| {r['family']} | " + " | ".join(cells) + " |")
    findings = [f"- {r['family']} seed {r['seed']}: {f}" for r in results for f in r.get("findings", [])]
    findings += [
        f"- {r['family']} seed {r['seed']}: {who} plan fails check_plan: {r[who]['check']['violations'][:3]}"
        for r in results
        for who in ("ours", "greedy", "scip")
        if fails_check(r.get(who, {}))
    ]
    if findings:
        lines += ["", "### Findings", "", *findings]
    return "\n".join(lines)


def saved_results(names: list[str] | None) -> list[dict]:
    """The saved results of the families named (or of every family with a saved result, in registry
    order), skipping files written by an older version of this script."""
    if names:
        paths = [OUT / f"solver_{f.name}.json" for f in families.select(names)]
    else:
        order = {name: k for k, name in enumerate(families.FAMILIES)}
        paths = sorted(
            OUT.glob("solver_*.json"),
            key=lambda p: (order.get(p.stem.removeprefix("solver_"), len(order)), p.stem),
        )
    results = []
    for path in paths:
        if not path.exists():
            print(f"no saved result: {path}", file=sys.stderr)
            continue
        data = json.loads(path.read_text())
        if data.get("format") != RESULT_FORMAT:
            print(f"skipped {path}: written by an older solver_bench.py", file=sys.stderr)
            continue
        results.append(data)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--families",
        "--sizes",
        nargs="+",
        default=None,
        choices=[*families.FAMILIES, "all"],
        metavar="NAME",
        help="families to run (default S M); all = every family but the slow ones (service, 1M); "
        "--sizes is the old name",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--time-limit", type=float, default=None, help="our solver's limit in seconds (default: the family's)"
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs of ours and greedy (default: the family's)"
    )
    parser.add_argument(
        "--baseline-time-limit",
        type=float,
        default=None,
        help="SCIP budget over all passes, after the build (default: the family's)",
    )
    parser.add_argument(
        "--cli", nargs="*", default=["M"], metavar="NAME", help="families also run through the CLI"
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
        "--report",
        action="store_true",
        help="run nothing: print the tables from benchmarks/out/solver_<family>.json (default: every "
        "saved family)",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    if args.report:
        results = saved_results(args.families)
    else:
        results = [bench_family(f, args.seed, args) for f in families.select(args.families or ["S", "M"])]
    print("\n" + tables(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
