"""Keeping an approved team whole: when someone drops out, a re-plan fills their seat without moving
anyone still eligible, and goes through the same approval."""

from __future__ import annotations

from sqlalchemy import select

from surgebench.db.orm import AuditEntry, Engagement, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.specialists import service as specialists
from tests.conftest import TODAY
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, plan_now, run_jobs


def _roster(engine, request_id: int) -> dict[int, Engagement]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        cycle_id = db.get(SurgeRequest, request_id).cycle_id
        return {
            e.specialist_id: e for e in db.scalars(select(Engagement).where(Engagement.cycle_id == cycle_id))
        }


def test_a_dropout_is_replaced_and_everyone_else_keeps_their_seat(engine, api_as) -> None:
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    pm = api_as("program_manager")
    assert pm.post(f"/api/plans/{plan_now(engine, request_id)}/approve").status_code == 200
    before = _roster(engine, request_id)
    with unit_of_work(engine) as db:
        specialists.offboard(db, PM, orion.people["cai"])
    members = {m["full_name"]: m["problem"] for m in pm.get(f"/api/surges/{request_id}/roster").json()}
    assert members == {"Ana": None, "Ben": None, "Cai": "offboarded"}
    replan = pm.post(f"/api/surges/{request_id}/replan", json={})
    assert replan.status_code == 202 and replan.json()["kind"] == "replan"
    run_jobs(engine)
    plan = pm.get(f"/api/plans/{replan.json()['id']}").json()
    assert plan["status"] == "ready", plan
    approved = pm.post(f"/api/plans/{plan['id']}/approve")
    assert approved.status_code == 200, approved.text
    assert (approved.json()["added"], approved.json()["kept"], approved.json()["ended"]) == (1, 2, 1)
    after = _roster(engine, request_id)
    for name in ("ana", "ben"):  # not moved: same engagement, same start
        sid = orion.people[name]
        assert after[sid].id == before[sid].id and after[sid].starts_on == before[sid].starts_on
        assert after[sid].ends_on is None
    cai = after[orion.people["cai"]]
    assert cai.starts_on > TODAY.date()  # had not started: withdrawn, never on the team
    assert (cai.withdrawn_on, cai.ends_on) == (TODAY.date(), None)
    assert after[orion.people["dev"]].ends_on is None  # the best one left takes the seat


def test_removing_someone_needs_a_reason_and_keeps_them_out_of_the_replan(engine, api_as) -> None:
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    pm = api_as("program_manager")
    pm.post(f"/api/plans/{plan_now(engine, request_id)}/approve")
    no_reason = pm.post(f"/api/surges/{request_id}/roster/{orion.people['ben']}/remove", json={"reason": ""})
    assert no_reason.status_code == 400
    removed = pm.post(
        f"/api/surges/{request_id}/roster/{orion.people['ben']}/remove",
        json={"reason": "asked to leave the project"},
    )
    assert removed.status_code == 200
    with unit_of_work(engine) as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "remove")).one()
    assert entry.changes["reason"] == "asked to leave the project"
    replan = pm.post(f"/api/surges/{request_id}/replan", json={}).json()
    assert "id" in replan, replan
    run_jobs(engine)
    people = {p["full_name"] for p in pm.get(f"/api/plans/{replan['id']}/people").json()["items"]}
    assert "Ben" not in people and {"Ana", "Cai"} <= people


def test_nothing_to_replan_when_every_seat_is_held(engine, api_as) -> None:
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    pm = api_as("program_manager")
    pm.post(f"/api/plans/{plan_now(engine, request_id)}/approve")
    answer = pm.post(f"/api/surges/{request_id}/replan", json={})
    assert answer.status_code == 409 and answer.json()["error"] == "nothing_to_replan"


def test_hiring_lists_short_seats_and_people_who_nearly_qualify(engine, api_as) -> None:
    orion = orion_with_history(engine)
    with unit_of_work(engine) as db:
        specialists.update(db, PM, orion.people["eve"], {"quality": "0.680"})  # just under 0.700
    create_request(engine, orion.program_id, headcount=9)
    plan_now(engine, request_id=1)
    found = api_as("recruiter").get("/api/hiring").json()
    assert found["plans"] == 1
    assert found["shortages"][0]["skill"] == "coding.python" and found["shortages"][0]["missing"] > 0
    eve = next(m for m in found["near_misses"] if m["full_name"] == "Eve")
    assert "just under 0.700" in eve["reasons"][0] and eve["email"] == "eve@example.test"
