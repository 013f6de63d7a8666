"""Rules 2 to 8 across the plan: competitors, seats, hours, headcount, country share, ramp, pins."""

from __future__ import annotations

from builders import engagement, make_problem, parse, ramp, request, role, specialist

from surgebench.staffing.check import check_plan
from surgebench.staffing.solve import solve


def solved(problem: dict):
    plan = solve(parse(problem), time_limit=10)
    report = check_plan(parse(problem), plan)
    assert report.ok, report.violations
    return plan


def seats(problem: dict) -> set[tuple[str, str, str]]:
    return {(a.specialist, a.request, a.role) for a in solved(problem).assignments}


def test_specialist_never_holds_seats_on_competing_requests():
    problem = make_problem(
        [specialist("S1")],
        [request("Q1", client="acme", competitors=["rival"]), request("Q2", client="rival", priority=2)],
    )
    assert seats(problem) == {("S1", "Q2", "py")}


def test_competitor_rule_is_symmetric_within_a_plan():
    problem = make_problem(
        [specialist("S1")],
        [request("Q1", client="acme", priority=2), request("Q2", client="rival", competitors=["acme"])],
    )
    assert seats(problem) == {("S1", "Q1", "py")}


def test_one_seat_per_request():
    problem = make_problem([specialist("S1")], [request("Q1", roles=[role("a"), role("b")])])
    assert len(seats(problem)) == 1


def test_hours_are_summed_across_requests():
    problem = make_problem(
        [specialist("S1", weekly_hours=40, committed_hours=15)],
        [request("Q1"), request("Q2", client="beta")],
    )
    assert len(seats(problem)) == 1


def test_committed_hours_above_weekly_hours_leave_no_room():
    problem = make_problem([specialist("S1", weekly_hours=20, committed_hours=30)], [request("Q1")])
    plan = solved(problem)
    assert plan.assignments == ()
    assert plan.shortfall[0].reasons == {"hours": 1}


def test_headcount_caps_the_role_and_best_quality_wins():
    problem = make_problem(
        [specialist("S1", quality=0.7), specialist("S2", quality=0.9), specialist("S3", quality=0.8)],
        [request("Q1", roles=[role(headcount=2)])],
    )
    assert {s for s, _, _ in seats(problem)} == {"S2", "S3"}


def test_country_cap_rounds_down_but_never_below_one():
    people = [specialist(f"S{i}", country="IN", timezone="Asia/Kolkata") for i in range(4)]
    # 0.29 × 3 = 0.87 -> 0, raised to 1
    low = make_problem(people, [request("Q1", roles=[role(headcount=3, max_country_share=0.29)])])
    # round(100 × 0.29) = 29 (not 28): 29 × 7 // 100 = 2
    more = make_problem(people, [request("Q1", roles=[role(headcount=7, max_country_share=0.29)])])
    assert len(seats(low)) == 1
    assert len(seats(more)) == 2


def test_onboarding_capacity_limits_new_starts_per_day():
    problem = make_problem(
        [specialist(f"S{i}") for i in range(3)],
        [request("Q1", ramp=ramp(("2026-12-07", 1), ("2026-12-08", 1)), roles=[role(headcount=3)])],
    )
    plan = solved(problem)
    assert len(plan.assignments) == 2
    assert sorted(a.start.isoformat() for a in plan.assignments) == ["2026-12-07", "2026-12-08"]
    assert plan.objective["ramp"] == 1


def test_returning_specialists_skip_onboarding_capacity():
    back = [specialist(f"S{i}", history=[engagement("acme", "orion", 1)]) for i in range(3)]
    problem = make_problem(
        back, [request("Q1", cycle=2, ramp=ramp(("2026-12-07", 0)), roles=[role(headcount=3)])]
    )
    plan = solved(problem)
    assert len(plan.assignments) == 3
    assert all(a.returning for a in plan.assignments)


def test_returning_specialists_come_before_higher_quality_newcomers():
    problem = make_problem(
        [
            specialist("S1", quality=0.99),
            specialist("S2", quality=0.6, history=[engagement("acme", "orion", 1)]),
        ],
        [request("Q1", cycle=2)],
    )
    assert seats(problem) == {("S2", "Q1", "py")}


def test_engagement_on_another_model_is_not_returning():
    problem = make_problem(
        [specialist("S1", history=[engagement("acme", "lyra", 1)])], [request("Q1", model="orion", cycle=2)]
    )
    assert not solved(problem).assignments[0].returning


def test_start_is_never_before_available_from():
    problem = make_problem([specialist("S1", available_from="2026-12-08")], [request("Q1")])
    assert solved(problem).assignments[0].start.isoformat() == "2026-12-08"


def test_pins_are_kept_even_against_quality():
    problem = make_problem(
        [specialist("S1", quality=0.6), specialist("S2", quality=0.9)],
        [request("Q1", pinned=[{"specialist": "S1", "role": "py"}])],
    )
    assert seats(problem) == {("S1", "Q1", "py")}


def test_pins_that_break_hours_make_problem_infeasible_and_are_named():
    problem = make_problem(
        [specialist("S1", weekly_hours=30)],
        [
            request("Q1", pinned=[{"specialist": "S1", "role": "py"}]),
            request("Q2", client="beta", pinned=[{"specialist": "S1", "role": "py"}]),
        ],
    )
    plan = solved(problem)
    assert plan.status == "infeasible"
    assert {(p.specialist, p.request, p.reason) for p in plan.infeasible_pins} == {
        ("S1", "Q1", "hours"),
        ("S1", "Q2", "hours"),
    }


def test_pin_on_an_ineligible_specialist_names_the_rule():
    problem = make_problem(
        [specialist("S1", skills={"py": 1}), specialist("S2")],
        [request("Q1", roles=[role(headcount=2)], pinned=[{"specialist": "S1", "role": "py"}])],
    )
    plan = solved(problem)
    assert plan.status == "infeasible"
    assert [(p.specialist, p.reason) for p in plan.infeasible_pins] == [("S1", "skill_level")]


def test_pins_beyond_headcount_are_named_and_others_are_not():
    problem = make_problem(
        [specialist("S1"), specialist("S2"), specialist("S3")],
        [
            request(
                "Q1",
                roles=[role(headcount=1)],
                pinned=[{"specialist": "S1", "role": "py"}, {"specialist": "S2", "role": "py"}],
            ),
            request("Q2", client="beta", pinned=[{"specialist": "S3", "role": "py"}]),
        ],
    )
    plan = solved(problem)
    assert plan.status == "infeasible"
    assert {(p.specialist, p.reason) for p in plan.infeasible_pins} == {
        ("S1", "headcount"),
        ("S2", "headcount"),
    }


def test_two_pins_of_one_specialist_in_one_request_are_infeasible():
    problem = make_problem(
        [specialist("S1")],
        [
            request(
                "Q1",
                roles=[role("a"), role("b")],
                pinned=[{"specialist": "S1", "role": "a"}, {"specialist": "S1", "role": "b"}],
            )
        ],
    )
    plan = solved(problem)
    assert plan.status == "infeasible"
    assert {p.reason for p in plan.infeasible_pins} == {"one_seat_per_request"}


def test_pins_on_competing_requests_are_infeasible():
    problem = make_problem(
        [specialist("S1")],
        [
            request("Q1", client="acme", competitors=["rival"], pinned=[{"specialist": "S1", "role": "py"}]),
            request("Q2", client="rival", pinned=[{"specialist": "S1", "role": "py"}]),
        ],
    )
    plan = solved(problem)
    assert {p.reason for p in plan.infeasible_pins} == {"competitor_in_plan"}


def test_pins_beyond_onboarding_capacity_are_infeasible():
    problem = make_problem(
        [specialist("S1"), specialist("S2")],
        [
            request(
                "Q1",
                ramp=ramp(("2026-12-07", 1)),
                roles=[role(headcount=2)],
                pinned=[{"specialist": "S1", "role": "py"}, {"specialist": "S2", "role": "py"}],
            )
        ],
    )
    plan = solved(problem)
    assert {p.reason for p in plan.infeasible_pins} == {"onboarding_capacity"}


def test_headcount_zero_role_is_never_filled_nor_short():
    problem = make_problem([specialist("S1")], [request("Q1", roles=[role(headcount=0)])])
    plan = solved(problem)
    assert plan.assignments == () and plan.shortfall == ()


def test_shortfall_counts_each_specialist_under_its_first_rule():
    problem = make_problem(
        [
            specialist("S1", status="pending", skills={"py": 1}),
            specialist("S2", skills={"py": 1}, quality=0.1),
            specialist("S3", quality=0.1),
        ],
        [request("Q1", roles=[role(headcount=2)])],
    )
    plan = solved(problem)
    assert plan.shortfall[0].missing == 2
    assert plan.shortfall[0].reasons == {"status": 1, "skill_level": 1, "quality": 1}
