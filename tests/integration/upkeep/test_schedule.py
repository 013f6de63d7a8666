"""The schedule runs each slot once, whatever the number of instances: the ledger's unique (job, slot)
key decides who runs it, a run whose instance went silent is retaken, a slot missed while everything was
down runs once at the next start. Time comes from a clock the tests set; nothing sleeps for a schedule."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from surgebench.app import scheduled_jobs
from surgebench.db.orm import AuditEntry, ScheduleRun, Specialist
from surgebench.db.session import unit_of_work
from surgebench.domain.upkeep import repository
from surgebench.domain.upkeep.schedule_service import Every
from surgebench.domain.upkeep.service import Upkeep
from surgebench.lib.clock import FixedClock
from surgebench.settings import SchedulerSettings, Settings
from tests.integration.specialists.bench_builders import add_specialist

MORNING = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


def _upkeep(engine, clock, instance: str, **settings) -> Upkeep:  # type: ignore[no-untyped-def]
    scheduler = SchedulerSettings(enabled=False, **settings)
    return Upkeep(engine, scheduled_jobs(Settings(scheduler=scheduler)), clock, scheduler, instance=instance)


def _runs(engine) -> list[tuple[str, datetime, str, str]]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return [
            (r.job, r.slot, r.status, r.instance)
            for r in db.scalars(select(ScheduleRun).order_by(ScheduleRun.id))
        ]


def _lapse_entries(engine) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return (
            db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "lapse")) or 0
        )


def test_the_due_slot_is_the_latest_scheduled_moment_not_after_now() -> None:
    daily = Every(at=time(0, 30))
    assert daily.latest_slot(datetime(2026, 12, 2, 0, 10, tzinfo=UTC)) == datetime(
        2026, 12, 1, 0, 30, tzinfo=UTC
    )
    assert daily.latest_slot(datetime(2026, 12, 2, 0, 30, tzinfo=UTC)) == datetime(
        2026, 12, 2, 0, 30, tzinfo=UTC
    )
    assert daily.next_slot(datetime(2026, 12, 2, 0, 45, tzinfo=UTC)) == datetime(
        2026, 12, 3, 0, 30, tzinfo=UTC
    )
    fast = Every(interval=timedelta(seconds=2))
    assert fast.latest_slot(datetime(2026, 12, 2, 0, 0, 5, tzinfo=UTC)).second == 4


def test_each_slot_runs_once_however_often_and_however_many_instances_look(engine) -> None:
    clock = FixedClock(MORNING)
    instances = [_upkeep(engine, clock, f"instance-{i}") for i in range(4)]
    start = threading.Barrier(len(instances))

    def look(upkeep: Upkeep) -> None:
        start.wait()
        for _ in range(3):
            upkeep.tick()

    threads = [threading.Thread(target=look, args=(u,)) for u in instances]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    runs = _runs(engine)
    assert sorted((job, slot) for job, slot, _s, _i in runs) == [
        ("cycle_calendar", datetime(2026, 12, 2, 0, 30, tzinfo=UTC)),
        ("offer_expiry", datetime(2026, 12, 2, 6, 0, tzinfo=UTC)),
        ("quality_estimates", datetime(2026, 12, 2, 1, 30, tzinfo=UTC)),
        ("ramp_backfill", datetime(2026, 12, 2, 6, 0, tzinfo=UTC)),
        ("vetting_lapses", datetime(2026, 12, 2, 1, 0, tzinfo=UTC)),
    ]
    assert {status for _j, _s, status, _i in runs} == {"succeeded"}


def test_a_slot_missed_while_everything_was_down_runs_once_not_once_per_missed_slot(engine) -> None:
    clock = FixedClock(MORNING)
    _upkeep(engine, clock, "a").tick()
    clock.advance(timedelta(days=4))  # down for four days
    _upkeep(engine, clock, "b").tick()
    slots = [slot for job, slot, _s, _i in _runs(engine) if job == "vetting_lapses"]
    assert slots == [datetime(2026, 12, 2, 1, 0, tzinfo=UTC), datetime(2026, 12, 6, 1, 0, tzinfo=UTC)]


def test_a_run_whose_instance_went_silent_is_retaken_and_done_once(engine) -> None:
    add_specialist(engine, email="old@example.test", full_name="Old Vetting", vetting_expires="2026-11-01")
    clock = FixedClock(MORNING)
    slot = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    with unit_of_work(engine) as db:  # an instance claimed the slot, then died before committing anything
        repository.insert_run(
            db, "vetting_lapses", slot, "dead-instance", MORNING - timedelta(minutes=5), False
        )
    alive = _upkeep(engine, clock, "alive", stale_after=timedelta(seconds=60))
    alive.tick()
    runs = {job: (status, instance) for job, _slot, status, instance in _runs(engine)}
    assert runs["vetting_lapses"] == ("succeeded", "alive")
    assert _lapse_entries(engine) == 1
    alive.tick()
    assert (
        _lapse_entries(engine) == 1 and len(_runs(engine)) == 5
    )  # the calendar, the offer expiry, the backfill, the quality estimates


def test_a_run_still_beating_is_not_retaken(engine) -> None:
    clock = FixedClock(MORNING)
    slot = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
    with unit_of_work(engine) as db:
        repository.insert_run(
            db, "vetting_lapses", slot, "busy-instance", MORNING - timedelta(seconds=5), False
        )
    _upkeep(engine, clock, "other", stale_after=timedelta(seconds=60)).tick()
    runs = {job: (status, instance) for job, _slot, status, instance in _runs(engine)}
    assert runs["vetting_lapses"] == ("running", "busy-instance")


@pytest.mark.parametrize("name", ["vetting_lapses", "cycle_calendar"])
def test_each_job_run_twice_for_the_same_moment_changes_nothing_the_second_time(engine, name: str) -> None:
    from tests.integration.portal.portal_builders import two_tenants

    two_tenants(engine)
    add_specialist(
        engine, email="lapsing@example.test", full_name="Lapsing Person", vetting_expires="2026-11-20"
    )
    job = next(j for j in scheduled_jobs(Settings()) if j.name == name)
    when = datetime(2027, 1, 25, 2, tzinfo=UTC)  # after the running cycles end
    with unit_of_work(engine) as db:
        first = job.handler(db, when)
    with unit_of_work(engine) as db:
        audit_before = db.scalar(select(func.count()).select_from(AuditEntry))
        second = job.handler(db, when)
        audit_after = db.scalar(select(func.count()).select_from(AuditEntry))
    assert any(v for v in first.values() if isinstance(v, int)), first  # the first run did something
    assert all(not v for v in second.values()), second
    assert audit_after == audit_before


def test_run_now_and_the_admin_page_show_last_and_next_runs(
    engine, settings, sign_in_as, api_as, clock
) -> None:
    add_specialist(engine, email="old@example.test", full_name="Old Vetting", vetting_expires="2026-11-01")
    admin = api_as("admin")
    ran = admin.post("/api/schedule/vetting_lapses/run")
    assert (
        ran.status_code == 200
        and ran.json()["status"] == "succeeded"
        and ran.json()["outcome"]["lapsed"] == 1
    )
    listed = {j["name"]: j for j in admin.get("/api/schedule").json()}
    assert listed["vetting_lapses"]["last_run"]["manual"] is True
    assert listed["vetting_lapses"]["next_run"].startswith("2026-12-03T01:00")
    assert admin.post("/api/schedule/nothing/run").status_code == 404
    page = sign_in_as("admin").http.get("/admin/schedule")
    assert page.status_code == 200 and 'data-job="cycle_calendar"' in page.text
    assert api_as("recruiter").get("/api/schedule").status_code == 403


def test_a_second_manual_run_at_the_same_moment_is_refused_as_a_conflict_and_not_audited(
    engine, api_as
) -> None:
    admin = api_as("admin")
    assert admin.post("/api/schedule/cycle_calendar/run").status_code == 200
    audited = _audited_runs(engine)
    again = admin.post("/api/schedule/cycle_calendar/run")  # the test clock has not moved
    assert again.status_code == 409 and again.json()["error"] == "scheduled_job_already_running"
    assert "already running" in again.json()["message"]
    assert _audited_runs(engine) == audited


def _audited_runs(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "run"))


def test_the_command_line_runs_a_job(engine, database_url, monkeypatch) -> None:
    from surgebench.cli import main
    from surgebench.settings import get_settings

    monkeypatch.setenv("SURGEBENCH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["jobs", "run", "cycle_calendar"])
        listing = CliRunner().invoke(main, ["jobs", "list"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "cycle_calendar: succeeded" in result.output and "daily at 00:30 UTC" in listing.output


def test_vetting_that_ran_out_is_lapsed_everywhere_and_recorded_once(
    engine, api_as, sign_in_as, clock
) -> None:
    lapsed = add_specialist(
        engine, email="lapsed@example.test", full_name="Lapsed Person", vetting_expires="2026-11-30"
    )
    valid = add_specialist(
        engine, email="valid@example.test", full_name="Valid Person", vetting_expires="2027-06-30"
    )
    api = api_as("recruiter")
    vetted = {p["full_name"] for p in api.get("/api/specialists?status=vetted").json()["items"]}
    assert vetted == {"Valid Person"}
    only_lapsed = api.get("/api/specialists?status=lapsed").json()["items"]
    assert [p["full_name"] for p in only_lapsed] == ["Lapsed Person"] and only_lapsed[0][
        "vetting_lapsed"
    ] is True
    bench = sign_in_as("recruiter").http.get("/bench")
    assert 'class="badge lapsed"' in bench.text
    profile = sign_in_as("recruiter").http.get(f"/bench/{lapsed}")
    assert "data-lapsed" in profile.text
    job = next(j for j in scheduled_jobs(Settings()) if j.name == "vetting_lapses")
    with unit_of_work(engine) as db:
        assert job.handler(db, clock.now())["lapsed"] == 1
        assert db.get(Specialist, lapsed).vetting_lapsed_on == date(2026, 12, 1)
        assert db.get(Specialist, valid).vetting_lapsed_on is None
    api.patch(f"/api/specialists/{lapsed}", json={"vetting_expires": "2027-12-31"})  # re-vetted
    with unit_of_work(engine) as db:
        assert job.handler(db, clock.now())["cleared"] == 1
    assert _lapse_entries(engine) == 1


def test_hours_taken_by_an_engagement_are_free_again_once_its_cycle_closes(engine, settings, api_as) -> None:
    from litestar.testing import TestClient

    from surgebench.app import create_app
    from surgebench.domain.surges.ask_schemas import RampDayAsk, RoleAsk, SurgeAsk
    from surgebench.domain.surges.problem_service import build_problem
    from tests.integration.portal.portal_builders import two_tenants

    two_tenants(engine)  # Ana works Orion cycle 3, running to 2027-01-22, 20 hours a week
    with unit_of_work(engine) as db:
        ana = db.scalar(select(Specialist.id).where(Specialist.email_key == "ana@example.test"))

    def free_hours(on: datetime) -> int:
        with TestClient(app=create_app(settings, FixedClock(on))) as http:
            http.headers["Authorization"] = api_as("recruiter").headers["Authorization"]
            return http.get(f"/api/specialists/{ana}").json()["free_hours"]

    def committed(first: date) -> int:
        ask = SurgeAsk(
            "R1",
            "aurora-labs",
            "nova",
            1,
            1,
            first + timedelta(days=60),
            (RampDayAsk(first, 1),),
            (),
            0,
            (RoleAsk("x", "coding.python", 1, 0, 1, 10),),
        )
        with unit_of_work(engine) as db:
            problem = build_problem(db, [ask])
        return next(s for s in problem["specialists"] if s["id"] == str(ana))["committed_hours"]

    assert free_hours(MORNING) == 0 and committed(date(2026, 12, 7)) == 20  # the bench and the problem agree
    after = datetime(2027, 1, 25, 2, tzinfo=UTC)
    job = next(j for j in scheduled_jobs(Settings()) if j.name == "cycle_calendar")
    with unit_of_work(engine) as db:
        assert job.handler(db, after)["closed"] == 2
    assert free_hours(after) == 20 and committed(date(2027, 2, 1)) == 0
