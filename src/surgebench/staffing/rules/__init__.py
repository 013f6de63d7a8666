"""The catalogue of staffing rules, in the contract's order.

`CANDIDATE_RULES` are the rules a single specialist can fail for a role on its own (rule 1's
eligibility checks, rule 2's competitor history, rule 4's hours): each answers one question for the
whole bench at once. `PLAN_RULES` are the rules a plan keeps as a whole (competitors within a plan,
one seat per request, hours summed over seats, headcount, country share, onboarding capacity): each
states, for a table of seats, which capped groups the seats count in (`limits.Limit`). The model,
pricing, the greedy start, `check`, `pins`, `shortfall` and `explain` all read these two lists, so
every door keeps and reports the same rules; adding a rule means one function here and its tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Request, Role
from surgebench.staffing.rules import competitors, eligibility, ramp, seats
from surgebench.staffing.rules.limits import Limit, Seats


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
    Rule("quality", "quality for the role below its min_quality", eligibility.quality_gate),
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


@dataclass(frozen=True)
class PlanRule:
    key: str
    """Stable key, used as the shortfall reason and in infeasible pins."""
    number: int
    """The rule's number in the contract."""
    label: str
    """Why it stops a specialist from taking a role in a given plan, in the business's words."""
    broken: str
    """How `check` words a group over its cap (`{load}` and `{cap}` filled in)."""
    limit: Callable[[Seats], Limit]
    reason: bool = True
    """Whether it is a shortfall reason (headcount is not: a role short of people has room)."""
    start_days: bool = False
    """A rule about start days: the model states it with start counts (see `model`), not rows
    over the seats, and pins cannot be judged by it before the days are chosen."""


PLAN_RULES: tuple[PlanRule, ...] = (
    PlanRule(
        "competitor_in_plan",
        2,
        "holds a seat on a competing request",
        "seats on {load} competing requests",
        competitors.no_seats_on_competing_requests,
    ),
    PlanRule(
        "one_seat_per_request",
        3,
        "holds another seat in this request",
        "holds {load} seats",
        seats.one_seat_per_request,
    ),
    PlanRule(
        "hours",
        4,
        "hours used by other seats",
        "seats take {load} hours a week, {cap} are free",
        seats.hours_within_free_hours,
    ),
    PlanRule("headcount", 5, "role full", "{load} people for {cap} seats", seats.headcount, reason=False),
    PlanRule(
        "country_share",
        6,
        "country cap reached",
        "{load} people from one country, cap {cap}",
        seats.country_share,
    ),
    PlanRule(
        "onboarding_capacity",
        7,
        "onboarding capacity on every possible start date is used",
        "{load} new people, capacity {cap}",
        ramp.onboarding_capacity,
        start_days=True,
    ),
)
"""Rules 2 to 7 for a plan as a whole, in the contract's order."""

REASON_RULES: tuple[PlanRule, ...] = tuple(rule for rule in PLAN_RULES if rule.reason)
"""The plan-wide rules that are shortfall reasons, in order."""

PLAN_REASONS: dict[str, str] = {
    **{rule.key: rule.label for rule in REASON_RULES},
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
