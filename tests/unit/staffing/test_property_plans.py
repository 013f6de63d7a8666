"""Random problems through the real solver, judged by the independent reference in ``bruteforce``.

- Every plan keeps every hard rule, and says truthfully what it is worth and what it leaves unfilled.
- Every pinned newcomer starts on the earliest day it can: no day before its start has onboarding
  room or an unpinned newcomer of the request to swap with (re-plans rely on it).
- On problems small enough to search exhaustively, the solver's objective is the best there is,
  level by level, and it calls a problem infeasible exactly when the pins cannot be kept.
- The same problem solved twice gives the same plan.
"""

from __future__ import annotations

import copy
import json

import bruteforce as bf
import builders
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_problems import (
    plans_for,
    small_problems,
    tiny_problems,
    tiny_three_request_problems,
    torn_problems,
)
from test_pinned_starts import pinned_could_start_earlier

from surgebench.staffing.check import check_plan
from surgebench.staffing.problem import parse_problem
from surgebench.staffing.solve import solve

TIME_LIMIT = 30.0
"""Generous: these problems solve in well under a second, so every plan should be proven optimal."""

PROPERTY_SETTINGS = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _solve(problem: dict) -> dict:
    plan = solve(parse_problem(copy.deepcopy(problem)), time_limit=TIME_LIMIT)
    return plan.to_json()


def _objective_tuple(objective: dict) -> bf.Objective:
    return tuple(objective[level] for level in bf.OBJECTIVE_LEVELS)  # type: ignore[return-value]


def _explain(problem: dict, plan: dict) -> str:
    return f"\nproblem = {json.dumps(problem)}\nplan = {json.dumps(plan)}"


def _assert_names_real_pins(problem: dict, plan: dict) -> None:
    """Rule 8: an infeasible plan names the broken pins (the contract leaves the field to the
    implementation; ours calls it ``infeasible_pins``)."""
    pins = {(p["specialist"], r["id"], p["role"]) for r in problem["requests"] for p in r["pinned"]}
    named = {(p["specialist"], p["request"], p["role"]) for p in plan.get("infeasible_pins", [])}
    assert named and named <= pins, _explain(problem, plan)


def _can_still_add_a_seat(problem: dict, plan: dict) -> dict | None:
    """A seat some specialist could take on top of the plan without breaking a rule (which would
    raise fill, so an optimal plan has none)."""
    held = {(a["specialist"], a["request"]) for a in plan["assignments"]}
    open_roles = bf.shortfall_of(problem, plan["assignments"])
    for request in problem["requests"]:
        for role in request["roles"]:
            if (request["id"], role["id"]) not in open_roles:
                continue
            for spec in problem["specialists"]:
                if (spec["id"], request["id"]) in held or not bf.eligible(spec, request, role):
                    continue
                for step in request["ramp"]:
                    seat = {
                        "specialist": spec["id"],
                        "request": request["id"],
                        "role": role["id"],
                        "start": step["date"],
                        "returning": bf.is_returning(spec, request),
                    }
                    if not bf.violations(problem, {"assignments": [*plan["assignments"], seat]}):
                        return seat
    return None


def _can_start_earlier(problem: dict, plan: dict) -> dict | None:
    """An assignment that could move to an earlier ramp date without breaking a rule (which would
    lower ramp and change nothing above it, so an optimal plan has none)."""
    requests = {r["id"]: r for r in problem["requests"]}
    for i, a in enumerate(plan["assignments"]):
        dates = [step["date"] for step in requests[a["request"]]["ramp"]]
        for earlier in dates[: dates.index(a["start"])]:
            moved = [*plan["assignments"][:i], {**a, "start": earlier}, *plan["assignments"][i + 1 :]]
            if not bf.violations(problem, {"assignments": moved}):
                return {**a, "start": earlier}
    return None


@settings(max_examples=50, **PROPERTY_SETTINGS)
@given(small_problems())
def test_solver_plans_keep_every_rule_and_report_themselves_truthfully(problem):
    plan = _solve(problem)
    why = _explain(problem, plan)

    if not bf.pins_feasible(problem):
        assert plan["status"] == "infeasible", why
        _assert_names_real_pins(problem, plan)
        return
    assert plan["status"] != "infeasible", f"the pins can be kept{why}"
    assert bf.violations(problem, plan) == [], why

    report = check_plan(parse_problem(copy.deepcopy(problem)), plan)
    assert report.ok and report.violations == [], f"check_plan: {report.violations}{why}"

    recomputed = bf.objective_of(problem, plan["assignments"])
    assert _objective_tuple(plan["objective"]) == recomputed, why
    assert _objective_tuple(report.objective) == recomputed, why

    expected_shortfall = bf.shortfall_of(problem, plan["assignments"])
    reported = {(s["request"], s["role"]): s["missing"] for s in plan["shortfall"]}
    assert len(reported) == len(plan["shortfall"]), why
    assert reported == expected_shortfall, why
    for entry in plan["shortfall"]:
        counts = list(entry["reasons"].values())
        assert all(isinstance(n, int) and n >= 0 for n in counts), why
        assert sum(counts) <= len(problem["specialists"]), why

    assert plan["status"] == "optimal", why

    assert _can_still_add_a_seat(problem, plan) is None, (
        f"seat left open: {_can_still_add_a_seat(problem, plan)}{why}"
    )
    assert _can_start_earlier(problem, plan) is None, (
        f"could start earlier: {_can_start_earlier(problem, plan)}{why}"
    )
    assert pinned_could_start_earlier(problem, plan) is None, why


@settings(max_examples=200, **PROPERTY_SETTINGS)
@given(st.one_of(tiny_problems(), tiny_three_request_problems(), torn_problems()))
def test_solver_objective_equals_exhaustive_search_level_by_level(problem):
    plan = _solve(problem)
    why = _explain(problem, plan)
    best = bf.best_objective(problem)

    if best is None:
        assert plan["status"] == "infeasible", why
        _assert_names_real_pins(problem, plan)
        return
    assert plan["status"] != "infeasible", f"the pins can be kept{why}"
    assert bf.violations(problem, plan) == [], why
    # (fill, continuity, quality, ramp, cost): a mismatch shows the first level that differs.
    assert _objective_tuple(plan["objective"]) == best, why
    assert plan["status"] == "optimal", why


@settings(max_examples=8, **PROPERTY_SETTINGS)
@given(small_problems())
def test_same_problem_solved_twice_gives_the_same_plan(problem):
    first, second = _solve(problem), _solve(problem)
    first.pop("solve_seconds"), second.pop("solve_seconds")
    for plan in (first, second):
        plan.pop("levels", None)
    assert first == second, _explain(problem, first)


def _many_alike(n: int, **fields) -> list[dict]:
    defaults = {"skills": {"py": 5}, "timezone": "UTC", "available_from": "2026-03-09", "quality": 0.9}
    return [builders.specialist(f"S{i}", **(defaults | fields)) for i in range(n)]


def _one_role_problem(specialists: list[dict], **role_fields) -> dict:
    role = builders.role("py", **({"min_level": 1, "min_quality": 0} | role_fields))
    request = builders.request(
        "Q1",
        cycle=1,
        ends_on="2026-06-30",
        ramp=builders.ramp(("2026-03-09", 100)),
        cooldown_days=0,
        roles=[role],
    )
    return builders.make_problem(specialists, [request])


def test_a_29_percent_country_share_of_100_seats_admits_29_people_from_one_country():
    # 100 × 0.29 is 28.999… in floating point; the contract's integer arithmetic gives 29.
    problem = _one_role_problem(_many_alike(31), headcount=100, max_country_share=0.29)
    plan = _solve(problem)
    assert plan["objective"]["fill"] == 29, _explain(problem, plan)
    assert bf.violations(problem, plan) == []


def test_cost_rounds_hundredths_of_the_rate_rather_than_truncating():
    # 100 × 4.35 is 434.999… in floating point; the contract's round() gives 435 cents.
    problem = _one_role_problem(_many_alike(1, hourly_rate=4.35), hours_per_week=10)
    plan = _solve(problem)
    assert plan["objective"]["cost"] == 4350, _explain(problem, plan)


@settings(max_examples=150, **PROPERTY_SETTINGS)
@given(st.data())
def test_check_plan_accepts_exactly_the_plans_the_reference_accepts(data):
    problem = data.draw(tiny_problems(), label="problem")
    plan = data.draw(plans_for(problem), label="plan")
    expected = bf.violations(problem, plan)
    values = bf.objective_of(problem, plan["assignments"])
    plan["objective"] = dict(zip(bf.OBJECTIVE_LEVELS, values, strict=True))
    plan["shortfall"] = []  # its reasons are the solver's to count; their lines are left out below
    report = check_plan(parse_problem(copy.deepcopy(problem)), plan)
    rule_lines = [line for line in report.violations if not line.startswith("shortfall")]
    assert bool(rule_lines) == bool(expected), (
        f"check_plan: {rule_lines}\nreference: {expected}{_explain(problem, plan)}"
    )
    assert _objective_tuple(report.objective) == values
