"""The estimate the bench filter reads is stored, and stored exactly as the one rule computes it: by the
daily ``quality_estimates`` upkeep job (once per day across instances) and for a person as soon as their
outcomes change; ``skill=…&min_estimate=…`` returns exactly the people at or above it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from surgebench.app import scheduled_jobs
from surgebench.db.session import unit_of_work
from surgebench.domain.outcomes.estimate_service import estimates
from surgebench.domain.outcomes.repository import stored_estimates
from surgebench.domain.upkeep.service import Upkeep
from surgebench.lib.clock import FixedClock
from surgebench.settings import SchedulerSettings, Settings
from tests.conftest import TODAY
from tests.integration.outcomes.outcome_builders import engagement_id, report
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist

DAY = TODAY.date()
VETTING = {"nil": "0.800", "one": "0.900", "many": "0.600", "old": "0.750", "torn": "0.700", "maths": "0.950"}


@pytest.fixture
def people(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    ids = {
        name: add_specialist(
            engine,
            email=f"{name}@example.test",
            full_name=name.title(),
            quality=quality,
            skills="math.algebra:3" if name == "maths" else "coding.python:3;math.algebra:2",
        )
        for name, quality in VETTING.items()
    }
    record_history(
        engine,
        [
            Worked(
                f"{name}@example.test",
                "aurora-labs",
                "orion",
                n,
                skill="math.algebra" if name == "maths" else "coding.python",
            )
            for name in ids
            for n in (1, 2)
        ],
    )
    report(engine, engagement_id(engine, ids["one"], 2), DAY, 100, 40)
    report(engine, engagement_id(engine, ids["many"], 2), DAY, 100, 95)
    report(engine, engagement_id(engine, ids["many"], 1), DAY - timedelta(days=40), 300, 280, score="0.900")
    report(engine, engagement_id(engine, ids["old"], 1), DAY - timedelta(days=300), 500, 50)
    report(engine, engagement_id(engine, ids["torn"], 1), DAY - timedelta(days=180), 200, 190)
    report(engine, engagement_id(engine, ids["torn"], 2), DAY, 200, 110, score="0.500")
    report(engine, engagement_id(engine, ids["maths"], 2), DAY, 50, 10)
    return ids


def _rule(engine, day) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with unit_of_work(engine, writes=False) as db:
        found = estimates(db, day)
    return sorted(
        (sid, e.skill, e.quality_milli, e.items, e.outcomes, e.last_reported_on, day)
        for sid, skills in found.items()
        for e in skills.values()
    )


def _stored(engine) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with unit_of_work(engine, writes=False) as db:
        return sorted(tuple(row) for row in stored_estimates(db))


def test_the_daily_job_stores_exactly_what_the_rule_computes_for_that_day(engine, people) -> None:  # type: ignore[no-untyped-def]
    later = DAY + timedelta(days=90)  # every outcome has aged: each estimate moved
    job = next(j for j in scheduled_jobs(Settings()) if j.name == "quality_estimates")
    with unit_of_work(engine) as db:
        outcome = job.handler(db, datetime(later.year, later.month, later.day, 1, 30, tzinfo=UTC))
    assert outcome == {"estimates": 5}
    assert _stored(engine) == _rule(engine, later)
    assert _stored(engine) != [(*row[:-1], DAY) for row in _rule(engine, DAY)]  # it is the later day's


def test_reporting_or_correcting_an_outcome_stores_that_persons_estimate_at_once(
    engine, people, api_as
) -> None:  # type: ignore[no-untyped-def]
    assert _stored(engine) == _rule(engine, DAY)  # each report above stored its person's
    outcome = report(engine, engagement_id(engine, people["nil"], 1), DAY, 80, 8)
    assert _stored(engine) == _rule(engine, DAY)
    with unit_of_work(engine) as db:
        from surgebench.domain.audit.service import Actor
        from surgebench.domain.outcomes import service

        service.correct(db, Actor.system("test"), outcome, {"items_accepted": 80}, DAY)
    assert _stored(engine) == _rule(engine, DAY)
    nil = [row for row in _stored(engine) if row[0] == people["nil"]]
    assert [row[2] for row in nil] == [round((50 * 800 + 80_000) / 130)]


def _bench(http, query: str) -> set[int]:  # type: ignore[no-untyped-def]
    answer = http.get(f"/api/specialists?{query}&per_page=200")
    assert answer.status_code == 200, answer.text
    return {s["id"] for s in answer.json()["items"]}


@pytest.mark.parametrize("threshold", ["0", "0.5", "0.7", "0.8", "0.9", "0.95", "1"])
def test_the_bench_filter_by_estimate_returns_exactly_the_people_at_or_above_it(  # type: ignore[no-untyped-def]
    engine, people, api_as, threshold
) -> None:
    with unit_of_work(engine) as db:
        next(j for j in scheduled_jobs(Settings()) if j.name == "quality_estimates").handler(db, TODAY)
    with unit_of_work(engine, writes=False) as db:
        rule = estimates(db, DAY)
    milli = round(float(threshold) * 1000)
    for skill in ("coding.python", "math.algebra"):
        expected = set()
        for name, sid in people.items():
            holds = skill == "math.algebra" or name != "maths"
            own = rule.get(sid, {}).get(skill)
            estimate = own.quality_milli if own else round(float(VETTING[name]) * 1000)
            if holds and estimate >= milli:
                expected.add(sid)
        found = _bench(api_as("recruiter"), f"skill={skill}&min_estimate={threshold}")
        assert found == expected, (skill, threshold)


def test_min_estimate_needs_a_skill_and_a_number_from_0_to_1(engine, api_as, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    http = api_as("recruiter")
    for query, message in [
        ("min_estimate=0.7", "needs a skill"),
        ("skill=coding.python&min_estimate=1.5", "between 0 and 1"),
        ("skill=coding.python&min_estimate=0.1234", "decimals"),
    ]:
        answer = http.get(f"/api/specialists?{query}")
        assert answer.status_code == 400, query
        assert message in answer.json()["fields"]["min_estimate"], answer.text
    page = sign_in_as("recruiter").http.get("/bench?min_estimate=0.7")
    assert page.status_code == 400 and 'data-field="min_estimate"' in page.text


def test_the_refresh_runs_once_per_day_however_many_instances_tick(engine, people) -> None:  # type: ignore[no-untyped-def]
    clock = FixedClock(datetime(DAY.year, DAY.month, DAY.day, 6, 0, tzinfo=UTC) + timedelta(days=1))
    scheduler = SchedulerSettings(enabled=False)
    instances = [
        Upkeep(engine, scheduled_jobs(Settings(scheduler=scheduler)), clock, scheduler, instance=f"i{n}")
        for n in range(3)
    ]
    start = threading.Barrier(len(instances))

    def tick(upkeep: Upkeep) -> None:
        start.wait()
        for _ in range(2):
            upkeep.tick()

    threads = [threading.Thread(target=tick, args=(u,)) for u in instances]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    from sqlalchemy import select

    from surgebench.db.orm import ScheduleRun

    with unit_of_work(engine, writes=False) as db:
        runs = list(db.scalars(select(ScheduleRun).where(ScheduleRun.job == "quality_estimates")))
    assert [(r.status, r.outcome) for r in runs] == [("succeeded", {"estimates": 5})]
    assert _stored(engine) == _rule(engine, DAY + timedelta(days=1))


def test_an_outcome_upload_stores_the_estimates_of_the_people_it_changed(engine, people, api_as) -> None:  # type: ignore[no-untyped-def]
    from surgebench.domain.outcomes.upload_service import OUTCOME_COLUMNS
    from surgebench.lib.csv_files import format_rows

    nil, one = engagement_id(engine, people["nil"], 2), engagement_id(engine, people["one"], 2)
    rows = [
        (nil, DAY.isoformat(), 100, 20, "", ""),
        (one, DAY.isoformat(), 100, 99, "", ""),
    ]  # one: corrected
    header = dict(zip(OUTCOME_COLUMNS, OUTCOME_COLUMNS, strict=True))
    content = format_rows(
        [header, *(dict(zip(OUTCOME_COLUMNS, map(str, r), strict=True)) for r in rows)], OUTCOME_COLUMNS
    )
    answer = api_as("program_manager").post(
        "/api/outcomes/import?wait=true", files={"file": ("outcomes.csv", content, "text/csv")}
    )
    assert answer.json()["outcome"]["created"] == 1, answer.text
    assert _stored(engine) == _rule(engine, DAY)
    assert {row[0]: row[2] for row in _stored(engine)}[people["nil"]] == round((50 * 800 + 20_000) / 150)
