"""Continuity through the real order of events: the next cycle planned while the current one runs, a
rival client surging the same weeks (whichever side wrote the term), a drop-out and a re-plan, a removal
before and after the start, and free hours that count surgebench's own bookings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from surgebench.db.orm import Cycle, Engagement, PlanAssignment, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.clients import repository as clients
from surgebench.domain.plans import planning_service as planning
from surgebench.domain.plans.planning_service import asks_for
from surgebench.domain.programs import service as programs
from surgebench.domain.specialists import service as specialists
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_service import build_problem
from tests.conftest import TODAY
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import (
    PM,
    create_request,
    orion_with_history,
    plan_now,
    run_jobs,
)

CYCLE_4 = {"model_version": "orion-4", "starts_on": "2027-03-08", "ends_on": "2027-05-21"}
RAMP_4 = [{"date": f"2027-03-{d:02d}", "onboarding_capacity": 2} for d in (8, 9, 10, 11, 12)]


def _approve(api, plan_id: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    answer = api.post(f"/api/plans/{plan_id}/approve")
    assert answer.status_code == 200, answer.text
    return answer.json()


def _roster(engine, request_id: int) -> dict[int, Engagement]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        cycle_id = db.get(SurgeRequest, request_id).cycle_id
        return {
            e.specialist_id: e for e in db.scalars(select(Engagement).where(Engagement.cycle_id == cycle_id))
        }


def _assignments(engine, plan_id: int) -> dict[int, PlanAssignment]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        rows = db.scalars(select(PlanAssignment).where(PlanAssignment.plan_id == plan_id))
        return {a.specialist_id: a for a in rows}


def _roster_is_the_plan(engine, request_id: int, plan_id: int) -> None:  # type: ignore[no-untyped-def]
    """What is approved is what is written: every person the plan holds is on the roster from the plan's
    start date, and nobody else is on the team."""
    planned = _assignments(engine, plan_id)
    team = {sid: e for sid, e in _roster(engine, request_id).items() if e.withdrawn_on is None}
    running = {sid for sid, e in team.items() if e.ends_on is None}
    assert running == set(planned)
    for sid, a in planned.items():
        assert team[sid].starts_on == a.starts_on, (sid, team[sid].starts_on, a.starts_on)


# --- 1. the next cycle is planned while the current one still runs -----------------------------------


def test_the_next_cycle_planned_while_the_current_runs_keeps_its_returning_people(engine, api_as) -> None:
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    third = create_request(engine, orion.program_id)
    _approve(pm, plan_now(engine, third))
    team = {sid for sid, e in _roster(engine, third).items()}
    assert len(team) == 3
    fourth = create_request(engine, orion.program_id, cycle=CYCLE_4, ramp=RAMP_4)
    plan = pm.get(f"/api/plans/{plan_now(engine, fourth)}").json()
    # everyone on cycle 3 (20 h a week, 20 h offered) is free again once cycle 3 ends on 2027-02-26
    assert plan["objective"]["continuity"] == 3
    assert set(_assignments(engine, plan["id"])) == team


def test_the_hours_of_a_running_cycle_hold_until_its_end_date(engine) -> None:
    orion = orion_with_history(engine)
    third = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, third)
    from surgebench.domain.plans import approval_service as approval
    from surgebench.lib.clock import FixedClock

    approval.approve(engine, PM, plan_id, FixedClock(TODAY).now())
    overlapping = {**CYCLE_4, "starts_on": "2027-02-15", "ends_on": "2027-05-21"}
    with unit_of_work(engine, writes=False) as db:
        (ask,) = asks_for(surges.views(db, [third]), None)
        from dataclasses import replace

        from surgebench.domain.surges.ask_schemas import RampDayAsk

        later = replace(
            ask,
            id="R9",
            own_cycle_id=None,
            cycle=4,
            ends_on=date.fromisoformat(overlapping["ends_on"]),
            ramp=(RampDayAsk(date(2027, 2, 15), 5),),
        )
        built = build_problem(db, [later], today=TODAY.date())
    committed = {int(s["id"]): s["committed_hours"] for s in built["specialists"]}
    for sid in _roster(engine, third):
        assert committed[sid] == 20  # cycle 3 runs until 2027-02-26: its hours are still taken


# --- 2. a rival's term holds whichever side wrote it ---------------------------------------------------


def _meridian_program(engine) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return programs.create_program(db, PM, "meridian-ai", "nova").id


def _terms(engine, aurora_lists_meridian: bool, people: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """One side writes the term (cooldown 30 days on both); everyone offers 40 hours, so only the term
    can keep Aurora's people off Meridian's roster."""
    for sid in people.values():
        with unit_of_work(engine) as db:
            specialists.update(db, PM, sid, {"weekly_hours": 40})
    with unit_of_work(engine) as db:
        ids = clients.ids_by_slug(db)
        aurora, meridian = ids["aurora-labs"], ids["meridian-ai"]
        clients.replace_competitors(db, aurora, [meridian] if aurora_lists_meridian else [])
        clients.replace_competitors(db, meridian, [] if aurora_lists_meridian else [aurora])
        for cid in (aurora, meridian):
            found = clients.get(db, cid)
            assert found is not None
            found.cooldown_days = 30


@pytest.mark.parametrize("aurora_lists_meridian", [True, False], ids=["aurora-lists", "meridian-lists"])
def test_a_rival_surging_the_same_weeks_never_gets_the_other_clients_people(
    engine, api_as, sign_in_as, aurora_lists_meridian: bool
) -> None:
    orion = orion_with_history(engine)
    _terms(engine, aurora_lists_meridian, orion.people)
    pm = api_as("program_manager")
    aurora = create_request(engine, orion.program_id, competitors=[])
    _approve(pm, plan_now(engine, aurora))
    on_aurora = set(_roster(engine, aurora))
    nova = create_request(
        engine,
        _meridian_program(engine),
        competitors=[],
        cycle={"model_version": "nova-1", "starts_on": "2026-12-07", "ends_on": "2027-02-26"},
    )
    plan_id = plan_now(engine, nova)
    taken = set(_assignments(engine, plan_id))
    assert taken and not taken & on_aurora
    terms = pm.get(f"/api/surges/{nova}").json()["rival_terms"]
    assert [t["client"] for t in terms] == ["aurora-labs"]
    assert terms[0]["cooldown_days"] == 30 and terms[0]["sources"]
    source = "Aurora Labs' terms" if aurora_lists_meridian else "Meridian AI's terms"
    assert terms[0]["sources"] == [source]
    page = sign_in_as("program_manager").http.get(f"/surges/{nova}").text
    assert 'data-rival="aurora-labs"' in page and source.replace("'", "&#39;") in page
    _approve(pm, plan_id)
    ana = pm.get(f"/api/plans/{plan_id}/explain/{orion.people['ana']}").json()
    (why,) = ana["roles"]
    assert why["reason"] == "competitor" and "Aurora Labs" in why["detail"], why
    assert "30-day cooldown" in why["detail"], why


def test_two_rival_plans_made_at_once_cannot_both_be_approved(engine, api_as) -> None:
    orion = orion_with_history(engine)
    _terms(engine, False, orion.people)  # only Meridian wrote the term
    pm = api_as("program_manager")
    aurora = create_request(engine, orion.program_id, competitors=[])
    nova = create_request(
        engine,
        _meridian_program(engine),
        competitors=[],
        cycle={"model_version": "nova-1", "starts_on": "2026-12-07", "ends_on": "2027-02-26"},
    )
    aurora_plan, nova_plan = plan_now(engine, aurora), plan_now(engine, nova)
    shared = set(_assignments(engine, aurora_plan)) & set(_assignments(engine, nova_plan))
    assert shared, "both plans were made before either was approved"
    _approve(pm, aurora_plan)
    refused = pm.post(f"/api/plans/{nova_plan}/approve")
    assert refused.status_code == 409, refused.text
    named = {p["specialist_id"] for p in refused.json()["details"]["people"]}
    assert named == shared


# --- 3 and 4. a drop-out and a re-plan ----------------------------------------------------------------


def test_a_replan_keeps_the_ramp_the_team_and_their_start_dates(engine, api_as) -> None:
    orion = orion_with_history(engine)
    for name in ("fay", "gus", "ida"):
        add_specialist(engine, email=f"{name}@example.test", full_name=name.title(), skills="coding.python:4")
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id, headcount=6)
    first = plan_now(engine, request_id)
    _approve(pm, first)
    _roster_is_the_plan(engine, request_id, first)
    before = _roster(engine, request_id)
    leaver = next(sid for sid, e in before.items() if sid not in (orion.people["ana"], orion.people["ben"]))
    with unit_of_work(engine) as db:
        specialists.update(db, PM, leaver, {"status": "suspended"})
    replan = pm.post(f"/api/surges/{request_id}/replan", json={})
    assert replan.status_code == 202, replan.text
    run_jobs(engine)
    plan = pm.get(f"/api/plans/{replan.json()['id']}").json()
    assert plan["status"] == "ready" and plan["solve_status"] in ("optimal", "feasible"), plan
    planned = _assignments(engine, plan["id"])
    for sid, e in before.items():
        if sid != leaver:
            assert planned[sid].starts_on == e.starts_on, "a kept person keeps their start date"
    ramp = {d.isoformat() for d in (date(2026, 12, 7) + timedelta(days=i) for i in range(5))}
    assert {a.starts_on.isoformat() for a in planned.values()} <= ramp, "the request's ramp, not a new one"
    assert leaver not in planned and len(planned) == 6
    _approve(pm, plan["id"])
    _roster_is_the_plan(engine, request_id, plan["id"])


def test_a_plan_whose_pins_cannot_be_kept_is_never_shown_ready_and_names_the_people(engine, api_as) -> None:
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    # Hal works for Meridian (Aurora's rival) right now: pinning him breaks the competitor rule
    pinned = pm.post(
        f"/api/surges/{request_id}/pins", json={"specialist_id": orion.people["hal"], "role": "python"}
    )
    assert pinned.status_code in (200, 201), pinned.text
    plan_id = plan_now(engine, request_id)
    plan = pm.get(f"/api/plans/{plan_id}").json()
    assert plan["status"] == "failed" and plan["solve_status"] == "infeasible", plan
    assert "Hal" in (plan["error"] or ""), plan
    assert pm.post(f"/api/plans/{plan_id}/approve").status_code == 409


# --- 5. removal before and after the start --------------------------------------------------------------


def test_someone_removed_before_their_start_was_never_on_the_team(engine, api_as, sign_in_as) -> None:
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    _approve(pm, plan_now(engine, request_id))
    cai = orion.people["cai"]
    assert cai in _roster(engine, request_id)
    removed = pm.post(f"/api/surges/{request_id}/roster/{cai}/remove", json={"reason": "took another job"})
    assert removed.status_code == 200, removed.text
    engagement = _roster(engine, request_id)[cai]
    assert engagement.withdrawn_on == TODAY.date() and engagement.ends_on is None
    with unit_of_work(engine, writes=False) as db:
        cycle = db.get(Cycle, db.get(SurgeRequest, request_id).cycle_id)
    team = pm.get(f"/api/cycles/{cycle.id}/team").json()
    assert {m["specialist_id"] for m in team["items"]} == set(_roster(engine, request_id)) - {cai}
    assert team["total"] == 2
    history = pm.get(f"/api/specialists/{cai}/engagements").json()
    assert [e["state"] for e in history] == ["withdrawn"]
    # the next cycle does not count Cai as returning
    fourth = create_request(engine, orion.program_id, cycle=CYCLE_4, ramp=RAMP_4)
    with unit_of_work(engine, writes=False) as db:
        built = build_problem(db, asks_for(surges.views(db, [fourth]), None), today=TODAY.date())
    person = next(s for s in built["specialists"] if s["id"] == str(cai))
    assert person["history"] == [] and person["committed_hours"] == 0


def test_someone_who_started_and_left_ends_on_the_day_they_left(engine, api_as, clock) -> None:
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    _approve(pm, plan_now(engine, request_id))
    clock.advance(timedelta(days=10))  # 2026-12-12: everyone has started
    ana = orion.people["ana"]
    assert (
        pm.post(f"/api/surges/{request_id}/roster/{ana}/remove", json={"reason": "left"}).status_code == 200
    )
    engagement = _roster(engine, request_id)[ana]
    assert engagement.withdrawn_on is None and engagement.ends_on == date(2026, 12, 12)
    history = pm.get(f"/api/specialists/{ana}/engagements").json()
    assert history[0]["state"] == "left" and history[0]["ends_on"] == "2026-12-12"


# --- 6. free hours count surgebench's own bookings ------------------------------------------------------


def test_free_hours_count_every_roster_a_person_is_booked_on(engine, api_as, sign_in_as) -> None:
    orion = orion_with_history(engine)
    with unit_of_work(engine) as db:
        clients.replace_competitors(db, clients.ids_by_slug(db)["aurora-labs"], [])
    for name in ("ana", "ben", "cai", "dev", "eve"):
        with unit_of_work(engine) as db:
            specialists.update(db, PM, orion.people[name], {"weekly_hours": 40})
    pm = api_as("program_manager")
    aurora = create_request(engine, orion.program_id, headcount=5)
    _approve(pm, plan_now(engine, aurora))
    nova = create_request(
        engine,
        _meridian_program(engine),
        headcount=5,
        competitors=[],
        cycle={"model_version": "nova-1", "starts_on": "2026-12-07", "ends_on": "2027-02-26"},
    )
    _approve(pm, plan_now(engine, nova))
    both = set(_roster(engine, aurora)) & set(_roster(engine, nova))
    assert both, "somebody is on both rosters at 20 h each"
    sid = min(both)
    one = pm.get(f"/api/specialists/{sid}").json()
    assert (one["engaged_hours"], one["free_hours"]) == (40, 0)
    listed = pm.get("/api/specialists", params={"q": one["email"]}).json()["items"]
    assert [(p["id"], p["free_hours"]) for p in listed] == [(sid, 0)]
    later = pm.get(f"/api/specialists/{sid}", params={"free_from": "2027-03-01"}).json()
    assert later["free_hours"] == 40  # both cycles end on 2027-02-26
    page = sign_in_as("recruiter").http.get(f"/bench/{sid}")
    assert 'data-free-hours="0"' in page.text
    with unit_of_work(engine, writes=False) as db:
        ask = planning.asks_for(surges.views(db, [aurora]), None)[0]
        from dataclasses import replace

        built = build_problem(db, [replace(ask, own_cycle_id=None, id="R99")], today=TODAY.date())
    assert next(s for s in built["specialists"] if s["id"] == str(sid))["committed_hours"] == 40


def test_two_bookings_one_after_the_other_do_not_add_up() -> None:
    from surgebench.domain.engagements.repository import Booking
    from surgebench.domain.engagements.service import peak_hours

    first, last = date(2027, 1, 1), date(2027, 12, 31)
    bookings = [
        Booking(1, date(2027, 1, 1), date(2027, 2, 26), 20),
        Booking(1, date(2027, 2, 27), date(2027, 5, 1), 30),
        Booking(2, date(2027, 1, 1), date(2027, 2, 26), 20),
        Booking(2, date(2027, 2, 26), date(2027, 5, 1), 15),  # shares 2027-02-26
    ]
    assert peak_hours(bookings, first, last) == {1: 30, 2: 35}


def test_a_plan_whose_start_days_have_passed_is_not_approved(engine, api_as, clock) -> None:
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    clock.advance(timedelta(days=6))  # 2026-12-08: the ramp's first day (12-07) has passed
    refused = pm.post(f"/api/plans/{plan_id}/approve")
    assert refused.status_code == 409 and refused.json()["error"] == "plan_outdated", refused.text
    assert "2026-12-07" in refused.json()["message"] and "plan again" in refused.json()["message"]
    assert _roster(engine, request_id) == {}
