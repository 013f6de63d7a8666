"""`solve(problem) -> Plan`: lexicographic passes over one CP-SAT model.

1. Check the pins (rule 8); if they cannot all be kept, return an "infeasible" plan naming them.
2. Build the candidate pairs and reduce them exactly (`candidates`), then the model (`model`).
3. For each level — fill, continuity, quality, ramp, cost — optimise it with the levels above fixed at
   their best value, hinting the previous pass's solution. A pass that runs out of time keeps its
   best solution, and the plan is "feasible" rather than "optimal".
4. Hand out start dates per (request, earliest index) class, recompute the objective from the
   assignments, and list the shortfall.

The search is deterministic (fixed worker count with interleaved search), so the same problem gives
the same plan whenever the solve finishes within its time limit.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import build_candidates, pinned_pairs, role_refs
from surgebench.staffing.model import StaffingModel, build_model
from surgebench.staffing.objective import evaluate
from surgebench.staffing.pins import pin_conflicts
from surgebench.staffing.plan import Assignment, LevelReport, Plan
from surgebench.staffing.problem import Problem
from surgebench.staffing.shortfall import compute_shortfall

LEVEL_ORDER = ("fill", "continuity", "quality", "ramp", "cost")
MINIMISED = {"ramp", "cost"}
DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a solve: which level, best value and bound so far (in the level's own sense)."""

    level: str
    best: int
    bound: int
    elapsed: float
    proven: bool = False


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, level: str, sign: int, started: float, progress: Callable[[ProgressEvent], None]) -> None:
        super().__init__()
        self.level, self.sign, self.started, self.progress = level, sign, started, progress

    def on_solution_callback(self) -> None:
        best = self.sign * round(self.objective_value)
        bound = self.sign * round(self.best_objective_bound)
        self.progress(ProgressEvent(self.level, best, bound, time.perf_counter() - self.started))


def _start_dates(bench: Bench, built: StaffingModel, chosen: list[int], starts: dict) -> dict[int, int]:
    """Row -> ramp index: returning people at their earliest day, newcomers by class, best quality first."""
    problem = bench.problem
    spec = built.candidates.specialist
    classes: dict[tuple[int, int], list[int]] = defaultdict(list)
    day_of: dict[int, int] = {}
    for i in chosen:
        r, e = int(built.request_of_row[i]), int(built.earliest_of_row[i])
        if built.returning_of_row[i]:
            day_of[i] = e
        else:
            classes[(r, e)].append(i)
    for (r, e), rows in classes.items():
        rows.sort(key=lambda i: (-int(bench.quality_milli[spec[i]]), bench.ids[spec[i]]))
        slots = []
        for t in range(e, len(problem.requests[r].ramp)):
            slots.extend([t] * starts.get((r, e, t), 0))
        for i, t in zip(rows, slots, strict=False):
            day_of[i] = t
    return day_of


def _assignments(bench: Bench, built: StaffingModel, values: list[int], starts: dict) -> tuple[Assignment, ...]:
    problem = bench.problem
    found = built.candidates
    chosen = [i for i, v in enumerate(values) if v]
    day_of = _start_dates(bench, built, chosen, starts)
    out = []
    for i in chosen:
        ref = found.roles[int(found.role[i])]
        request = problem.requests[ref.request_index]
        s = int(found.specialist[i])
        out.append(
            (
                ref.g,
                bench.ids[s],
                Assignment(
                    specialist=bench.ids[s],
                    request=request.id,
                    role=request.roles[ref.role_index].id,
                    start=request.ramp[day_of[i]].date,
                    returning=bool(built.returning_of_row[i]),
                ),
            )
        )
    out.sort(key=lambda item: (item[0], item[1]))
    return tuple(a for _g, _id, a in out)


def _infeasible(bench: Bench, conflicts, started: float) -> Plan:
    return Plan(
        status="infeasible",
        assignments=(),
        objective=evaluate(bench.problem, ()),
        shortfall=compute_shortfall(bench, ()),
        solve_seconds=time.perf_counter() - started,
        infeasible_pins=tuple(conflicts),
    )


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    progress: Callable[[ProgressEvent], None] | None = None,
    workers: int | None = None,
) -> Plan:
    """The lexicographically best plan for the problem, or the best found within `time_limit` seconds."""
    started = time.perf_counter()
    deadline = started + time_limit
    bench = Bench(problem)
    conflicts, pin_starts = pin_conflicts(bench)
    if conflicts:
        return _infeasible(bench, conflicts, started)
    found = build_candidates(bench)
    pins = pinned_pairs(bench, role_refs(bench))
    built = build_model(bench, found, pins)
    # a valid fallback: the pins alone (checked feasible above)
    values = [1 if (int(s), int(g)) in pins else 0 for s, g in zip(found.specialist, found.role, strict=True)]
    starts = dict(pin_starts)
    reports: list[LevelReport] = []
    all_proven = True
    for name in LEVEL_ORDER:
        sign = -1 if name in MINIMISED else 1
        expr = built.levels[name]
        level_started = time.perf_counter()
        remaining = deadline - level_started
        if remaining <= 0.05:
            all_proven = False
            break
        built.model.clear_hints()
        for var, value in zip(built.assign, values, strict=True):
            built.model.add_hint(var, value)
        for key, var in built.starts.items():
            built.model.add_hint(var, starts.get(key, 0))
        built.model.maximize(expr)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = remaining
        solver.parameters.num_workers = workers or DEFAULT_WORKERS
        solver.parameters.interleave_search = True
        solver.parameters.random_seed = 7
        reporter = _Reporter(name, sign, started, progress) if progress else None
        status = solver.solve(built.model, reporter)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            all_proven = False
            break
        values = [solver.value(var) for var in built.assign]
        starts = {key: solver.value(var) for key, var in built.starts.items()}
        best = round(solver.objective_value)
        proven = status == cp_model.OPTIMAL
        bound = round(solver.best_objective_bound)
        reports.append(LevelReport(name, sign * best, sign * bound, proven, time.perf_counter() - level_started))
        if progress:
            progress(ProgressEvent(name, sign * best, sign * bound, time.perf_counter() - started, proven))
        if not proven:
            all_proven = False
            break
        built.model.add(expr == best)
    assignments = _assignments(bench, built, values, starts)
    return Plan(
        status="optimal" if all_proven else "feasible",
        assignments=assignments,
        objective=evaluate(problem, assignments),
        shortfall=compute_shortfall(bench, assignments),
        solve_seconds=time.perf_counter() - started,
        levels=tuple(reports),
    )


__all__ = ["ProgressEvent", "solve"]
