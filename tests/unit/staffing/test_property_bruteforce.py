"""The reference implementation in ``bruteforce`` checked on problems whose answers are known by hand,
and its exact search cross-checked against a naive one, so the solver is compared with something
that is itself right."""

from __future__ import annotations

import copy

import bruteforce as bf
import builders
import pytest
from hypothesis import HealthCheck, given, settings
from random_problems import problems, tiny_problems

RAMP = ["2026-03-09", "2026-03-10", "2026-03-11"]


def specialist(spec_id: str, **fields) -> dict:
    defaults = {"skills": {"py": 5}, "timezone": "UTC", "available_from": RAMP[0], "quality": 0.9}
    return builders.specialist(spec_id, **(defaults | fields))


def role(role_id: str = "py", **fields) -> dict:
    return builders.role(role_id, **({"min_quality": 0.0} | fields))


def request(request_id: str = "Q1", roles: list[dict] | None = None, **fields) -> dict:
    defaults = {
        "ends_on": "2026-06-30",
        "ramp": builders.ramp(*((day, 5) for day in RAMP)),
        "cooldown_days": 30,
        "roles": roles if roles is not None else [role()],
    }
    return builders.request(request_id, **(defaults | fields))


problem = builders.make_problem


# ---------------------------------------------------------------- eligibility, one rule at a time


def test_specialist_eligible_only_while_vetting_lasts_through_ends_on():
    assert bf.eligible(specialist("A", vetting_expires="2026-06-30"), request(), role())
    assert not bf.eligible(specialist("A", vetting_expires="2026-06-29"), request(), role())
    assert not bf.eligible(specialist("A", status="pending"), request(), role())


@pytest.mark.parametrize(
    ("timezone", "first_ramp", "window", "expected"),
    [
        ("Asia/Kolkata", "2026-03-09", [5.5, 5.5], True),
        ("Asia/Kolkata", "2026-03-09", [5, 5], False),
        ("Asia/Kathmandu", "2026-03-09", [5.5, 6], True),
        # New York leaves DST at 06:00 UTC on 1 Nov 2026, so at noon UTC that day it is -5.
        ("America/New_York", "2026-11-01", [-5, -5], True),
        ("America/New_York", "2026-10-30", [-5, -5], False),
        # London enters BST at 01:00 UTC on 29 Mar 2026.
        ("Europe/London", "2026-03-29", [1, 1], True),
        ("Europe/London", "2026-03-28", [1, 1], False),
        # Adelaide leaves daylight time (+10.5 → +9.5) on 5 Apr 2026.
        ("Australia/Adelaide", "2026-04-03", [10.5, 10.5], True),
        ("Australia/Adelaide", "2026-04-06", [9.5, 9.5], True),
    ],
)
def test_utc_offset_is_read_at_noon_utc_on_the_first_ramp_date(timezone, first_ramp, window, expected):
    req = request(ramp=[{"date": first_ramp, "onboarding_capacity": 1}])
    spec = specialist("A", timezone=timezone, available_from=first_ramp)
    assert bf.eligible(spec, req, role(utc_offset=window)) is expected


@pytest.mark.parametrize(
    ("ended_on", "expected"),
    [
        (None, False),  # still running
        ("2026-02-07", True),  # 30 days before 2026-03-09: cooldown over
        ("2026-02-08", False),  # 29 days
        ("2026-03-20", False),  # ends after the ramp starts
    ],
)
def test_competitor_engagement_bars_until_cooldown_days_have_passed(ended_on, expected):
    history = [{"client": "globex", "model": "x", "cycle": 1, "ended_on": ended_on}]
    req = request(competitors=["globex"], cooldown_days=30)
    assert bf.eligible(specialist("A", history=history), req, role()) is expected
    assert bf.eligible(specialist("A", history=history), request(), role())  # not a competitor


def test_zero_cooldown_allows_an_engagement_that_ended_on_the_first_ramp_date():
    history = [{"client": "globex", "model": "x", "cycle": 1, "ended_on": RAMP[0]}]
    req = request(competitors=["globex"], cooldown_days=0)
    assert bf.eligible(specialist("A", history=history), req, role())


def test_specialist_available_after_the_last_ramp_date_is_not_eligible():
    assert bf.eligible(specialist("A", available_from=RAMP[-1]), request(), role())
    assert not bf.eligible(specialist("A", available_from="2026-03-12"), request(), role())


@pytest.mark.parametrize(
    ("share", "headcount", "cap"),
    [
        (0.29, 3, 1),
        (0.29, 100, 29),
        (0.5, 3, 1),
        (0.5, 4, 2),
        (0.01, 10, 1),
        (1.0, 3, 3),
        (0.67, 3, 2),
        (0.07, 100, 7),
        (0.34, 0, 1),
    ],
)
def test_country_cap_is_integer_arithmetic_on_the_rounded_share(share, headcount, cap):
    assert bf.country_cap(role(max_country_share=share, headcount=headcount)) == cap


# ---------------------------------------------------------------- the validator


def test_violations_name_each_broken_rule():
    prob = problem(
        [specialist("A", weekly_hours=30), specialist("B", skills={"py": 1})],
        [request("Q1", roles=[role("py"), role("ml")]), request("Q2", client="globex", competitors=["acme"])],
    )

    def seat(spec_id, request_id, role_id="py", start=RAMP[0]):
        return {
            "specialist": spec_id,
            "request": request_id,
            "role": role_id,
            "start": start,
            "returning": False,
        }

    assert bf.violations(prob, {"assignments": [seat("A", "Q1")]}) == []
    found = bf.violations(
        prob,
        {
            "assignments": [
                seat("A", "Q1"),
                seat("A", "Q1", "ml"),
                seat("A", "Q2"),
                seat("B", "Q1", start="2026-03-12"),
            ]
        },
    )
    text = "\n".join(found)
    for rule in (
        "rule 1/2: B",
        "rule 3: A",
        "rule 4: A",
        "rule 2: A holds seats on competing",
        "rule 5:",
        "rule 7: B",
    ):
        assert rule in text, text


# ---------------------------------------------------------------- the exact search, known answers


def test_best_objective_fills_with_the_highest_quality_eligible_people():
    prob = problem(
        [
            specialist("A", quality=0.9, hourly_rate=50.0),
            specialist("B", quality=0.8, hourly_rate=40.0),
            specialist("C", quality=0.7, hourly_rate=10.0),
            specialist("D", quality=0.99, skills={"py": 2}),
        ],
        [request(roles=[role(headcount=2)])],
    )
    assert bf.best_objective(prob) == (2, 0, 1700, 0, 5000 * 20 + 4000 * 20)


def test_best_objective_keeps_one_person_per_country_under_a_29_percent_share():
    people = [specialist(f"U{i}", country="US", quality=0.8 + i / 100) for i in range(3)]
    prob = problem(people, [request(roles=[role(headcount=3, max_country_share=0.29)])])
    assert bf.best_objective(prob)[:3] == (1, 0, 820)
    prob["specialists"].append(specialist("I", country="IN", quality=0.5))
    assert bf.best_objective(prob)[:3] == (2, 0, 1320)


def test_best_objective_spreads_new_people_over_the_ramp_and_returning_ones_need_no_slot():
    back = [{"client": "acme", "model": "orion", "cycle": 1, "ended_on": "2025-12-01"}]
    prob = problem(
        [specialist("R", history=back), specialist("B"), specialist("C")],
        [
            request(
                roles=[role(headcount=3)],
                ramp=[
                    {"date": RAMP[0], "onboarding_capacity": 1},
                    {"date": RAMP[1], "onboarding_capacity": 1},
                    {"date": RAMP[2], "onboarding_capacity": 0},
                ],
            )
        ],
    )
    objective, assignments = bf.best_plan(prob)
    assert objective[:4] == (3, 1, 2700, 1)
    assert {a["specialist"]: a["returning"] for a in assignments} == {"R": True, "B": False, "C": False}


def test_best_objective_prefers_the_higher_priority_request_when_hours_allow_one_seat():
    prob = problem(
        [specialist("A", weekly_hours=40, committed_hours=10)],
        [request("Q1", priority=1), request("Q2", priority=3, client="globex")],
    )
    assert bf.best_objective(prob)[0] == 3
    prob["specialists"][0]["committed_hours"] = 0
    assert bf.best_objective(prob)[0] == 4
    prob["requests"][1]["competitors"] = ["acme"]  # one side listing the other is enough
    assert bf.best_objective(prob)[0] == 3


def test_pins_are_kept_even_when_worse_and_unkeepable_pins_make_the_problem_infeasible():
    people = [specialist("A", quality=0.9), specialist("B", quality=0.8)]
    prob = problem(people, [request(pinned=[{"specialist": "B", "role": "py"}])])
    assert bf.best_objective(prob)[:3] == (1, 0, 800)
    assert bf.pins_feasible(prob)
    prob["requests"][0]["excluded"] = ["B"]
    assert bf.best_objective(prob) is None
    assert not bf.pins_feasible(prob)
    prob["requests"][0]["excluded"] = []
    prob["requests"][0]["roles"][0]["headcount"] = 0
    assert bf.best_objective(prob) is None


def test_quality_in_the_role_skill_decides_the_gate_and_the_quality_level():
    roles = [role("py", skill="py", min_quality=0.8), role("sql", skill="sql", min_quality=0.8)]
    prob = problem(
        [
            specialist("A", quality=0.7, skills={"py": 5, "sql": 5}, skill_quality={"py": 0.9, "go": 0.1}),
            specialist("B", quality=0.95, skills={"py": 5, "sql": 5}, skill_quality={"py": 0.79}),
        ],
        [request(roles=roles)],
    )
    req = prob["requests"][0]
    assert bf.eligible(prob["specialists"][0], req, roles[0])
    assert not bf.eligible(prob["specialists"][0], req, roles[1])
    assert not bf.eligible(prob["specialists"][1], req, roles[0])
    assert bf.eligible(prob["specialists"][1], req, roles[1])
    assert bf.best_objective(prob)[:3] == (2, 0, 900 + 950)


def test_ramp_then_cost_break_ties_between_equal_quality_people():
    prob = problem(
        [specialist("A", hourly_rate=60.0), specialist("B", hourly_rate=30.5, available_from=RAMP[1])],
        [request(roles=[role(headcount=1)])],
    )
    # Both give quality 900; A can start on day 0 (ramp 0), B only on day 1: ramp decides before cost.
    assert bf.best_objective(prob) == (1, 0, 900, 0, 6000 * 20)


# ---------------------------------------------------------------- the exact search, cross-checked


def _micro_problems():
    return problems(max_specialists=3, max_requests=2, max_roles=2, max_ramp=2, max_headcount=2)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_micro_problems())
def test_memoised_search_agrees_with_naive_enumeration(prob):
    try:
        naive = bf.naive_best_objective(prob, max_plans=20_000)
    except ValueError:
        return
    assert bf.best_objective(prob) == naive


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(tiny_problems())
def test_best_plan_is_itself_valid_and_feasibility_is_decided_by_the_pins_alone(prob):
    original = copy.deepcopy(prob)
    found = bf.best_plan(prob)
    assert prob == original
    assert (found is not None) == bf.pins_feasible(prob)
    if found is not None:
        objective, assignments = found
        assert bf.violations(prob, {"assignments": assignments}) == []
        assert bf.objective_of(prob, assignments) == objective
