"""The command line round trip, determinism, and the checker catching broken plans."""

from __future__ import annotations

import json

from builders import engagement, make_problem, parse, request, role, specialist
from click.testing import CliRunner

from surgebench.staffing.check import check_plan
from surgebench.staffing.commands import main
from surgebench.staffing.generate import generate
from surgebench.staffing.solve import solve


def sample() -> dict:
    return make_problem(
        [
            specialist("S1", quality=0.9, history=[engagement("acme", "orion", 1)]),
            specialist("S2", quality=0.7),
            specialist("S3", quality=0.95, skills={"py": 1}),
        ],
        [request("Q1", roles=[role("py", headcount=3)])],
    )


def test_solve_check_explain_round_trip_through_files(tmp_path):
    problem_path, plan_path = tmp_path / "problem.json", tmp_path / "plan.json"
    problem_path.write_text(json.dumps(sample()))
    runner = CliRunner()
    solved = runner.invoke(main, ["solve", str(problem_path), "-o", str(plan_path), "--time-limit", "10"])
    assert solved.exit_code == 0, solved.output
    plan = json.loads(plan_path.read_text())
    assert plan["format"] == "surge-plan/1" and plan["status"] == "optimal"
    assert plan["shortfall"] == [{"request": "Q1", "role": "py", "missing": 1, "reasons": {"skill_level": 1}}]
    checked = runner.invoke(main, ["check", str(problem_path), str(plan_path)])
    assert checked.exit_code == 0 and "valid" in checked.output
    explained = runner.invoke(main, ["explain", str(problem_path), str(plan_path), "--specialist", "S3"])
    assert explained.exit_code == 0
    assert "Q1/py: ineligible" in explained.output


def test_solve_reads_stdin_and_writes_stdout():
    result = CliRunner().invoke(main, ["solve", "-", "--quiet"], input=json.dumps(sample()))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["objective"]["fill"] == 2


def test_check_exits_1_and_names_broken_rules(tmp_path):
    problem = sample()
    plan = solve(parse(problem)).to_json()
    plan["assignments"].append(
        {"specialist": "S3", "request": "Q1", "role": "py", "start": "2026-12-07", "returning": True}
    )
    problem_path, plan_path = tmp_path / "problem.json", tmp_path / "plan.json"
    problem_path.write_text(json.dumps(problem))
    plan_path.write_text(json.dumps(plan))
    result = CliRunner().invoke(main, ["check", str(problem_path), str(plan_path)])
    assert result.exit_code == 1
    assert "S3 -> Q1/py: rule skill_level" in result.output
    assert "returning flag" in result.output
    assert "objective.fill: reported 2, assignments give 3" in result.output


def test_checker_flags_missing_shortfall_and_wrong_objective():
    problem = parse(sample())
    plan = solve(problem).to_json()
    plan["shortfall"] = []
    plan["objective"]["quality"] += 1
    violations = check_plan(problem, plan).violations
    assert any(v.startswith("shortfall Q1/py: missing entry") for v in violations)
    assert any(v.startswith("objective.quality") for v in violations)


def test_same_problem_gives_the_same_plan():
    problem = parse(generate(400, 60, 3, seed=5))
    first, second = solve(problem).to_json(), solve(problem).to_json()
    for plan in (first, second):
        plan.pop("solve_seconds")
        plan.pop("levels")
    assert first == second
    assert check_plan(problem, solve(problem)).ok


def test_generated_problems_solve_to_valid_optimal_plans():
    for seed in range(3):
        problem = parse(generate(300, 40, 3, seed=seed))
        plan = solve(problem)
        assert plan.status == "optimal"
        report = check_plan(problem, plan)
        assert report.ok, report.violations
        assert report.objective == plan.objective
