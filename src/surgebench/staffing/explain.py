"""`explain(problem, plan, specialist_id)`: why a specialist holds, or does not hold, each role.

Per request and role the answer is one of: assigned (with start date); not eligible, with the first
rule that excludes them; or eligible but not chosen, with what outranked them in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.plan import Plan, parse_plan
from surgebench.staffing.problem import Problem
from surgebench.staffing.shortfall import REASON_KEYS, PlanView


@dataclass(frozen=True)
class Explanation:
    request: str
    role: str
    outcome: str
    """"assigned", "ineligible" or "not chosen"."""
    reason: str
    """Stable reason key (see `shortfall`), empty when assigned."""
    detail: str

    def __str__(self) -> str:
        return f"{self.request}/{self.role}: {self.outcome} — {self.detail}"


def render(explanations: list[Explanation]) -> str:
    return "\n".join(str(e) for e in explanations)


def _outranked(bench: Bench, view: PlanView, r: int, role_index: int, s: int) -> str:
    """What the people chosen for a full role have that this specialist lacks."""
    request = bench.problem.requests[r]
    role = request.roles[role_index]
    members = view.role_members.get((r, role.id), [])
    if len(members) < role.headcount:
        return "the role still has room; the plan did not choose them (time limit reached?)"
    facts = bench.facts(request)
    if not facts.returning[s] and any(facts.returning[m] for m in members):
        return "role full; returning specialists first"
    quality = bench.quality_milli_for(role.skill)  # each person's quality for this role
    if all(quality[m] >= quality[s] for m in members):
        return "role full with higher-quality people"
    return (
        "role full with people ranked higher on continuity, quality, start date or cost elsewhere in the plan"
    )


def explain(
    problem: Problem, plan: Plan | dict[str, Any], specialist_id: str, bench: Bench | None = None
) -> list[Explanation]:
    """``bench``: the problem's columns, when the caller keeps them between questions."""
    if not isinstance(plan, Plan):
        plan = parse_plan(plan)
    bench = bench or Bench(problem)
    if specialist_id not in bench.index:
        raise KeyError(specialist_id)
    s = bench.index[specialist_id]
    view = PlanView(bench, plan.assignments)
    held = {(a.request, a.role): a for a in plan.assignments if a.specialist == specialist_id}
    out: list[Explanation] = []
    for r, request in enumerate(problem.requests):
        for k, role in enumerate(request.roles):
            seat = held.get((request.id, role.id))
            if seat is not None:
                kind = "returning" if seat.returning else "new"
                out.append(Explanation(request.id, role.id, "assigned", "", f"starts {seat.start} ({kind})"))
                continue
            if role.headcount == 0:
                out.append(
                    Explanation(request.id, role.id, "not chosen", "headcount", "the role has no seats")
                )
                continue
            key = REASON_KEYS[int(view.reasons(r, k)[s])]
            label = rules.RULE_LABELS[key]
            if key in {rule.key for rule in rules.ELIGIBILITY_RULES}:
                out.append(Explanation(request.id, role.id, "ineligible", key, label))
            elif key == "not_chosen":
                detail = _outranked(bench, view, r, k, s)
                out.append(Explanation(request.id, role.id, "not chosen", key, detail))
            elif key == "hours" and bench.free_hours[s] < role.hours_per_week:
                out.append(Explanation(request.id, role.id, "ineligible", key, rules.HOURS_RULE.label))
            else:
                out.append(Explanation(request.id, role.id, "not chosen", key, label))
    return out
