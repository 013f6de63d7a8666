"""Planning, reading, adjusting and approving: a plan keeps last cycle's people, is kept as a version,
changes with pins and exclusions, and is approved into the cycle's roster only while it still holds."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from surgebench.db.orm import AuditEntry, Cycle, Engagement, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.plans import approval_service as approval
from surgebench.domain.plans import queue_service
from surgebench.domain.plans.errors import AlreadyApproved, ApprovalConflict, PlanOutdated
from surgebench.domain.specialists import service as specialists
from surgebench.domain.upkeep.jobs import move_cycles_on_dates
from tests.conftest import TODAY
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, plan_now


@pytest.fixture
def orion(engine):  # type: ignore[no-untyped-def]
    return orion_with_history(engine)


def _people(api, plan_id: int) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {p["full_name"]: p for p in api.get(f"/api/plans/{plan_id}/people").json()["items"]}


def test_plan_keeps_last_cycles_people_and_leaves_out_the_competitors(engine, orion, api_as) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    api = api_as("recruiter")
    plan = api.get(f"/api/plans/{plan_id}").json()
    assert plan["status"] == "ready" and plan["solve_status"] == "optimal"
    people = _people(api, plan_id)
    assert set(people) == {
        "Ana",
        "Ben",
        "Cai",
    }  # best quality after the two returning; Hal works for Meridian
    assert people["Ana"]["returning"] and people["Ben"]["returning"] and not people["Cai"]["returning"]
    role = plan["summary"]["requests"][f"R{request_id}"]["roles"][0]
    assert (role["asked"], role["filled"], role["returning"], role["returning_available"]) == (3, 3, 2, 2)


def test_progress_is_visible_while_the_plan_waits_for_a_worker(engine, orion, api_as, sign_in_as) -> None:
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    started = pm.post(f"/api/surges/{request_id}/plans", json={})
    assert started.status_code == 202 and started.json()["status"] == "solving"
    page = sign_in_as("recruiter").http.get(started.json()["url"])
    assert "Solving" in page.text and 'http-equiv="refresh"' in page.text


def test_pins_and_exclusions_make_a_new_version_and_the_old_one_cannot_be_approved(
    engine, orion, api_as
) -> None:
    pm = api_as("program_manager")
    request_id = create_request(engine, orion.program_id)
    first = plan_now(engine, request_id)
    pm.post(f"/api/surges/{request_id}/pins", json={"specialist_id": orion.people["eve"], "role": "python"})
    pm.post(
        f"/api/surges/{request_id}/exclusions",
        json={"specialist_id": orion.people["ben"], "reason": "on leave"},
    )
    refused = pm.post(f"/api/plans/{first}/approve")
    assert refused.status_code == 409 and refused.json()["error"] == "plan_outdated"
    second = plan_now(engine, request_id)
    assert set(_people(pm, second)) == {"Ana", "Eve", "Cai"}
    changes = pm.get(f"/api/plans/{first}/compare/{second}").json()
    assert [(p["full_name"], p["role"]) for p in changes["joined"]] == [("Eve", "python")]
    assert [(p["full_name"], p["role"]) for p in changes["left"]] == [("Ben", "python")]
    assert {(lv["name"], lv["from"], lv["to"]) for lv in changes["levels"]} >= {("continuity", 2, 1)}
    versions = pm.get(f"/api/surges/{request_id}/plans").json()
    assert [v["version"] for v in versions] == [2, 1] and [v["up_to_date"] for v in versions] == [True, False]


def test_approval_writes_the_roster_and_the_cycle_is_active_from_its_start(engine, orion, api_as) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    pm = api_as("program_manager")
    approved = pm.post(f"/api/plans/{plan_id}/approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["added"] == 3
    with unit_of_work(engine) as db:
        request = db.get(SurgeRequest, request_id)
        cycle = db.get(Cycle, request.cycle_id)
        roster = db.scalars(select(Engagement).where(Engagement.cycle_id == cycle.id)).all()
        audited = db.scalars(select(AuditEntry).where(AuditEntry.action == "approve")).one()
    assert request.status == "approved" and cycle.status == "staffing"  # it starts on 2026-12-07
    with unit_of_work(engine) as db:
        move_cycles_on_dates(db, datetime(2026, 12, 7, 1, tzinfo=UTC))
        assert db.get(Cycle, cycle.id).status == "active"
    assert sorted(e.specialist_id for e in roster) == sorted(orion.people[n] for n in ("ana", "ben", "cai"))
    assert all(e.ends_on is None and e.role_id is not None and e.weekly_hours == 20 for e in roster)
    assert audited.changes["added"] == 3
    team = pm.get(f"/api/cycles/{cycle.id}/team").json()
    assert {m["full_name"]: m["returning"] for m in team["items"]} == {"Ana": True, "Ben": True, "Cai": False}
    twice = pm.post(f"/api/plans/{plan_id}/approve")
    assert twice.status_code == 409 and twice.json()["error"] == "already_approved"


def test_approval_rechecks_the_bench_as_it_is_now_and_names_who_changed(engine, orion) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    with unit_of_work(engine) as db:
        specialists.offboard(db, PM, orion.people["cai"])
        specialists.update(db, PM, orion.people["ben"], {"committed_hours": 20})
    with pytest.raises(ApprovalConflict) as refused:
        approval.approve(engine, PM, plan_id, TODAY)
    people = {d["full_name"]: d["problem"] for d in refused.value.details["people"]}
    assert set(people) == {"Ben", "Cai"}
    assert "status" in people["Cai"] and "hours" in people["Ben"]
    with unit_of_work(engine) as db:
        assert (
            db.scalars(select(Engagement).where(Engagement.role_id.is_not(None))).all() == []
        )  # nothing half-written
        assert db.get(SurgeRequest, request_id).status == "open"


def test_an_older_version_cannot_be_approved_once_a_newer_exists(engine, orion) -> None:
    request_id = create_request(engine, orion.program_id)
    old = plan_now(engine, request_id)
    plan_now(engine, request_id)
    with pytest.raises(PlanOutdated):
        approval.approve(engine, PM, old, TODAY)


def test_downloaded_problem_solved_offline_gives_the_same_plan(engine, orion, api_as, tmp_path) -> None:
    from click.testing import CliRunner

    from surgebench.staffing.commands import solve as solve_command

    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    api = api_as("recruiter")
    problem = api.get(f"/api/plans/{plan_id}/problem.json")
    stored = api.get(f"/api/plans/{plan_id}/plan.json").json()
    assert problem.status_code == 200 and problem.json()["format"] == "surge-problem/1"
    (tmp_path / "problem.json").write_text(problem.text)
    result = CliRunner().invoke(
        solve_command, [str(tmp_path / "problem.json"), "-o", str(tmp_path / "plan.json"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    offline = json.loads((tmp_path / "plan.json").read_text())
    assert offline["assignments"] == stored["assignments"] and offline["objective"] == stored["objective"]


def test_why_explains_who_is_out_and_which_rule(engine, orion, api_as) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    api = api_as("recruiter")
    hal = api.get(f"/api/plans/{plan_id}/explain/{orion.people['hal']}").json()
    assert hal["full_name"] == "Hal" and hal["roles"][0]["reason"] == "competitor"
    ana = api.get(f"/api/plans/{plan_id}/explain/{orion.people['ana']}").json()
    assert ana["roles"][0]["outcome"] == "assigned"


def test_why_on_another_instance_reads_the_kept_problem_and_answers_the_same(engine, orion, api_as) -> None:
    """The instance that solved a plan keeps its problem for "why?"; one that did not (here: the kept
    problems forgotten) reads the stored JSON and says the same."""
    from surgebench.domain.plans import service

    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    api = api_as("recruiter")
    assert plan_id in service._kept
    here = [api.get(f"/api/plans/{plan_id}/explain/{orion.people[p]}").json() for p in ("hal", "ana")]
    service._kept.clear()
    elsewhere = [api.get(f"/api/plans/{plan_id}/explain/{orion.people[p]}").json() for p in ("hal", "ana")]
    assert elsewhere == here and here[0]["roles"][0]["reason"] == "competitor"


def test_plans_together_respect_shared_people_across_requests(engine, orion) -> None:
    request_id = create_request(engine, orion.program_id)
    with unit_of_work(engine) as db:
        from surgebench.domain.programs.service import create_program

        lyra = create_program(db, PM, "aurora-labs", "lyra")
    other = create_request(engine, lyra.id, headcount=3)
    plan_id = plan_now(engine, request_id, together=True)
    with unit_of_work(engine) as db:
        from surgebench.domain.plans import service

        view = service.plan_view(db, plan_id)
        assert [v.request.id for v in view.requests] == [request_id, other]
        rows = list(service.repository.people(db, plan_id))
    # each person offers 20 hours and each seat takes 20: nobody holds a seat on both requests
    per_person = {}
    for row in rows:
        per_person.setdefault(row.specialist_id, []).append(row.request_id)
    assert rows and all(len(requests) == 1 for requests in per_person.values())


def test_gzip_documents_are_served_as_they_are_stored(engine, orion, api_as) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    with unit_of_work(engine) as db:
        from surgebench.domain.plans import service

        stored = service.document(db, plan_id, "problem")
    answer = api_as("recruiter").get(f"/api/plans/{plan_id}/problem.json")
    assert answer.headers["content-encoding"] == "gzip" and answer.json() == json.loads(
        gzip.decompress(stored)
    )


def test_cancelled_requests_cannot_be_planned(engine, orion) -> None:
    request_id = create_request(engine, orion.program_id)
    with unit_of_work(engine) as db:
        queue_service.cancel_request(db, PM, request_id)
    with unit_of_work(engine) as db, pytest.raises(Exception) as refused:
        from surgebench.domain.plans import planning_service as planning

        planning.start_plan(db, PM, request_id, time_limit=5)
    assert "cancelled" in str(refused.value)


def test_approving_twice_in_one_go_is_refused(engine, orion) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    approval.approve(engine, PM, plan_id, TODAY)
    with pytest.raises(AlreadyApproved):
        approval.approve(engine, PM, plan_id, TODAY)
