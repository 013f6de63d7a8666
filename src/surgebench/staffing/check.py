"""`check_plan(problem, plan) -> CheckReport`: verify a plan from its assignments alone.

Written apart from the solver's model: it shares only the rule catalogue (eligibility per
specialist) and the objective/shortfall definitions, and counts every plan-wide rule directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.objective import evaluate, is_returning
from surgebench.staffing.plan import Assignment, Plan, PlanError, parse_plan
from surgebench.staffing.problem import Problem
from surgebench.staffing.rules.limits import Seats, overfilled
from surgebench.staffing.shortfall import compute_shortfall


@dataclass
class CheckReport:
    violations: list[str] = field(default_factory=list)
    objective: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """Disagreements that do not make the plan invalid: the contract fixes no reason keys, so a
    shortfall whose reason counts differ from ours is reported, not rejected."""

    @property
    def ok(self) -> bool:
        return not self.violations


def _name(a: Assignment) -> str:
    return f"{a.specialist} -> {a.request}/{a.role}"


def check_plan(problem: Problem, plan: dict[str, Any] | Plan) -> CheckReport:
    """Every rule the plan breaks (one line each, naming the assignment and the rule)."""
    report = CheckReport()
    if not isinstance(plan, Plan):
        try:
            plan = parse_plan(plan)
        except PlanError as error:
            report.violations.append(f"plan file: {error}")
            return report
    bad = report.violations
    specialists = {s.id: s for s in problem.specialists}
    requests = {r.id: r for r in problem.requests}
    bench = Bench(problem)
    valid: list[Assignment] = []
    for a in plan.assignments:
        request = requests.get(a.request)
        role = next((x for x in request.roles if x.id == a.role), None) if request else None
        if a.specialist not in specialists:
            bad.append(f"{_name(a)}: unknown specialist")
        elif request is None:
            bad.append(f"{_name(a)}: unknown request")
        elif role is None:
            bad.append(f"{_name(a)}: unknown role")
        else:
            valid.append(a)
    _check_each(bench, valid, bad)
    _check_together(bench, valid, bad)
    report.objective = evaluate(problem, valid)
    if plan.status == "infeasible":
        if not plan.infeasible_pins:
            bad.append("status infeasible: no pins are named")
    else:
        held = {(a.specialist, a.request, a.role) for a in valid}
        for request in problem.requests:
            for pin in request.pinned:
                if (pin.specialist, request.id, pin.role) not in held:
                    bad.append(
                        f"pin {pin.specialist} -> {request.id}/{pin.role}: rule 8 (pins): not in the plan"
                    )
    _check_reported(bench, plan, valid, report)
    return report


def _check_each(bench: Bench, assignments: list[Assignment], bad: list[str]) -> None:
    """Rules 1, 2 (history), 4 (a seat alone), 7 (start date, returning flag)."""
    problem = bench.problem
    failed: dict[tuple[str, str], np.ndarray] = {}
    for a in assignments:
        request = problem.request(a.request)
        role = request.role(a.role)
        key = (a.request, a.role)
        if key not in failed:
            failed[key] = rules.first_failed_rule(bench, request, role)
        s = bench.index[a.specialist]
        k = int(failed[key][s])
        if k >= 0:
            rule = rules.CANDIDATE_RULES[k]
            bad.append(f"{_name(a)}: rule {rule.key}: {rule.label}")
        specialist = problem.specialists[s]
        ramp_dates = [day.date for day in request.ramp]
        if a.start not in ramp_dates:
            bad.append(f"{_name(a)}: rule 7 (start): {a.start} is not a ramp date")
        if a.start < specialist.available_from:
            bad.append(
                f"{_name(a)}: rule 7 (start): {a.start} is before available_from {specialist.available_from}"
            )
        if a.returning != is_returning(specialist, request):
            bad.append(f"{_name(a)}: returning flag is {str(a.returning).lower()}, should be the opposite")


def _check_together(bench: Bench, assignments: list[Assignment], bad: list[str]) -> None:
    """Rules 2 to 7 across the plan (`rules.PLAN_RULES`): every group a rule caps, counted from the seats."""
    seats = Seats.of_plan(bench, assignments)
    for rule in rules.PLAN_RULES:
        limit = rule.limit(seats)
        over = overfilled(limit)
        for key, load, cap in zip(over.group.tolist(), over.load.tolist(), over.cap.tolist(), strict=True):
            broken = rule.broken.format(load=load, cap=cap)
            bad.append(f"{limit.describe(key)}: rule {rule.number} ({rule.key}): {broken}")


def _check_reported(bench: Bench, plan: Plan, valid: list[Assignment], report: CheckReport) -> None:
    """The reported objective and shortfall must agree with the assignments."""
    bad = report.violations
    if plan.objective is None:
        bad.append("objective: missing")
    else:
        for name, value in report.objective.items():
            if plan.objective.get(name) != value:
                bad.append(f"objective.{name}: reported {plan.objective.get(name)}, assignments give {value}")
    expected = {(s.request, s.role): s for s in compute_shortfall(bench, valid)}
    if plan.shortfall is None:
        bad.append("shortfall: missing")
        return
    given = {(s.request, s.role): s for s in plan.shortfall}
    for key, want in expected.items():
        got = given.get(key)
        if got is None:
            bad.append(f"shortfall {key[0]}/{key[1]}: missing entry (missing {want.missing})")
        elif got.missing != want.missing:
            bad.append(f"shortfall {key[0]}/{key[1]}: missing is {got.missing}, should be {want.missing}")
        elif got.reasons != want.reasons:
            report.notes.append(f"shortfall {key[0]}/{key[1]}: reasons {got.reasons}, ours {want.reasons}")
    for key in given.keys() - expected.keys():
        bad.append(f"shortfall {key[0]}/{key[1]}: role is filled, entry should not be there")
