"""Rule 8: can the pins all be kept? If not, name the pins at fault.

First each pin on its own (the first single-specialist rule it fails, or a role without seats),
then the pins together: a CP-SAT model holding only the pinned seats, each seat an assumption, whose
infeasibility core is shrunk by deletion to a minimal set of pins that cannot coexist. Each such pin
is reported with the plan-wide rules the set breaks when counted directly.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from surgebench.staffing import rules
from surgebench.staffing.backends import CpSatBackend
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates, pinned_pairs, role_refs
from surgebench.staffing.model import build_model
from surgebench.staffing.plan import PinConflict
from surgebench.staffing.rules.limits import Seats, overfilled


def _conflict(bench: Bench, s: int, g: int, reason: str, refs) -> PinConflict:
    ref = refs[g]
    request = bench.problem.requests[ref.request_index]
    return PinConflict(bench.ids[s], request.id, request.roles[ref.role_index].id, reason)


def _feasible(bench: Bench, pins: list[tuple[int, int]], refs) -> tuple[bool, list[tuple[int, int]], dict]:
    found = Candidates(
        np.array([s for s, _ in pins], dtype=np.int64),
        np.array([g for _, g in pins], dtype=np.int64),
        refs,
        len(pins),
    )
    built = build_model(bench, found, set())
    backend = CpSatBackend(built.model)
    literals = [backend.vars[built.assign[i]] for i in range(len(pins))]
    backend.model.add_assumptions(literals)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 30.0
    status = solver.solve(backend.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        starts = {key: solver.value(backend.vars[var]) for key, var in built.starts.items()}
        return True, [], starts
    core_vars = set(solver.sufficient_assumptions_for_infeasibility())
    core = [pin for pin, lit in zip(pins, literals, strict=True) if lit.index in core_vars]
    return False, core or list(pins), {}


def _broken_rules(bench: Bench, pins: list[tuple[int, int]]) -> str:
    """Which plan-wide rules a set of pins breaks, counted directly (onboarding, whose start days
    are not chosen yet, when none of the others is)."""
    seats = Seats.of(bench, [s for s, _ in pins], [g for _, g in pins])
    broken = [
        rule.key
        for rule in rules.PLAN_RULES
        if not rule.start_days and len(overfilled(rule.limit(seats)).group)
    ]
    return ", ".join(broken or [rule.key for rule in rules.PLAN_RULES if rule.start_days])


def pin_conflicts(bench: Bench) -> tuple[list[PinConflict], dict]:
    """The pins at fault (empty when all pins can be kept) and, if they can, a start-count solution."""
    refs = role_refs(bench)
    pins = sorted(pinned_pairs(bench, refs))
    if not pins:
        return [], {}
    problem = bench.problem
    conflicts: list[PinConflict] = []
    alive: list[tuple[int, int]] = []
    first_failed: dict[int, np.ndarray] = {}
    for s, g in pins:
        ref = refs[g]
        request = problem.requests[ref.request_index]
        role = request.roles[ref.role_index]
        if g not in first_failed:
            first_failed[g] = rules.first_failed_rule(bench, request, role)
        k = int(first_failed[g][s])
        if k >= 0:
            conflicts.append(_conflict(bench, s, g, rules.CANDIDATE_RULES[k].key, refs))
        elif role.headcount == 0:
            conflicts.append(_conflict(bench, s, g, "headcount", refs))
        else:
            alive.append((s, g))
    if not alive:
        return conflicts, {}
    ok, core, starts = _feasible(bench, alive, refs)
    if ok:
        return conflicts, starts
    if len(core) <= 40:  # deletion filter: keep only pins without which the rest becomes feasible
        i = 0
        while i < len(core):
            trial = core[:i] + core[i + 1 :]
            if trial and not _feasible(bench, trial, refs)[0]:
                core = trial
            else:
                i += 1
    reason = _broken_rules(bench, core)
    conflicts.extend(_conflict(bench, s, g, reason, refs) for s, g in core)
    return conflicts, {}
