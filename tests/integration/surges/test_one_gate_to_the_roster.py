"""One gate to the roster: a planned, staffed or active cycle's roster changes only through the surge flow
(approval and its re-check, removal, re-plan). The history import, an engagement correction and a cycle's
dates cannot write past approval; each refusal says the way to do it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from surgebench.db.orm import Engagement, SurgeRequest
from surgebench.db.session import unit_of_work
from tests.integration.programs.history_builders import Worked, history_csv, import_history
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now


def _approved_roster(engine, api) -> tuple[int, int, dict[int, Engagement]]:  # type: ignore[no-untyped-def]
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    assert api.post(f"/api/plans/{plan_now(engine, request_id)}/approve").status_code == 200
    with unit_of_work(engine, writes=False) as db:
        cycle_id = db.get(SurgeRequest, request_id).cycle_id
        roster = {
            e.specialist_id: e for e in db.scalars(select(Engagement).where(Engagement.cycle_id == cycle_id))
        }
    return request_id, cycle_id, roster


def _cycle_3_row(email: str, **cells: str) -> dict[str, str]:
    """A history row naming Orion's cycle 3 exactly as the approved request dated it."""
    row = Worked(email, "aurora-labs", "orion", 3).cells()
    return {
        **row,
        "model_version": "orion-3",
        "cycle_starts_on": "2026-12-07",
        "cycle_ends_on": "2027-02-26",
        "starts_on": "2026-12-07",
        "ends_on": "",
        **cells,
    }


def test_a_history_row_cannot_add_anyone_to_an_approved_upcoming_roster(engine, api_as) -> None:
    pm = api_as("program_manager")
    _request_id, cycle_id, roster = _approved_roster(engine, pm)
    add_specialist(engine, email="zoe@example.test", full_name="Zoe", weekly_hours=20)
    job = import_history(engine, history_csv([_cycle_3_row("zoe@example.test", weekly_hours="40")]))
    assert job.status == "failed", job.outcome
    (error,) = job.outcome["errors"]
    assert (error["line"], error["column"]) == (2, "cycle")
    assert "re-planning the request" in error["message"] and "closed" in error["message"]
    with unit_of_work(engine, writes=False) as db:
        count = len(list(db.scalars(select(Engagement).where(Engagement.cycle_id == cycle_id))))
    assert count == len(roster)


def test_a_history_row_cannot_change_a_roster_member_of_a_live_cycle_but_an_unchanged_one_passes(
    engine, api_as
) -> None:
    pm = api_as("program_manager")
    _request_id, _cycle_id, roster = _approved_roster(engine, pm)
    sid, engagement = next(iter(roster.items()))
    email = pm.get(f"/api/specialists/{sid}").json()["email"]
    same = _cycle_3_row(
        email,
        starts_on=engagement.starts_on.isoformat(),
        weekly_hours=str(engagement.weekly_hours),
        level=str(engagement.level),
    )
    assert import_history(engine, history_csv([same])).status == "succeeded"
    more = import_history(engine, history_csv([{**same, "weekly_hours": "60"}]))
    assert more.status == "failed" and more.outcome["errors"][0]["column"] == "cycle"


def test_a_cycle_still_to_come_is_not_imported(engine) -> None:
    add_specialist(engine, email="ana@example.test", full_name="Ana")
    future = Worked("ana@example.test", "aurora-labs", "orion", 1, first=date(2027, 1, 4))
    job = import_history(engine, history_csv([future.cells()]))
    assert job.status == "failed"
    assert job.outcome["errors"][0]["column"] == "cycle_starts_on"
    assert "surge request" in job.outcome["errors"][0]["message"]


def test_a_roster_member_cannot_be_corrected_to_hours_or_a_level_the_plan_never_checked(
    engine, api_as
) -> None:
    pm, recruiter = api_as("program_manager"), api_as("recruiter")
    _request_id, _cycle_id, roster = _approved_roster(engine, pm)
    engagement = next(iter(roster.values()))
    refused = recruiter.patch(f"/api/engagements/{engagement.id}", json={"weekly_hours": 168, "level": 5})
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert body["error"] == "on_live_roster" and set(body["fields"]) == {"weekly_hours", "level"}
    assert "re-plan" in body["message"]
    after = recruiter.get(f"/api/engagements/{engagement.id}").json()
    assert (after["weekly_hours"], after["level"]) == (engagement.weekly_hours, engagement.level)
    quality = recruiter.patch(f"/api/engagements/{engagement.id}", json={"reported_quality": 0.9})
    assert quality.status_code == 200 and quality.json()["reported_quality"] == 0.9


def test_the_dates_of_a_staffed_cycle_move_only_with_its_request(engine, api_as) -> None:
    pm = api_as("program_manager")
    _request_id, cycle_id, _roster = _approved_roster(engine, pm)
    moved = pm.patch(f"/api/cycles/{cycle_id}", json={"starts_on": "2026-12-21"})
    assert moved.status_code == 409, moved.text
    assert moved.json()["error"] == "cycle_dates_fixed" and "starts_on" in moved.json()["fields"]
    assert pm.get(f"/api/cycles/{cycle_id}").json()["starts_on"] == "2026-12-07"
    renamed = pm.patch(f"/api/cycles/{cycle_id}", json={"model_version": "orion-3.1"})
    assert renamed.status_code == 200, renamed.text
