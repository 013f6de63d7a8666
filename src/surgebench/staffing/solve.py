"""`solve(problem) -> Plan`: lexicographic passes, each proven by an LP bound where possible.

1. Pins (rule 8): if they cannot all be kept, return an "infeasible" plan naming them.
2. Candidate pairs, exactly reduced (`candidates`); a greedy valid plan as the first incumbent, and
   the first working set (`pricing.initial_columns`, `working`).
3. For each level — fill, continuity, quality, ramp, cost — with the levels above fixed at their
   value: `LevelSearch.solve_level` prices the LP to a bound for the whole problem, separates rank
   cuts, dives and runs the proof or full MIP (see `search`). After each level the chosen
   people's start counts are recomputed as the best for them (`greedy.best_start_counts`), so the
   ramp level starts from the best ramp the level above allows.
4. Hand out start dates per (request, earliest day) class — best quality first, earliest day first —
   then move every pinned newcomer to the earliest day it can take (`_pinned_first`: a re-plan pins
   the people it keeps, free from the day they were approved with, and relies on that day), recompute
   the objective from the assignments and list the shortfall.

Status "optimal" means every level reached its proven bound; otherwise "feasible" (still a valid
plan: every incumbent along the way is). All solvers run single-threaded and deterministically, so
the same problem gives the same plan whenever the solve finishes within its time limit.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from surgebench.staffing.backends import PassResult
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import build_candidates, pinned_pairs, role_refs
from surgebench.staffing.greedy import best_start_counts, greedy_plan
from surgebench.staffing.model import StaffingModel
from surgebench.staffing.objective import evaluate
from surgebench.staffing.pins import pin_conflicts
from surgebench.staffing.plan import Assignment, LevelReport, PinConflict, Plan
from surgebench.staffing.pricing import ColumnFacts, initial_columns
from surgebench.staffing.problem import Problem
from surgebench.staffing.search import LEVEL_ORDER, MINIMISED, LevelSearch
from surgebench.staffing.settings import DEFAULT_SETTINGS, DEFAULT_TIME_LIMIT, SolverSettings
from surgebench.staffing.shortfall import compute_shortfall
from surgebench.staffing.working import Incumbent

__all__ = ["LEVEL_ORDER", "ProgressEvent", "SolverSettings", "solve"]


@dataclass(frozen=True)
class ProgressEvent:
    """One step of a solve: which level, best value and bound so far (in the level's own sense)."""

    level: str
    best: int
    bound: int
    elapsed: float
    proven: bool = False


def _start_dates(
    bench: Bench,
    built: StaffingModel,
    chosen: list[int],
    starts: dict[tuple[int, int, int], int],
    pins: set[tuple[int, int]],
) -> dict[int, int]:
    """Row -> ramp index: returning people at their earliest day, newcomers by class, best quality
    for their role first; then pinned newcomers first (`_pinned_first`)."""
    problem = bench.problem
    spec = built.candidates.specialist
    rows_ = np.array(chosen, dtype=np.int64)
    quality = dict(
        zip(chosen, bench.pair_quality_milli(spec[rows_], built.candidates.role[rows_]).tolist(), strict=True)
    )
    classes: dict[tuple[int, int], list[int]] = defaultdict(list)
    day_of: dict[int, int] = {}
    for i in chosen:
        r, e = int(built.request_of_row[i]), int(built.earliest_of_row[i])
        if built.returning_of_row[i]:
            day_of[i] = e
        else:
            classes[(r, e)].append(i)

    def rank(i: int) -> tuple[int, str]:
        return -quality[i], bench.ids[spec[i]]

    for (r, e), rows in classes.items():
        rows.sort(key=rank)
        slots = []
        for t in range(e, len(problem.requests[r].ramp)):
            slots.extend([t] * starts.get((r, e, t), 0))
        for i, t in zip(rows, slots, strict=False):
            day_of[i] = t
    pinned = {i for i in chosen if (int(spec[i]), int(built.candidates.role[i])) in pins}
    _pinned_first(bench, built, day_of, pinned, rank)
    return day_of


def _pinned_first(
    bench: Bench,
    built: StaffingModel,
    day_of: dict[int, int],
    pinned: set[int],
    rank: Callable[[int], tuple[int, str]],
) -> None:
    """Start every pinned newcomer on the earliest day it can, at no cost to any level.

    Per request, pinned newcomers in order of their earliest day (then id): one on a day later than
    its earliest takes the first day t from its earliest on where either the day has onboarding
    room (a move: the ramp sum only falls) or an unpinned newcomer of the request starts (a swap:
    that one takes the later day, which is after t and so after its own earliest; the ramp sum
    stays). Per-day newcomer counts never pass a day's capacity, and the people chosen stay the
    same, so no level gets worse. Of several unpinned newcomers on t, the one ranked last (`rank`:
    lowest quality for the role, then id) moves. Pinned newcomers who cannot all start on their
    earliest day share out the days in that order."""
    problem = bench.problem
    newcomers: dict[int, list[int]] = defaultdict(list)
    for i in day_of:
        if not built.returning_of_row[i]:
            newcomers[int(built.request_of_row[i])].append(i)
    for r, rows in newcomers.items():
        first = sorted(
            (i for i in rows if i in pinned),
            key=lambda i: (int(built.earliest_of_row[i]), bench.ids[built.candidates.specialist[i]]),
        )
        if not first:
            continue
        capacity = bench.facts(problem.requests[r]).capacity
        load = Counter(day_of[i] for i in rows)
        unpinned_on: dict[int, list[int]] = defaultdict(list)
        for i in rows:
            if i not in pinned:
                unpinned_on[day_of[i]].append(i)
        for p in first:
            late = day_of[p]
            for t in range(int(built.earliest_of_row[p]), late):
                if load[t] < capacity[t]:
                    load[t] += 1
                    load[late] -= 1
                elif unpinned_on[t]:
                    other = max(unpinned_on[t], key=rank)
                    unpinned_on[t].remove(other)
                    unpinned_on[late].append(other)
                    day_of[other] = late
                else:
                    continue
                day_of[p] = t
                break


def _assignments(
    bench: Bench,
    built: StaffingModel,
    values: list[int],
    starts: dict[tuple[int, int, int], int],
    pins: set[tuple[int, int]],
) -> tuple[Assignment, ...]:
    problem = bench.problem
    found = built.candidates
    chosen = [i for i, v in enumerate(values) if v]
    day_of = _start_dates(bench, built, chosen, starts, pins)
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


def _infeasible(bench: Bench, conflicts: list[PinConflict], started: float) -> Plan:
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
    time_limit: float = DEFAULT_TIME_LIMIT,
    progress: Callable[[ProgressEvent], None] | None = None,
    settings: SolverSettings = DEFAULT_SETTINGS,
) -> Plan:
    """The lexicographically best plan for the problem, or the best found within `time_limit` seconds.

    `settings` holds the search's knobs (see `SolverSettings`). Every solver used runs
    single-threaded, so that the same problem always gives the same plan.
    """
    started = time.perf_counter()
    deadline = started + time_limit
    bench = Bench(problem)
    conflicts = pin_conflicts(bench, deadline, settings)
    if conflicts:
        return _infeasible(bench, conflicts, started)
    found = build_candidates(bench, passes=settings.dominance_passes)
    pins = pinned_pairs(bench, role_refs(bench))
    pinned = np.array(
        [(int(s), int(g)) in pins for s, g in zip(found.specialist, found.role, strict=True)], dtype=bool
    )
    columns = ColumnFacts(bench, found)
    # a valid plan to start from; the working set always holds the incumbent's pairs
    start = greedy_plan(bench, found, columns, pinned, settings.greedy_chunk)
    keep = initial_columns(bench, found, columns, pinned, settings)
    keep[list(start.chosen)] = True

    def report(level: str, best: int, bound: int) -> None:
        if progress:
            sign = -1 if level in MINIMISED else 1
            progress(ProgressEvent(level, sign * best, sign * bound, time.perf_counter() - started))

    search = LevelSearch(bench, found, columns, pins, keep, start, deadline, settings, report)
    reports: list[LevelReport] = []
    all_proven = True
    for name in LEVEL_ORDER:
        sign = -1 if name in MINIMISED else 1
        level_started = time.perf_counter()
        if deadline - level_started <= settings.min_level_seconds:
            all_proven = False
            break
        outcome = search.solve_level(name)
        if outcome is None:
            all_proven = False
            break
        result, bound, proven = outcome.result, outcome.bound, outcome.proven
        chosen = search.work.read(result.values).chosen
        # the best start days for the chosen people: no level depends on them but ramp, which only
        # gets better (a proven ramp value is already at its bound, so it stays)
        starts = best_start_counts(bench, columns, chosen)
        search.incumbent = Incumbent(chosen, starts)
        if name == "ramp":
            result = _with_value(result, search.work.value(name, search.work.hint(search.incumbent)))
        reports.append(
            LevelReport(name, sign * result.value, sign * bound, proven, time.perf_counter() - level_started)
        )
        if progress:
            progress(
                ProgressEvent(name, sign * result.value, sign * bound, time.perf_counter() - started, proven)
            )
        all_proven = all_proven and proven
        search.fix(name, result.value)
    work = search.work
    assign_values = [1 if int(c) in search.incumbent.chosen else 0 for c in work.columns.tolist()]
    assignments = _assignments(bench, work.built, assign_values, search.incumbent.starts, pins)
    return Plan(
        status="optimal" if all_proven else "feasible",
        assignments=assignments,
        objective=evaluate(problem, assignments),
        shortfall=compute_shortfall(bench, assignments),
        solve_seconds=time.perf_counter() - started,
        levels=tuple(reports),
    )


def _with_value(result: PassResult, value: int) -> PassResult:
    """The result with its value raised to `value` (a better ramp from the best start counts)."""
    return dataclasses.replace(result, value=max(value, result.value))
