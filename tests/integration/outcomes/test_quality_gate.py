"""The quality gate: someone whose last-cycle outcome is below the program's gate is not rewarded as
returning in the next plan (the problem leaves that engagement out of their history), the plan's *why*
says the gate held them back, and the manager finds them on /attention and the program page."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from surgebench.db.orm import PlanAssignment
from surgebench.db.session import unit_of_work
from surgebench.domain.outcomes import service
from surgebench.domain.plans.planning_service import asks_for
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_service import build_problem
from tests.conftest import TODAY
from tests.integration.outcomes.outcome_builders import engagement_id, report
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now


def _returning(engine, plan_id: int) -> dict[int, bool]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        rows = db.execute(
            select(PlanAssignment.specialist_id, PlanAssignment.is_returning).where(
                PlanAssignment.plan_id == plan_id
            )
        )
        return {sid: returning for sid, returning in rows}


def _ben_did_poorly(engine):  # type: ignore[no-untyped-def]
    orion = orion_with_history(engine)
    ben = orion.people["ben"]
    # 0.65 in cycle 2; his estimate stays above the role's 0.7: (50·900 + 0.5^(215/180)·65000) / …
    report(engine, engagement_id(engine, ben, 2), date(2026, 5, 1), 100, 65)
    return orion, ben


def test_without_a_gate_a_weak_last_cycle_still_counts_as_returning(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    orion, ben = _ben_did_poorly(engine)
    plan = plan_now(engine, create_request(engine, orion.program_id))
    assert _returning(engine, plan)[ben] is True


def test_below_the_gate_a_person_is_held_back_and_the_why_says_so(engine, api_as, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    orion, ben = _ben_did_poorly(engine)
    pm = api_as("program_manager")
    gate = pm.put(f"/api/programs/{orion.program_id}/quality-gate", json={"min_returning_outcome": 0.7})
    assert gate.status_code == 200, gate.text
    assert gate.json() == {"program_id": orion.program_id, "min_estimate": None, "min_returning_outcome": 0.7}
    plan = plan_now(engine, create_request(engine, orion.program_id))
    returning = _returning(engine, plan)
    assert returning.get(ben) is not True
    assert returning[orion.people["ana"]] is True
    why = pm.get(f"/api/plans/{plan}/explain/{ben}").json()
    gated = [r for r in why["roles"] if r["reason"] == "quality_gate"]
    assert gated and "held back by the quality gate" in gated[0]["detail"]
    assert "0.650 is below the gate's 0.700" in gated[0]["detail"]
    page = sign_in_as("program_manager").http.get(f"/plans/{plan}")
    assert f'<tr data-specialist="{ben}">' in page.text.split('class="held-back"')[1]
    assert "UTC+5:30 to +7: " in page.text  # the make-up: the people's UTC region (Asia/Kolkata)


def test_the_problem_leaves_the_held_back_engagement_out_of_history_only(engine) -> None:  # type: ignore[no-untyped-def]
    orion, ben = _ben_did_poorly(engine)
    request_id = create_request(engine, orion.program_id)
    with unit_of_work(engine) as db:
        service.set_gate(db, service.Actor.system("t"), orion.program_id, {"min_returning_outcome": "0.700"})
    with unit_of_work(engine, writes=False) as db:
        held: list = []
        problem = build_problem(
            db, asks_for(surges.views(db, [request_id]), None), today=TODAY.date(), held_back=held
        )
    people = {s["id"]: s for s in problem["specialists"]}
    assert people[str(ben)]["history"] == []
    assert [c["cycle"] for c in people[str(orion.people["ana"])]["history"]] == [1, 2]
    assert [(h.specialist_id, h.cycle, h.outcome_milli) for h in held] == [(ben, 2, 650)]


def test_the_manager_sees_who_the_gate_holds_back(engine, api_as, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    orion, ben = _ben_did_poorly(engine)
    pm = api_as("program_manager")
    pm.put(f"/api/programs/{orion.program_id}/quality-gate", json={"min_returning_outcome": 0.7})
    listed = pm.get("/api/attention").json()["held_back"]
    assert [(h["specialist_id"], h["cycle"], h["outcome"]) for h in listed] == [(ben, 2, 0.65)]
    assert [h["specialist_id"] for h in pm.get(f"/api/programs/{orion.program_id}/held-back").json()] == [ben]
    page = sign_in_as("program_manager").http.get(f"/programs/{orion.program_id}")
    assert page.status_code == 200
    assert f'<tr data-specialist="{ben}">' in page.text
    assert 'data-new-outcome="650"' in page.text  # Ben was new in cycle 2


def test_a_gate_outside_zero_to_one_is_refused(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    orion = orion_with_history(engine)
    pm = api_as("program_manager")
    assert (
        pm.put(f"/api/programs/{orion.program_id}/quality-gate", json={"min_estimate": 1.5}).status_code
        == 400
    )
    assert (
        api_as("recruiter").put(f"/api/programs/{orion.program_id}/quality-gate", json={}).status_code == 403
    )


def test_below_the_vendor_floor_a_person_is_listed_for_the_recruiters_unless_offboarded(
    engine, api_as
) -> None:  # type: ignore[no-untyped-def]
    from surgebench.db.orm import Specialist

    orion = orion_with_history(engine)
    ben, ana = orion.people["ben"], orion.people["ana"]
    # 215 days old (w = 0.437): (50·900 + 0.437·10000) / (50 + 43.7) = 527 < the floor's 600
    report(engine, engagement_id(engine, ben, 2), date(2026, 5, 1), 100, 10)
    report(engine, engagement_id(engine, ana, 2), date(2026, 5, 1), 100, 10)
    with unit_of_work(engine) as db:
        db.get(Specialist, ana).status = "offboarded"  # type: ignore[union-attr]
    listed = api_as("recruiter").get("/api/attention").json()["below_floor"]
    assert [(b["specialist_id"], b["skill"], b["estimate"]) for b in listed] == [
        (ben, "coding.python", 0.527)
    ]
