"""What the lifecycle state machine (``tests/integration/lifecycle``) found, each pinned down on its own:
a rival's roster booked for later still bars its people; a term with no cooldown on either side still
keeps a person off both rosters on the same day; a re-plan never starts anyone before the cycle does;
nobody is taken off a roster later than its cycle's last day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from surgebench.db.orm import Cycle, Engagement, PlanAssignment, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import service as programs
from surgebench.domain.specialists import service as specialists
from tests.integration.surges.surge_builders import (
    PM,
    Orion,
    create_request,
    orion_with_history,
    plan_now,
    run_jobs,
)

AURORA_CYCLE_ENDS = "2027-02-26"  # a Friday: cycle 3 of orion runs 2026-12-07 to 2027-02-26


def _approve(api: Any, plan_id: int) -> None:
    answer = api.post(f"/api/plans/{plan_id}/approve")
    assert answer.status_code == 200, answer.text


def _people_of(engine: Any, plan_id: int) -> dict[int, date]:
    with unit_of_work(engine, writes=False) as db:
        return {
            a.specialist_id: a.starts_on
            for a in db.scalars(select(PlanAssignment).where(PlanAssignment.plan_id == plan_id))
        }


def _roster(engine: Any, request_id: int) -> dict[int, Engagement]:
    with unit_of_work(engine, writes=False) as db:
        cycle_id = db.get(SurgeRequest, request_id).cycle_id
        return {
            e.specialist_id: e for e in db.scalars(select(Engagement).where(Engagement.cycle_id == cycle_id))
        }


def _rivals_without_cooldown(engine: Any, orion: Orion) -> int:
    """Aurora lists Meridian, neither has a cooldown; everyone offers 40 hours (so only the term can keep
    Aurora's people off Meridian's roster). Returns Meridian's nova program."""
    for sid in orion.people.values():
        with unit_of_work(engine) as db:
            specialists.update(db, PM, sid, {"weekly_hours": 40})
    with unit_of_work(engine) as db:
        ids = clients.ids_by_slug(db)
        clients.replace_competitors(db, ids["aurora-labs"], [ids["meridian-ai"]])
        for slug in ("aurora-labs", "meridian-ai"):
            found = clients.by_slug(db, slug)
            assert found is not None
            found.cooldown_days = 0
        return programs.create_program(db, PM, "meridian-ai", "nova").id


def _nova_request(engine: Any, program_id: int, first_day: str, last_day: str = "2027-05-21") -> int:
    return create_request(
        engine,
        program_id,
        competitors=[],
        cooldown_days=0,
        cycle={"model_version": "nova-1", "starts_on": first_day, "ends_on": last_day},
        ramp=[{"date": first_day, "onboarding_capacity": 5}],
    )


@pytest.mark.parametrize(
    ("rival_starts", "may_take_auroras_people"),
    [(AURORA_CYCLE_ENDS, False), ("2027-02-27", True)],
    ids=["on-auroras-last-day", "the-day-after"],
)
def test_with_a_term_and_no_cooldown_nobody_is_on_both_rosters_on_one_day(
    engine, api_as, rival_starts: str, may_take_auroras_people: bool
) -> None:
    orion = orion_with_history(engine)
    nova_program = _rivals_without_cooldown(engine, orion)
    pm = api_as("program_manager")
    aurora = create_request(engine, orion.program_id, competitors=[], cooldown_days=0)
    _approve(pm, plan_now(engine, aurora))
    on_aurora = set(_roster(engine, aurora))
    nova = _nova_request(engine, nova_program, rival_starts)
    terms = pm.get(f"/api/surges/{nova}").json()["rival_terms"]
    assert [(t["client"], t["cooldown_days"]) for t in terms] == [("aurora-labs", 1)]
    taken = set(_people_of(engine, plan_now(engine, nova)))
    assert taken
    # on Aurora's last day its people still work for Aurora; the day after they are free for Meridian
    assert bool(taken & on_aurora) == may_take_auroras_people, (rival_starts, taken, on_aurora)


def test_a_rivals_roster_booked_for_later_bars_its_people_now(engine, api_as) -> None:
    orion = orion_with_history(engine)
    nova_program = _rivals_without_cooldown(engine, orion)
    pm = api_as("program_manager")
    later = _nova_request(engine, nova_program, "2027-03-01")  # Meridian books them from March
    _approve(pm, plan_now(engine, later))
    on_nova = set(_roster(engine, later))
    assert on_nova
    aurora = create_request(engine, orion.program_id, competitors=[], cooldown_days=0)
    plan_id = plan_now(engine, aurora)  # December to February: ends before Meridian's cycle begins
    problem = pm.get(f"/api/plans/{plan_id}/problem.json").json()
    for person in problem["specialists"]:
        if int(person["id"]) in on_nova:
            assert any(
                h["client"] == "meridian-ai" and h["ended_on"] == "2027-05-21" for h in person["history"]
            )
    assert not set(_people_of(engine, plan_id)) & on_nova


def test_a_replan_from_a_day_before_the_cycle_starts_starts_nobody_before_it(engine, api_as) -> None:
    orion = orion_with_history(engine)  # today is 2026-12-02; the cycle starts 2026-12-07
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    _approve(pm, plan_now(engine, request_id))
    leaver = orion.people["cai"]
    assert leaver in _roster(engine, request_id)
    with unit_of_work(engine) as db:
        specialists.update(db, PM, leaver, {"status": "suspended"})
        starts_on = db.scalar(select(Cycle.starts_on).join(SurgeRequest).where(SurgeRequest.id == request_id))
    replan = pm.post(f"/api/surges/{request_id}/replan", json={"ramp_start": "2026-12-02"})
    assert replan.status_code == 202, replan.text
    run_jobs(engine)
    plan = pm.get(f"/api/plans/{replan.json()['id']}").json()
    assert plan["status"] == "ready", plan
    planned = _people_of(engine, plan["id"])
    assert leaver not in planned and len(planned) == 3
    assert min(planned.values()) >= starts_on, (
        f"a newcomer starts {min(planned.values())}, before {starts_on}"
    )
    _approve(pm, plan["id"])
    assert all(e.starts_on >= starts_on for e in _roster(engine, request_id).values())


def test_someone_removed_after_the_cycle_ended_ends_with_the_cycle(engine, api_as, clock) -> None:
    """The calendar closes a cycle the night after it ends; a removal (or an approved re-plan) made before
    it ran must not stretch an engagement past its cycle's last day."""
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    _approve(pm, plan_now(engine, request_id))
    clock.advance(date(2027, 3, 3) - date(2026, 12, 2))  # the cycle ended on 2027-02-26; not closed yet
    ana = orion.people["ana"]
    removed = pm.post(f"/api/surges/{request_id}/roster/{ana}/remove", json={"reason": "left"})
    assert removed.status_code == 200, removed.text
    engagement = _roster(engine, request_id)[ana]
    assert (engagement.withdrawn_on, engagement.ends_on) == (None, date(2027, 2, 26))


def test_a_replan_whose_cycle_closed_before_approval_is_refused_as_outdated(engine, api_as) -> None:
    """A re-plan made while the cycle ran, approved after the calendar closed the cycle: the roster is
    history by then, so the approval is refused as outdated and writes nothing (before, it wrote into the
    closed cycle's roster, or was refused as a cycle status going backward once the cycle had started)."""
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    _approve(pm, plan_now(engine, request_id))
    with unit_of_work(engine) as db:
        specialists.update(db, PM, orion.people["cai"], {"status": "suspended"})  # a seat to fill
    replan = pm.post(f"/api/surges/{request_id}/replan", json={})
    assert replan.status_code == 202, replan.text
    run_jobs(engine)
    with unit_of_work(engine) as db:
        cycle_id = db.scalar(select(SurgeRequest.cycle_id).where(SurgeRequest.id == request_id))
        programs.advance_cycle(db, PM, cycle_id, "closed", date(2027, 3, 1))
    roster_before = {sid: (e.starts_on, e.ends_on) for sid, e in _roster(engine, request_id).items()}
    refused = pm.post(f"/api/plans/{replan.json()['id']}/approve")
    assert refused.status_code == 409 and refused.json()["error"] == "plan_outdated", refused.text
    assert "closed" in refused.json()["message"]
    assert {sid: (e.starts_on, e.ends_on) for sid, e in _roster(engine, request_id).items()} == roster_before
    assert pm.get(f"/api/plans/{replan.json()['id']}").json()["status"] == "ready"
    again = pm.post(f"/api/surges/{request_id}/replan", json={})
    assert again.status_code == 409 and "closed" in again.json()["message"], again.text
