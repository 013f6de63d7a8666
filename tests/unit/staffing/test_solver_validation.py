"""Bad problem files: one clear message naming the place, exit status 2 from the CLI, no traceback."""

from __future__ import annotations

import json

import pytest
from builders import make_problem, request, role, specialist
from click.testing import CliRunner

from surgebench.staffing.commands import main
from surgebench.staffing.problem import ProblemError, load_problem, parse_problem


def good() -> dict:
    return make_problem(
        [specialist("S1"), specialist("S2")], [request("Q1", roles=[role("py"), role("sql")])]
    )


def error_of(problem: dict) -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        parse_problem(problem)
    return caught.value


def test_min_level_outside_one_to_five_names_the_path():
    problem = good()
    problem["requests"][0]["roles"][1]["min_level"] = 7
    error = error_of(problem)
    assert str(error) == "requests[0].roles[1].min_level: must be between 1 and 5, got 7"
    assert error.path == "requests[0].roles[1].min_level"


def test_boolean_is_not_an_integer():
    problem = good()
    problem["specialists"][1]["weekly_hours"] = True
    assert str(error_of(problem)) == "specialists[1].weekly_hours: must be an integer, got boolean"


def test_missing_field_is_named():
    problem = good()
    del problem["specialists"][0]["timezone"]
    assert str(error_of(problem)) == "specialists[0].timezone: is required"


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda p: p["specialists"].append(specialist("S1")), "specialists[2].id"),
        (lambda p: p["requests"].append(request("Q1")), "requests[1].id"),
        (lambda p: p["requests"][0]["roles"].append(role("py")), "requests[0].roles[2].id"),
    ],
)
def test_duplicate_ids_are_rejected(mutate, path):
    problem = good()
    mutate(problem)
    assert error_of(problem).path == path


def test_pin_of_unknown_specialist_or_role_is_rejected():
    problem = good()
    problem["requests"][0]["pinned"] = [{"specialist": "S9", "role": "py"}]
    assert error_of(problem).path == "requests[0].pinned[0].specialist"
    problem["requests"][0]["pinned"] = [{"specialist": "S1", "role": "go"}]
    assert error_of(problem).path == "requests[0].pinned[0].role"


def test_exclusion_of_unknown_specialist_is_rejected():
    problem = good()
    problem["requests"][0]["excluded"] = ["S9"]
    assert error_of(problem).path == "requests[0].excluded[0]"


def test_role_asking_for_a_skill_nobody_has_is_valid():
    problem = good()
    problem["requests"][0]["roles"][0]["skill"] = "cobol"
    parse_problem(problem)


def test_unknown_timezone_is_rejected():
    problem = good()
    problem["specialists"][0]["timezone"] = "Mars/Olympus"
    assert "unknown time zone" in str(error_of(problem))


def test_ramp_dates_must_strictly_increase():
    problem = good()
    problem["requests"][0]["ramp"][1]["date"] = problem["requests"][0]["ramp"][0]["date"]
    assert error_of(problem).path == "requests[0].ramp[1].date"


def test_empty_ramp_is_rejected():
    problem = good()
    problem["requests"][0]["ramp"] = []
    assert error_of(problem).path == "requests[0].ramp"


@pytest.mark.parametrize(
    ("where", "field", "value"),
    [
        (("requests", 0, "roles", 0), "headcount", -1),
        (("requests", 0, "ramp", 0), "onboarding_capacity", -2),
        (("specialists", 0), "committed_hours", -5),
        (("specialists", 0), "quality", 1.5),
        (("requests", 0, "roles", 0), "min_quality", -0.1),
        (("specialists", 0), "available_from", "2026-13-01"),
        (("specialists", 0), "vetting_expires", "07/12/2026"),
        (("requests", 0, "roles", 0), "hours_per_week", 0),
    ],
)
def test_out_of_range_values_are_rejected(where, field, value):
    problem = good()
    node = problem
    for step in where:
        node = node[step]
    node[field] = value
    assert error_of(problem).path.endswith(field)


def test_wrong_format_is_rejected():
    problem = good()
    problem["format"] = "surge-problem/2"
    assert error_of(problem).path == "format"


def test_malformed_json_names_line_and_column():
    with pytest.raises(ProblemError) as caught:
        load_problem('{\n  "format": ,\n}')
    assert "line 2, column 13" in str(caught.value)


def test_cli_exits_2_with_one_line_and_no_traceback(tmp_path):
    problem = good()
    problem["requests"][0]["roles"][1]["min_level"] = 7
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem))
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(tmp_path / "plan.json")])
    assert result.exit_code == 2
    assert "requests[0].roles[1].min_level: must be between 1 and 5, got 7" in result.output
    assert "Traceback" not in result.output


def test_cli_malformed_json_exits_2(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text("{ not json")
    result = CliRunner().invoke(main, ["solve", str(path)])
    assert result.exit_code == 2
    assert "malformed JSON at line 1" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([0.9], "specialists[1].skill_quality: must be an object, got array"),
        ({"py": 1.2}, "specialists[1].skill_quality.py: must be between 0 and 1, got 1.2"),
        ({"py": -0.1}, "specialists[1].skill_quality.py: must be between 0 and 1, got -0.1"),
        ({"sql": 0.5, "py": "high"}, "specialists[1].skill_quality.py: must be a number, got string"),
        ({"py": True}, "specialists[1].skill_quality.py: must be a number, got boolean"),
        ({"py": float("nan")}, "specialists[1].skill_quality.py: must be a finite number"),
    ],
)
def test_bad_skill_quality_names_the_skill(value, message):
    problem = good()
    problem["specialists"][1]["skill_quality"] = value
    assert str(error_of(problem)) == message


def test_skill_quality_is_optional_and_may_name_skills_no_role_asks_for():
    problem = good()
    problem["specialists"][0]["skill_quality"] = {"py": 0.75, "cobol": 0.2, "sql": 1}
    problem["specialists"][1]["skill_quality"] = None
    first, second = parse_problem(problem).specialists
    assert first.skill_quality == {"py": 0.75, "cobol": 0.2, "sql": 1.0}
    assert (first.quality_for("py"), first.quality_for("go")) == (0.75, first.quality)
    assert second.skill_quality == {} and second.quality_for("py") == second.quality
