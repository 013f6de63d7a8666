"""Programs and cycles through the JSON API, as a program manager scripts them: creating a program on a
client's model, numbering and dating cycles, and statuses that only move forward."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from surgebench.db.orm import AuditEntry, Engagement
from surgebench.db.session import unit_of_work
from tests.conftest import TODAY
from tests.integration.programs.history_builders import Worked, record_history


def _program(pm, model: str = "orion") -> dict:  # type: ignore[no-untyped-def]
    answer = pm.post(
        "/api/programs",
        json={"client": "aurora-labs", "model": model, "workstreams": ["red_teaming", "sft_golden"]},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def _cycle(pm, program_id: int, starts: str, ends: str, **extra) -> dict:  # type: ignore[no-untyped-def]
    answer = pm.post(
        f"/api/programs/{program_id}/cycles",
        json={"model_version": "orion-1", "starts_on": starts, "ends_on": ends, **extra},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_program_is_created_on_a_new_model_with_its_workstreams(api_as) -> None:
    pm = api_as("program_manager")
    program = _program(pm)
    assert program["model"] == "orion" and program["client"]["slug"] == "aurora-labs"
    assert program["name"] == "Orion post-training" and sorted(program["workstreams"]) == [
        "red_teaming",
        "sft_golden",
    ]
    again = pm.post("/api/programs", json={"client": "aurora-labs", "model": "orion"})
    assert again.status_code == 409 and again.json()["error"] == "program_exists"


def test_program_with_unknown_client_or_workstream_names_each_field(api_as) -> None:
    answer = api_as("program_manager").post(
        "/api/programs", json={"client": "nobody", "model": "orion", "workstreams": ["juggling"]}
    )
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"client", "workstreams"}


def test_cycles_are_numbered_in_order_and_may_not_overlap(api_as) -> None:
    pm = api_as("program_manager")
    program = _program(pm)
    first = _cycle(pm, program["id"], "2027-01-04", "2027-03-26")
    second = _cycle(pm, program["id"], "2027-04-05", "2027-06-25")
    assert (first["number"], second["number"]) == (1, 2) and first["status"] == "planned"
    clash = pm.post(
        f"/api/programs/{program['id']}/cycles",
        json={"model_version": "orion-3", "starts_on": "2027-06-01", "ends_on": "2027-08-27"},
    )
    assert clash.status_code == 409 and "overlaps" in clash.json()["message"]
    backwards = pm.post(
        f"/api/programs/{program['id']}/cycles",
        json={"model_version": "orion-3", "starts_on": "2027-09-01", "ends_on": "2027-08-27"},
    )
    assert backwards.status_code == 400 and "ends_on" in backwards.json()["fields"]


def test_cycle_status_moves_forward_and_never_back(api_as) -> None:
    pm = api_as("program_manager")
    cycle = _cycle(pm, _program(pm)["id"], "2027-01-04", "2027-03-26")
    url = f"/api/cycles/{cycle['id']}/status"
    assert pm.post(url, json={"status": "staffing"}).json()["status"] == "staffing"
    back = pm.post(url, json={"status": "planned"})
    assert back.status_code == 409 and back.json()["error"] == "cycle_status_backward"
    same = pm.post(url, json={"status": "staffing"})
    assert same.status_code == 409
    assert pm.post(url, json={"status": "closed"}).json()["status"] == "closed"  # a step may be skipped
    assert pm.post(url, json={"status": "active"}).status_code == 409


def test_closing_a_cycle_ends_its_running_engagements_today(engine, api_as) -> None:
    running_now = date(2026, 11, 16)  # cycle 1 runs 2026-11-16 to 2027-01-08; the tests' today is 2026-12-02
    record_history(
        engine,
        [
            Worked("ana@example.test", "aurora-labs", "orion", 1, running=True, first=running_now),
            Worked("ben@example.test", "aurora-labs", "orion", 1, ends_early=True, first=running_now),
        ],
    )
    pm = api_as("program_manager")
    cycle = pm.get("/api/programs").json()[0]["current_cycle"]
    assert cycle["status"] == "active"  # imported while it runs
    closed = pm.post(f"/api/cycles/{cycle['id']}/status", json={"status": "closed"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    with unit_of_work(engine) as db:
        ends = sorted(e.ends_on for e in db.scalars(select(Engagement)))
    assert ends == [running_now + timedelta(days=10), TODAY.date()]  # Ben's own end date is kept


def test_cycle_corrections_are_audited(engine, api_as) -> None:
    pm = api_as("program_manager")
    cycle = _cycle(pm, _program(pm)["id"], "2027-01-04", "2027-03-26")
    changed = pm.patch(
        f"/api/cycles/{cycle['id']}", json={"model_version": "orion-1.1", "ends_on": "2027-03-31"}
    )
    assert changed.status_code == 200 and changed.json()["ends_on"] == "2027-03-31"
    with unit_of_work(engine) as db:
        entry = db.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "cycle", AuditEntry.action == "update")
        ).one()
    assert entry.changes == {
        "model_version": ["orion-1", "orion-1.1"],
        "ends_on": ["2027-03-26", "2027-03-31"],
    }


def test_recruiters_read_programs_but_cannot_create_them(api_as) -> None:
    recruiter = api_as("recruiter")
    assert recruiter.get("/api/programs").status_code == 200
    assert (
        recruiter.post("/api/programs", json={"client": "aurora-labs", "model": "orion"}).status_code == 403
    )
