"""Rule 8: can the pins all be kept? If not, name the pins at fault.

First each pin on its own (the first single-specialist rule it fails, or a role without seats).
Then the pins together. Every rule only caps, so the pins can be kept exactly when the pinned seats
alone keep every rule: no group of a plan-wide rule over its cap, and per request the newcomers
released on day T or later never outnumber the onboarding capacity from T on (they can then start
on days they can make). That is decided directly (`_kept`), in no time. When they cannot be kept, a
CP-SAT model holding only the pinned seats, each seat an assumption, gives an infeasibility core
(within the solve's deadline; all pins when it does not answer in time), which deletion shrinks to a
minimal set of pins that cannot be kept together. Each such pin is reported with the plan-wide rules
the set breaks when counted directly.
"""

from __future__ import annotations

import time

import numpy as np
from ortools.sat.python import cp_model

from surgebench.staffing import rules
from surgebench.staffing.backends import CpSatBackend
from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import Candidates, RoleRef, pinned_pairs, role_refs
from surgebench.staffing.model import build_model
from surgebench.staffing.plan import PinConflict
from surgebench.staffing.rules.limits import Seats, overfilled
from surgebench.staffing.settings import SolverSettings

Pair = tuple[int, int]
"""(specialist index, global role index) of a pin."""


def _conflict(bench: Bench, s: int, g: int, reason: str, refs: list[RoleRef]) -> PinConflict:
    ref = refs[g]
    request = bench.problem.requests[ref.request_index]
    return PinConflict(bench.ids[s], request.id, request.roles[ref.role_index].id, reason)


def _kept(bench: Bench, pins: list[Pair]) -> bool:
    """Whether the pinned seats alone keep every rule, with start days still to choose."""
    seats = Seats.of(bench, [s for s, _ in pins], [g for _, g in pins])
    for rule in rules.PLAN_RULES:
        if not rule.start_days and len(overfilled(rule.limit(seats)).group):
            return False
    for r, request in enumerate(bench.problem.requests):
        released = seats.earliest[(seats.request == r) & ~seats.returning]
        capacity = bench.facts(request).capacity
        # Hall's condition for suffixes of the ramp: days from T on take everyone released from T on
        waiting = np.bincount(released, minlength=len(capacity))[::-1].cumsum()
        if np.any(waiting > capacity[::-1].cumsum()):
            return False
    return True


def _core(bench: Bench, pins: list[Pair], refs: list[RoleRef], deadline: float) -> list[Pair]:
    """Pins that cannot be kept together: CP-SAT's core of the pinned seats' model, solved until the
    deadline at most (all of `pins` when it does not prove them infeasible in that time)."""
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
    solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.01)
    if solver.solve(backend.model) != cp_model.INFEASIBLE:
        return list(pins)
    core_vars = set(solver.sufficient_assumptions_for_infeasibility())
    core = [pin for pin, lit in zip(pins, literals, strict=True) if lit.index in core_vars]
    return core or list(pins)


def _broken_rules(bench: Bench, pins: list[Pair]) -> str:
    """Which plan-wide rules a set of pins breaks, counted directly (onboarding, whose start days
    are not chosen yet, when none of the others is)."""
    seats = Seats.of(bench, [s for s, _ in pins], [g for _, g in pins])
    broken = [
        rule.key
        for rule in rules.PLAN_RULES
        if not rule.start_days and len(overfilled(rule.limit(seats)).group)
    ]
    return ", ".join(broken or [rule.key for rule in rules.PLAN_RULES if rule.start_days])


def pin_conflicts(bench: Bench, deadline: float, settings: SolverSettings) -> list[PinConflict]:
    """The pins at fault (empty when all pins can be kept), decided before `deadline`
    (`time.perf_counter()` seconds) as far as CP-SAT gets."""
    refs = role_refs(bench)
    pins = sorted(pinned_pairs(bench, refs))
    if not pins:
        return []
    problem = bench.problem
    conflicts: list[PinConflict] = []
    alive: list[Pair] = []
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
        return conflicts
    if _kept(bench, alive):
        return conflicts
    core = _core(bench, alive, refs, deadline)
    if len(core) <= settings.pin_core_pins:  # deletion: keep only pins without which the rest is kept
        i = 0
        while i < len(core):
            trial = core[:i] + core[i + 1 :]
            if trial and not _kept(bench, trial):
                core = trial
            else:
                i += 1
    reason = _broken_rules(bench, core)
    conflicts.extend(_conflict(bench, s, g, reason, refs) for s, g in core)
    return conflicts
