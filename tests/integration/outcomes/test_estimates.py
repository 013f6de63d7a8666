"""The estimate read from the database (one set-based query) equals the rule worked by hand, on both
engines: nobody with no outcomes is listed (their vetting score stands), one outcome, many, old ones and
conflicting ones; and the problem built from the database carries it as ``skill_quality``."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from surgebench.db.session import unit_of_work
from surgebench.domain.outcomes.estimate_service import estimates
from surgebench.domain.surges.problem_service import build_problem
from surgebench.settings import QualitySettings
from tests.conftest import TODAY
from tests.integration.outcomes.outcome_builders import engagement_id, report
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.test_problem_source import ASK

RULE = QualitySettings(prior_items=50, half_life_days=180, vendor_floor_milli=600)
DAY = TODAY.date()


@pytest.fixture
def people(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {
        name: add_specialist(engine, email=f"{name}@example.test", full_name=name.title(), quality="0.800")
        for name in ("nil", "one", "many", "old", "torn")
    }
    record_history(
        engine,
        [Worked(f"{name}@example.test", "aurora-labs", "orion", n) for name in ids for n in (1, 2)],
    )
    return ids


def test_the_bench_estimates_match_the_hand_computed_cases(engine, people) -> None:  # type: ignore[no-untyped-def]
    one = engagement_id(engine, people["one"], 2)
    report(engine, one, DAY, 100, 90)  # (40000 + 90000) / 150 = 866.67 → 867
    many = engagement_id(engine, people["many"], 2)
    report(engine, many, DAY, 100, 90)
    report(engine, many, DAY - timedelta(days=1), 300, 180, score=None)  # ≈ same day: 688.9..
    old = engagement_id(engine, people["old"], 1)
    report(engine, old, DAY - timedelta(days=180), 100, 90)  # w = 0.5: 85000 / 100 = 850
    torn1, torn2 = engagement_id(engine, people["torn"], 1), engagement_id(engine, people["torn"], 2)
    report(engine, torn1, DAY - timedelta(days=180), 200, 190)  # w = 0.5
    report(engine, torn2, DAY, 200, 110, score="0.500")  # the score stands: points 100000
    with unit_of_work(engine, writes=False) as db:
        found = estimates(db, DAY, settings=RULE)
    assert people["nil"] not in found
    assert found[people["one"]]["coding.python"].quality_milli == 867
    w = 0.5 ** (1 / 180)
    expected_many = (50 * 800 + 90_000 + w * 180_000) / (50 + 100 + w * 300)
    assert found[people["many"]]["coding.python"].quality_milli == int(expected_many + 0.5)
    assert found[people["old"]]["coding.python"].quality_milli == 850
    # (40000 + 0.5·190000 + 100000) / (50 + 100 + 200) = 235000 / 350 = 671.43 → 671
    torn = found[people["torn"]]["coding.python"]
    assert (torn.quality_milli, torn.items, torn.outcomes, torn.last_reported_on) == (671, 400, 2, DAY)


def test_only_some_people_read_the_same_estimates_as_the_whole_bench(engine, people) -> None:  # type: ignore[no-untyped-def]
    report(engine, engagement_id(engine, people["one"], 2), DAY, 100, 90)
    report(engine, engagement_id(engine, people["old"], 1), DAY - timedelta(days=300), 100, 10)
    with unit_of_work(engine, writes=False) as db:
        whole = estimates(db, DAY, settings=RULE)
        some = estimates(db, DAY, only=[people["old"], people["nil"]], settings=RULE)
    assert some == {people["old"]: whole[people["old"]]}


def test_outcomes_reported_after_the_day_asked_do_not_count(engine, people) -> None:  # type: ignore[no-untyped-def]
    report(engine, engagement_id(engine, people["one"], 2), DAY, 100, 0)
    with unit_of_work(engine, writes=False) as db:
        assert estimates(db, DAY - timedelta(days=1), settings=RULE) == {}


def test_the_built_problem_carries_each_persons_estimate_as_skill_quality(engine, people) -> None:  # type: ignore[no-untyped-def]
    report(engine, engagement_id(engine, people["one"], 2), DAY, 100, 90)
    with unit_of_work(engine, writes=False) as db:
        problem = build_problem(db, [ASK], today=date(2026, 12, 2))
    by_id = {s["id"]: s for s in problem["specialists"]}
    assert by_id[str(people["one"])]["skill_quality"] == {"coding.python": 0.867}
    assert by_id[str(people["one"])]["quality"] == 0.8
    assert "skill_quality" not in by_id[str(people["nil"])]
