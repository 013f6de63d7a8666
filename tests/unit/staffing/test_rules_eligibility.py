"""Rule 1 (eligibility) and rule 2's history part: each test lets exactly one rule decide."""

from __future__ import annotations

from builders import engagement, make_problem, parse, ramp, request, role, specialist

from surgebench.staffing.check import check_plan
from surgebench.staffing.solve import solve


def assigned(problem: dict) -> set[str]:
    plan = solve(parse(problem), time_limit=10)
    assert check_plan(parse(problem), plan).ok
    return {a.specialist for a in plan.assignments}


def one_role(*specialists: dict, **request_overrides: object) -> dict:
    return make_problem(list(specialists), [request("Q1", **request_overrides)])


def test_unvetted_specialist_is_never_assigned():
    assert assigned(one_role(specialist("S1", status="pending"), specialist("S2", quality=0.6))) == {"S2"}


def test_vetting_expiring_day_before_ends_on_excludes():
    problem = one_role(specialist("S1", vetting_expires="2027-03-30", quality=0.9), ends_on="2027-03-31")
    assert assigned(problem) == set()


def test_vetting_expiring_on_ends_on_is_enough():
    problem = one_role(specialist("S1", vetting_expires="2027-03-31"), ends_on="2027-03-31")
    assert assigned(problem) == {"S1"}


def test_specialist_below_min_level_is_never_assigned():
    problem = one_role(specialist("S1", skills={"py": 2}, quality=0.99), specialist("S2", skills={"py": 3}))
    assert assigned(problem) == {"S2"}


def test_specialist_without_the_skill_is_never_assigned():
    assert assigned(one_role(specialist("S1", skills={"go": 5}))) == set()


def test_quality_exactly_at_min_quality_passes_the_gate():
    problem = one_role(specialist("S1", quality=0.5), specialist("S2", quality=0.499))
    assert assigned(problem) == {"S1"}


def test_every_role_language_must_be_spoken():
    problem = one_role(
        specialist("S1", languages=["en"], quality=0.99),
        specialist("S2", languages=["en", "de"]),
        roles=[role(languages=["en", "de"])],
    )
    assert assigned(problem) == {"S2"}


def test_utc_offset_uses_daylight_saving_on_first_ramp_date():
    # New York is UTC-4 in early October (daylight saving) and UTC-5 in December
    summer = one_role(
        specialist("S1", available_from="2026-09-01"),
        ramp=ramp(("2026-10-05", 5)),
        ends_on="2027-03-31",
        roles=[role(utc_offset=[-4.5, -3.5])],
    )
    winter = one_role(specialist("S1"), roles=[role(utc_offset=[-4.5, -3.5])])
    assert assigned(summer) == {"S1"}
    assert assigned(winter) == set()


def test_half_hour_zone_offset_is_fractional():
    kolkata = specialist("S1", timezone="Asia/Kolkata")
    assert assigned(one_role(kolkata, roles=[role(utc_offset=[5.5, 5.5])])) == {"S1"}
    assert assigned(one_role(kolkata, roles=[role(utc_offset=[5, 5.4])])) == set()


def test_specialist_available_after_last_ramp_date_is_never_assigned():
    problem = one_role(
        specialist("S1", available_from="2026-12-10"), specialist("S2", available_from="2026-12-09")
    )
    assert assigned(problem) == {"S2"}


def test_excluded_specialist_is_never_assigned():
    problem = one_role(specialist("S1", quality=0.99), specialist("S2"), excluded=["S1"])
    assert assigned(problem) == {"S2"}


def test_running_competitor_engagement_bars_the_specialist():
    problem = one_role(
        specialist("S1", quality=0.99, history=[engagement("rival", ended_on=None)]),
        specialist("S2"),
        competitors=["rival"],
    )
    assert assigned(problem) == {"S2"}


def test_competitor_cooldown_boundary_day_is_allowed():
    # first ramp date 2026-12-07; ended 90 days before is allowed, 89 days before is barred
    allowed = one_role(
        specialist("S1", history=[engagement("rival", ended_on="2026-09-08")]), competitors=["rival"]
    )
    barred = one_role(
        specialist("S1", history=[engagement("rival", ended_on="2026-09-09")]), competitors=["rival"]
    )
    assert assigned(allowed) == {"S1"}
    assert assigned(barred) == set()


def test_competitor_engagement_ending_in_the_future_bars_the_specialist():
    problem = one_role(
        specialist("S1", history=[engagement("rival", ended_on="2027-01-15")]),
        competitors=["rival"],
        cooldown_days=0,
    )
    assert assigned(problem) == set()


def test_history_with_a_non_competitor_does_not_bar():
    problem = one_role(specialist("S1", history=[engagement("friend", ended_on=None)]), competitors=["rival"])
    assert assigned(problem) == {"S1"}


def test_quality_in_the_role_skill_replaces_quality_at_the_gate():
    # S1's quality would pass the 0.5 gate, but its quality in py, the role's skill, does not;
    # S2's quality would fail it, but its quality in py passes (exactly at the gate)
    problem = one_role(
        specialist("S1", quality=0.9, skill_quality={"py": 0.499}),
        specialist("S2", quality=0.4, skill_quality={"py": 0.5}),
    )
    assert assigned(problem) == {"S2"}


def test_quality_in_the_role_skill_just_under_the_gate_excludes():
    problem = one_role(specialist("S1", quality=0.9, skill_quality={"py": 0.5}))
    assert assigned(problem) == {"S1"}
    problem["specialists"][0]["skill_quality"] = {"py": 0.499}
    assert assigned(problem) == set()


def test_quality_in_another_skill_leaves_quality_at_the_gate():
    # sql is no role's skill here (and "go" no skill the bench has): quality decides
    problem = one_role(
        specialist("S1", quality=0.5, skill_quality={"sql": 0.1, "go": 0.2}),
        specialist("S2", quality=0.499, skill_quality={"sql": 1.0}),
    )
    assert assigned(problem) == {"S1"}
