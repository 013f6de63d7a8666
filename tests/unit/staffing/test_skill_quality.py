"""`skill_quality`: a specialist's quality in the role's skill, where given, is its quality for that
role — at rule 1's gate (`test_rules_eligibility`) and in the quality level, and so in every place
the solver ranks people by quality: the dominance reduction, the plan's objective, `check`,
`shortfall` and `explain`."""

from __future__ import annotations

from builders import make_problem, parse, request, role, specialist

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import build_candidates
from surgebench.staffing.check import check_plan
from surgebench.staffing.explain import explain
from surgebench.staffing.settings import SolverSettings
from surgebench.staffing.solve import solve

TWO_A_ROLE_THEN_PRICING = SolverSettings(working_set=0, seed_per_seat=1, seed_extra=1, pricing_batch=1)
"""The working set starts from the greedy plan and each role's best two candidates: other pairs come
in only by pricing, one at a time."""


def test_quality_level_counts_each_persons_quality_for_the_role_taken():
    # A is better at py than at sql, B the other way round: A on py and B on sql give
    # 900 + 600, the swap 500 + 800 (which `quality` alone could not tell apart)
    problem = parse(
        make_problem(
            [
                specialist("A", quality=0.5, skills={"py": 4, "sql": 4}, skill_quality={"py": 0.9}),
                specialist("B", quality=0.8, skills={"py": 4, "sql": 4}, skill_quality={"sql": 0.6}),
            ],
            [
                request(
                    "Q1",
                    roles=[role("py", skill="py", min_quality=0), role("sql", skill="sql", min_quality=0)],
                )
            ],
        )
    )
    plan = solve(problem, time_limit=10)
    assert {(a.specialist, a.role) for a in plan.assignments} == {("A", "py"), ("B", "sql")}
    assert plan.objective["quality"] == 1500
    assert check_plan(problem, plan).objective["quality"] == 1500


def test_dominance_ranks_a_roles_candidates_by_their_quality_for_that_role():
    # Three people only py's role can use, alike but for quality: ranked by `quality`, S1 and S2
    # would stand above S3 and the reduction would drop S3; for the role, S3 is the best
    people = [
        specialist("S1", quality=0.95, skill_quality={"py": 0.6}),
        specialist("S2", quality=0.9, skill_quality={"py": 0.7}),
        specialist("S3", quality=0.6, skill_quality={"py": 0.99}),
    ]
    problem = parse(make_problem(people, [request("Q1", roles=[role("py", headcount=1)])]))
    kept = {problem.specialists[int(s)].id for s in build_candidates(Bench(problem)).specialist}
    assert kept == {"S3"}
    plan = solve(problem, time_limit=10)
    assert [a.specialist for a in plan.assignments] == ["S3"]
    assert plan.objective["quality"] == 990


def test_greedy_start_and_pricing_value_a_pair_by_its_quality_for_the_role():
    # three people who can start on different ramp days (so none dominates another); for py, B (0.9)
    # is better than A (0.8) and C (0.7), though B's quality is the lowest. Ranked by quality, the
    # first working set would hold A and C, and B would not price in: B is the optimum
    problem = parse(
        make_problem(
            [
                specialist("A", quality=0.8),
                specialist("B", quality=0.6, skill_quality={"py": 0.9}, available_from="2026-12-08"),
                specialist("C", quality=0.7, available_from="2026-12-09"),
            ],
            [request("Q1", roles=[role("py", headcount=1)])],
        )
    )
    plan = solve(problem, time_limit=10, settings=TWO_A_ROLE_THEN_PRICING)
    assert [a.specialist for a in plan.assignments] == ["B"]
    assert (plan.status, plan.objective["quality"]) == ("optimal", 900)


def test_check_reports_a_seat_under_the_gate_in_the_role_skill():
    problem = parse(
        make_problem(
            [specialist("S1", quality=0.9, skill_quality={"py": 0.4})],
            [request("Q1", roles=[role("py", min_quality=0.5)])],
        )
    )
    plan = solve(problem, time_limit=10).to_json()
    assert plan["assignments"] == []
    plan["assignments"] = [
        {"specialist": "S1", "request": "Q1", "role": "py", "start": "2026-12-07", "returning": False}
    ]
    plan["objective"]["fill"], plan["objective"]["quality"] = 1, 400
    plan["objective"]["cost"] = 5000 * 20
    plan["shortfall"] = []
    report = check_plan(problem, plan)
    assert report.violations == ["S1 -> Q1/py: rule quality: quality for the role below its min_quality"]
    assert report.objective["quality"] == 400


def test_shortfall_counts_a_person_under_the_gate_in_the_role_skill_as_quality():
    problem = parse(
        make_problem(
            [specialist("S1"), specialist("S2", quality=0.9, skill_quality={"py": 0.3})],
            [request("Q1", roles=[role("py", headcount=2)])],
        )
    )
    plan = solve(problem, time_limit=10)
    assert [(s.missing, s.reasons) for s in plan.shortfall] == [(1, {"quality": 1})]


def test_explain_compares_quality_for_the_role_when_it_is_full():
    # A takes the one seat with 0.9 in py; B's quality (0.95) is higher, but not in py (0.7)
    problem = parse(
        make_problem(
            [
                specialist("A", quality=0.5, skill_quality={"py": 0.9}),
                specialist("B", quality=0.95, skill_quality={"py": 0.7}),
            ],
            [request("Q1", roles=[role("py", headcount=1)])],
        )
    )
    plan = solve(problem, time_limit=10)
    assert [a.specialist for a in plan.assignments] == ["A"]
    [why] = explain(problem, plan, "B")
    assert (why.outcome, why.detail) == ("not chosen", "role full with higher-quality people")
