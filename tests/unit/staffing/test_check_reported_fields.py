"""`check` judges a plan by its assignments; reported fields must agree where the contract binds them."""

from builders import make_problem, parse, request, role, specialist

from surgebench.staffing.check import check_plan
from surgebench.staffing.solve import solve


def _short_problem():  # one seat filled, one missing: the plan has a shortfall entry
    return parse(
        make_problem(
            specialists=[specialist("S1"), specialist("S2", skills={"py": 1})],
            requests=[request("Q1", roles=[role("py", skill="py", headcount=2, min_level=3)])],
        )
    )


def test_shortfall_with_other_reason_keys_is_a_note_not_a_violation() -> None:
    problem = _short_problem()
    plan = solve(problem).to_json()
    plan["shortfall"][0]["reasons"] = {"not_skilled_enough": 1}
    report = check_plan(problem, plan)
    assert report.ok, report.violations
    assert any("reasons" in note for note in report.notes)


def test_shortfall_with_a_wrong_missing_count_is_a_violation() -> None:
    problem = _short_problem()
    plan = solve(problem).to_json()
    plan["shortfall"][0]["missing"] = 2
    report = check_plan(problem, plan)
    assert not report.ok
    assert any("missing is 2, should be 1" in v for v in report.violations)
