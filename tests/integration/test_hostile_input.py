"""Hostile input gets a clear 400 (or 404, 415) that names the field, the line and column, or the body —
never a 500 and never a silent drop: numbers like 1e100 in forms, the API and history imports; JSON
nested 1,000 deep, integers sent as text, JSON sent as another type; uploads that are not CSV; surge
requests with rows past the limit or with gaps, no seat, a one-day cycle, a ramp that takes nobody,
languages listed twice; the approval of a plan that does not exist."""

from __future__ import annotations

import pytest

from tests.integration.programs.history_builders import Worked, history_csv, import_history
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import orion_with_history, request_payload

HUGE = ("1e100", "-1e100", "1e-100", "9" * 10_000)


@pytest.fixture
def orion(engine):  # type: ignore[no-untyped-def]
    return orion_with_history(engine)


def _named(answer, field: str) -> str:  # type: ignore[no-untyped-def]
    assert answer.status_code == 400, answer.text[:500]
    fields = answer.json()["fields"]
    assert field in fields, fields
    return fields[field]


# --- numbers ------------------------------------------------------------------------------------------


def test_huge_tiny_and_endless_numbers_in_the_surge_form_are_named_not_500(orion, sign_in_as) -> None:
    pm = sign_in_as("program_manager")
    form = {
        "cycle.model_version": "orion-3",
        "cycle.starts_on": "2026-12-07",
        "cycle.ends_on": "2027-02-26",
        "roles[0].key": "python",
        "roles[0].skill": "coding.python",
        "roles[0].min_level": "3",
        "roles[0].headcount": "4",
        "roles[0].hours_per_week": "20",
    }
    for number in HUGE:
        for field in ("roles[0].min_quality", "roles[0].max_country_share", "roles[0].utc_offset_min"):
            extra = {field: number, "roles[0].utc_offset_max": "5"} if "utc" in field else {field: number}
            answer = pm.post_form(f"/programs/{orion.program_id}/surges", {**form, **extra})
            shown = field.replace("_min", "")
            assert answer.status_code == 400, (field, number, answer.status_code)
            assert f'data-field="{shown}"' in answer.text, (field, number)


def test_huge_numbers_in_an_engagement_correction_are_named(orion, api_as, sign_in_as) -> None:
    staff = api_as("recruiter")
    cycle = staff.get(f"/api/programs/{orion.program_id}").json()["cycles"][-1]["id"]
    member = staff.get(f"/api/cycles/{cycle}/team").json()["items"][0]
    for number in HUGE:
        body = f'{{"reported_quality": {number}}}'
        headers = {"content-type": "application/json"}
        answer = staff.patch(f"/api/engagements/{member['engagement_id']}", content=body, headers=headers)
        assert _named(answer, "reported_quality"), number
    form = sign_in_as("recruiter")
    for number in HUGE:
        answer = form.post_form(f"/engagements/{member['engagement_id']}", {"reported_quality": number})
        assert answer.status_code == 400 and 'data-field="reported_quality"' in answer.text, number


def test_a_history_row_with_a_huge_number_names_its_line_and_column(engine) -> None:
    add_specialist(engine, email="ana@example.test", full_name="Ana")
    rows = [
        {**Worked("ana@example.test", "aurora-labs", "orion", 1).cells(), "reported_quality": n} for n in HUGE
    ]
    job = import_history(engine, history_csv(rows[:1]))
    assert job.status == "failed", job.outcome
    assert [(e["line"], e["column"]) for e in job.outcome["errors"]] == [(2, "reported_quality")]
    for row in rows[1:]:
        errors = import_history(engine, history_csv([row])).outcome["errors"]
        assert [(e["line"], e["column"]) for e in errors] == [(2, "reported_quality")], errors


# --- JSON bodies --------------------------------------------------------------------------------------


def test_json_bodies_are_read_strictly_and_only_as_json(orion, api_as) -> None:
    pm = api_as("program_manager")
    url = f"/api/programs/{orion.program_id}/surges"
    as_text = request_payload(roles=[{**request_payload()["roles"][0], "headcount": "5"}])
    assert _named(pm.post(url, json=as_text), "roles[0].headcount").startswith("Expected `int`")
    deep = b"[" * 1_000 + b"]" * 1_000
    for body in (deep, b'{"cycle": ' + deep + b"}"):
        nested = pm.post(url, content=body, headers={"content-type": "application/json"})
        assert nested.status_code == 400 and nested.json()["fields"], nested.text
    plain = pm.post(url, content=b'{"priority": 1}', headers={"content-type": "text/plain"})
    assert plain.status_code == 415 and plain.json()["fields"] == {
        "body": "send JSON with Content-Type: application/json"
    }
    untyped = pm.post(url, content=b'{"priority": 1}', headers={"content-type": ""})
    assert untyped.status_code == 415


# --- uploads ------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def test_imports_refuse_what_is_not_a_csv_file(api_as, sign_in_as) -> None:
    recruiter = api_as("recruiter")
    for url in ("/api/specialists/import", "/api/engagements/import"):
        as_json = recruiter.post(url, content=b'{"email": "x"}', headers={"content-type": "application/json"})
        assert as_json.status_code == 415 and "file" in as_json.json()["fields"], as_json.text
        image = recruiter.post(url, files={"file": ("me.png", PNG, "image/png")})
        assert image.status_code == 415 and "image/png" in image.json()["fields"]["file"], image.text
        disguised = recruiter.post(url, files={"file": ("me.csv", PNG, "text/csv")})
        assert disguised.status_code == 400 and "PNG image" in disguised.json()["fields"]["file"]
        spreadsheet = recruiter.post(url, files={"file": ("me.csv", b"email\n", "application/vnd.ms-excel")})
        assert spreadsheet.status_code in (200, 202), spreadsheet.text  # how Windows types a .csv file
    page = sign_in_as("recruiter").post_form("/bench/import", files={"file": ("me.png", PNG, "image/png")})
    assert page.status_code == 415 and "upload a CSV file" in page.text


# --- surge requests -----------------------------------------------------------------------------------


def _form(**changes: str) -> dict[str, str]:
    return {
        "cycle.model_version": "orion-3",
        "cycle.starts_on": "2026-12-07",
        "cycle.ends_on": "2027-02-26",
        "roles[0].key": "python",
        "roles[0].skill": "coding.python",
        "roles[0].min_level": "3",
        "roles[0].headcount": "4",
        "roles[0].hours_per_week": "20",
        **changes,
    }


def test_a_role_row_past_the_limit_or_after_a_gap_is_named_not_dropped(orion, sign_in_as) -> None:
    pm = sign_in_as("program_manager")
    url = f"/programs/{orion.program_id}/surges"
    row = {
        "key": "late",
        "skill": "coding.python",
        "min_level": "3",
        "headcount": "1",
        "hours_per_week": "10",
    }
    for far_away in (1000, 10**15, int("9" * 4_000)):
        far = pm.post_form(url, _form(**{f"roles[{far_away}].{k}": v for k, v in row.items()}))
        assert far.status_code == 400 and "at most 50 rows" in far.text
        assert far.text.count("<tr data-row=") < 60  # the form shows its rows, not a million of them
    gap = pm.post_form(url, _form(**{f"roles[2].{k}": v for k, v in row.items()}))
    assert (
        gap.status_code == 400 and 'data-field="roles[2]"' in gap.text and "roles[1] is missing" in gap.text
    )
    spare = pm.post_form(url, _form(**{"roles[1].key": "", "roles[2].key": ""}), follow_redirects=False)
    assert spare.status_code == 303  # the form's blank spare rows are fine


def test_requests_that_could_staff_nobody_are_refused_naming_the_field(orion, api_as) -> None:
    pm = api_as("program_manager")
    url = f"/api/programs/{orion.program_id}/surges"
    role = request_payload()["roles"][0]
    no_seat = request_payload(roles=[{**role, "headcount": 0}, {**role, "key": "spare", "headcount": 0}])
    assert "0 people" in _named(pm.post(url, json=no_seat), "roles")
    one_day = request_payload(
        cycle={"model_version": "orion-3", "starts_on": "2026-12-07", "ends_on": "2026-12-07"}, ramp=None
    )
    assert "lasts 1" in _named(pm.post(url, json={k: v for k, v in one_day.items() if v}), "cycle.ends_on")
    closed = request_payload(ramp=[{"date": f"2026-12-{d:02d}", "onboarding_capacity": 0} for d in (7, 8, 9)])
    assert "0 new people" in _named(pm.post(url, json=closed), "ramp")
    outside = request_payload(ramp=[{"date": "2027-06-01", "onboarding_capacity": 3}])
    assert "outside the cycle" in _named(pm.post(url, json=outside), "ramp[0].date")
    late_start = request_payload(
        cycle={"model_version": "orion-3", "starts_on": "2026-12-07", "ends_on": "2026-12-14"},
        ramp=None,
        ramp_start="2026-12-14",
    )
    body = {k: v for k, v in late_start.items() if v is not None}
    assert "run past the cycle's end" in _named(pm.post(url, json=body), "ramp_start")


def test_languages_listed_twice_or_by_the_million_are_refused(orion, api_as, sign_in_as) -> None:
    pm = api_as("program_manager")
    url = f"/api/programs/{orion.program_id}/surges"
    role = request_payload()["roles"][0]
    twice = pm.post(url, json=request_payload(roles=[{**role, "languages": ["hi", "hi"]}]))
    assert twice.status_code == 400 and "roles[0].languages" in twice.json()["fields"], twice.text
    million = pm.post(url, json=request_payload(roles=[{**role, "languages": ["hi"] * 1_000_000}]))
    assert "length <= 10" in _named(million, "roles[0].languages")
    form = sign_in_as("program_manager").post_form(
        f"/programs/{orion.program_id}/surges", _form(**{"roles[0].languages": "hi en hi"})
    )
    assert form.status_code == 400 and "listed twice" in form.text


# --- approval -----------------------------------------------------------------------------------------


def test_approving_a_plan_that_does_not_exist_is_404(api_as, sign_in_as) -> None:
    missing = api_as("program_manager").post("/api/plans/987654/approve")
    assert missing.status_code == 404 and missing.json()["error"] == "plan_not_found", missing.text
    page = sign_in_as("program_manager").post_form("/plans/987654/approve", follow_redirects=False)
    assert page.status_code == 404


def test_ids_past_what_the_database_stores_name_nothing(api_as) -> None:
    admin = api_as("admin")
    for url in ("/api/specialists/2147483648", f"/api/plans/{10**20}", "/api/users/0"):
        answer = admin.get(url)
        assert answer.status_code == 404 and answer.json()["error"] == "not_found", (url, answer.text)
