"""A specialist's page: recruiters edit every field (audited old → new), invalid input changes nothing,
offboarding keeps the record; program managers only look."""

from __future__ import annotations

from sqlalchemy import select

from surgebench.db.orm import AuditEntry, Specialist
from surgebench.db.session import unit_of_work
from surgebench.domain.specialists import service
from tests.integration.specialists.bench_builders import THE_BENCH, add_specialist

EDIT = {
    "full_name": "Ana R. Iyer",
    "email": "Ana.Iyer@Example.test",
    "country": "GB",
    "timezone": "Europe/London",
    "status": "vetting",
    "skills": "coding.python:3\nmath.statistics:4",
    "languages": "en, ta",
    "vetting_expires": "2027-06-30",
    "available_from": "2027-01-04",
    "weekly_hours": "30",
    "committed_hours": "12",
    "quality": "0.875",
    "hourly_rate": "55.50",
}
AUDITED = {
    "full_name": ["Ana Iyer", "Ana R. Iyer"],
    "email": ["ana@example.test", "Ana.Iyer@Example.test"],
    "country": ["IN", "GB"],
    "timezone": ["Asia/Kolkata", "Europe/London"],
    "status": ["vetted", "vetting"],
    "skills": ["coding.python:5;math.algebra:2", "coding.python:3;math.statistics:4"],
    "languages": ["en;hi", "en;ta"],
    "vetting_expires": ["2027-01-10", "2027-06-30"],
    "available_from": [None, "2027-01-04"],
    "weekly_hours": [20, 30],
    "committed_hours": [0, 12],
    "quality": ["0.900", "0.875"],
    "hourly_rate": ["50.00", "55.50"],
}


def _fields(engine, specialist_id: int) -> dict:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return service.fields_of(service.get(db, specialist_id))


def _audit(engine, specialist_id: int) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        entries = db.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "specialist", AuditEntry.entity_id == str(specialist_id))
            .order_by(AuditEntry.id)
        )
        return [(e.action, e.changes) for e in entries]


def test_recruiter_edits_every_field_and_each_change_is_audited_old_to_new(engine, sign_in_as) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    recruiter = sign_in_as("recruiter")
    answer = recruiter.post_form(f"/bench/{ana}", EDIT, follow_redirects=False)
    assert answer.status_code in (302, 303) and answer.headers["location"] == f"/bench/{ana}?notice=saved"
    after = _fields(engine, ana)
    assert {k: str(after[k]) for k in AUDITED} == {k: str(v[1]) for k, v in AUDITED.items()}
    action, changes = _audit(engine, ana)[-1]
    assert action == "update" and changes == AUDITED
    page = recruiter.http.get(answer.headers["location"]).text
    assert (
        "Changes saved." in page
        and "coding.python:5;math.algebra:2 → coding.python:3;math.statistics:4" in page
    )


def test_invalid_edit_rerenders_the_form_with_each_message_and_changes_nothing(engine, sign_in_as) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    before, audit_before = _fields(engine, ana), _audit(engine, ana)
    recruiter = sign_in_as("recruiter")
    bad = {
        **EDIT,
        "full_name": "Renamed",
        "quality": "1.5",
        "skills": "coding.python:9",
        "timezone": "Mars/Base",
        "committed_hours": "40",
    }
    answer = recruiter.post_form(f"/bench/{ana}", bad)
    assert answer.status_code == 400
    for name in ("quality", "skills", "timezone", "committed_hours"):
        assert f'data-field="{name}"' in answer.text
    assert 'value="Renamed"' in answer.text  # the form keeps what was typed
    assert _fields(engine, ana) == before and _audit(engine, ana) == audit_before


def test_taken_email_is_a_conflict_on_the_email_field(engine, sign_in_as) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    add_specialist(engine, **THE_BENCH["ben"])
    recruiter = sign_in_as("recruiter")
    answer = recruiter.post_form(f"/bench/{ana}", {**EDIT, "email": "ben.okafor@EXAMPLE.test"})
    assert answer.status_code == 409 and 'data-field="email"' in answer.text
    assert _fields(engine, ana)["email"] == "ana@example.test"


def test_offboarding_keeps_the_row_and_history_and_reactivation_is_an_edit(engine, sign_in_as) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    recruiter = sign_in_as("recruiter")
    answer = recruiter.post_form(f"/bench/{ana}/offboard", follow_redirects=False)
    assert answer.status_code in (302, 303)
    with unit_of_work(engine) as db:
        row = db.get(Specialist, ana)
        assert row is not None and row.status == "offboarded" and row.offboarded_at is not None
    assert [action for action, _ in _audit(engine, ana)] == ["create", "offboard"]
    assert recruiter.post_form(f"/bench/{ana}/offboard").status_code == 409
    recruiter.post_form(
        f"/bench/{ana}",
        {**_fields(engine, ana), "status": "vetted", "skills": "coding.python:5;math.algebra:2"},
    )
    with unit_of_work(engine) as db:
        row = db.get(Specialist, ana)
        assert row.status == "vetted" and row.offboarded_at is None
    assert _audit(engine, ana)[-1][1]["status"] == ["offboarded", "vetted"]


def test_unknown_specialist_is_not_found(engine, sign_in_as) -> None:
    recruiter = sign_in_as("recruiter")
    assert recruiter.http.get("/bench/999999").status_code == 404
    assert recruiter.post_form("/bench/999999", EDIT).status_code == 404
    assert recruiter.post_form("/bench/999999/offboard").status_code == 404


def test_program_manager_can_view_but_not_edit_or_offboard(engine, sign_in_as) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    manager = sign_in_as("program_manager")
    page = manager.http.get(f"/bench/{ana}")
    assert page.status_code == 200 and "Ana Iyer" in page.text and ">Offboard<" not in page.text
    assert manager.post_form(f"/bench/{ana}", EDIT).status_code == 403
    assert manager.post_form(f"/bench/{ana}/offboard").status_code == 403
    assert _fields(engine, ana)["full_name"] == "Ana Iyer"


def test_client_and_anonymous_cannot_open_a_specialist(engine, sign_in_as, client) -> None:
    ana = add_specialist(engine, **THE_BENCH["ana"])
    assert sign_in_as("client", "aurora-labs").http.get(f"/bench/{ana}").status_code == 403
    assert client.get(f"/bench/{ana}", follow_redirects=False).status_code in (302, 303)
