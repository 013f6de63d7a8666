"""The catalogue of staffing rules, in the contract's order.

`CANDIDATE_RULES` are the rules a single specialist can fail for a role on its own (rule 1's
eligibility checks, rule 2's competitor history, rule 4's hours). The model builder, the
shortfall reasons, the checker and `explain` all read this one list, so every door reports the
same first reason. Plan-wide rules (one seat per request, competitors within a plan, hours summed
over seats, headcount, country share, onboarding capacity) live beside them in `competitors` and
`seats` and are encoded by the model and re-checked by `check`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Request, Role
from surgebench.staffing.rules import competitors, eligibility, seats


@dataclass(frozen=True)
class Rule:
    key: str
    """Stable reason key used in shortfall reasons and explanations."""
    label: str
    """What the rule says, in the business's words."""
    passes: Callable[[Bench, Request, Role], np.ndarray]


ELIGIBILITY_RULES: tuple[Rule, ...] = (
    Rule("status", "status is not vetted", eligibility.vetted_status),
    Rule("vetting", "vetting expires before the request ends", eligibility.vetting_valid_through_cycle),
    Rule("skill_level", "skill missing or below the role's min_level", eligibility.skill_at_min_level),
    Rule("quality", "quality below the role's min_quality", eligibility.quality_gate),
    Rule("languages", "does not speak every role language", eligibility.speaks_role_languages),
    Rule("utc_offset", "time zone outside the role's UTC offset range", eligibility.utc_offset_in_range),
    Rule("availability", "available only after the last ramp date", eligibility.available_before_ramp_ends),
    Rule("excluded", "excluded from this request", eligibility.not_excluded),
    Rule("competitor", "recent engagement with a competitor", competitors.no_recent_competitor_engagement),
)
"""Rules 1 and 2 (history) for one specialist and one role, in the contract's order."""

HOURS_RULE = Rule("hours", "free hours below the seat's hours_per_week", seats.enough_free_hours)

CANDIDATE_RULES: tuple[Rule, ...] = (*ELIGIBILITY_RULES, HOURS_RULE)
"""Everything one specialist can fail for one role on its own."""

PLAN_REASONS: dict[str, str] = {
    "competitor_in_plan": "holds a seat on a competing request",
    "one_seat_per_request": "holds another seat in this request",
    "hours": "hours used by other seats",
    "country_share": "country cap reached",
    "onboarding_capacity": "onboarding capacity on every possible start date is used",
    "not_chosen": "eligible, but the plan did not choose them",
}
"""Reasons for an eligible specialist left out of a role, in the contract's rule order."""

RULE_LABELS: dict[str, str] = {**{rule.key: rule.label for rule in ELIGIBILITY_RULES}, **PLAN_REASONS}


def candidates(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """Boolean mask of specialists that pass every single-specialist rule for the role."""
    mask = np.ones(len(bench), dtype=bool)
    for rule in CANDIDATE_RULES:
        mask &= rule.passes(bench, request, role)
    return mask


def first_failed_rule(
    bench: Bench, request: Request, role: Role, catalogue: tuple[Rule, ...] = CANDIDATE_RULES
) -> np.ndarray:
    """Per specialist, the index in `catalogue` of the first rule failed, or -1 if none."""
    first = np.full(len(bench), -1, dtype=np.int16)
    for k, rule in enumerate(catalogue):
        failing = (first < 0) & ~rule.passes(bench, request, role)
        first[failing] = k
    return first
