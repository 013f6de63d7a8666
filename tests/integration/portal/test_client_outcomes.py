"""A lab's users report outcomes of their own approved, begun rosters — API, page and CSV upload — named by
roster entry, audited under their name, and refused (as missing) anything of another client's, a roster
not approved or not begun, or an entry past the roster's end."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from surgebench.db.orm import AuditEntry, Outcome, Specialist
from surgebench.db.session import unit_of_work
from surgebench.domain.outcomes.estimate_service import estimates
from surgebench.domain.outcomes.repository import stored_estimates
from surgebench.domain.portal.outcome_service import UPLOAD_COLUMNS
from surgebench.lib.csv_files import format_rows
from tests.conftest import TODAY
from tests.integration.outcomes.outcome_builders import engagement_id
from tests.integration.portal.portal_builders import MERIDIAN_MARKERS, Tenant, two_tenants

TODAY_ISO = TODAY.date().isoformat()
"""Aurora's cycle 3 runs on the tests' today: Ana T. is entry 1, Ben T. entry 2."""


@pytest.fixture
def tenants(engine: Engine) -> dict[str, Tenant]:
    return two_tenants(engine)


def _running(tenants: dict[str, Tenant]) -> int:
    return tenants["aurora-labs"].cycle_ids[2]


def _outcomes_of(engine: Engine, email: str, cycle: int = 3) -> list[tuple[str, int, int, int | None]]:
    with unit_of_work(engine, writes=False) as db:
        sid = db.scalar(select(Specialist.id).where(Specialist.email_key == email))
    eid = engagement_id(engine, sid, cycle)
    with unit_of_work(engine, writes=False) as db:
        rows = db.execute(
            select(Outcome.reported_on, Outcome.items_reviewed, Outcome.items_accepted, Outcome.score_milli)
            .where(Outcome.engagement_id == eid)
            .order_by(Outcome.reported_on)
        )
        return [(d.isoformat(), n, a, s) for d, n, a, s in rows]


def _count(engine: Engine) -> int:
    with unit_of_work(engine, writes=False) as db:
        return db.scalar(select(func.count()).select_from(Outcome)) or 0


def _audit(engine: Engine) -> list[tuple[str, str, dict[str, Any]]]:
    with unit_of_work(engine, writes=False) as db:
        rows = db.execute(
            select(AuditEntry.action, AuditEntry.actor_label, AuditEntry.changes)
            .where(AuditEntry.entity_type == "outcome")
            .order_by(AuditEntry.id)
        )
        return [(action, label, changes) for action, label, changes in rows]


def _post(api: Any, cycle_id: int, entry: int, **body: Any) -> Any:
    return api.post(f"/api/client/cycles/{cycle_id}/entries/{entry}/outcomes", json=body)


def test_a_client_reports_an_outcome_of_its_own_entry_audited_under_its_name(engine, tenants, api_as) -> None:
    api = api_as("client", "aurora-labs")
    answer = _post(api, _running(tenants), 2, reported_on=TODAY_ISO, items_reviewed=100, items_accepted=90)
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["change"] == "created"
    assert saved["entry"]["entry_id"] == 2 and saved["entry"]["display_name"] == "Ben T."
    assert saved["outcome"] == {
        "reported_on": TODAY_ISO,
        "items_reviewed": 100,
        "items_accepted": 90,
        "score": None,
        "quality": 0.9,
        "note": "",
    }
    assert _outcomes_of(engine, "ben@example.test") == [(TODAY_ISO, 100, 90, None)]
    assert _outcomes_of(engine, "ana@example.test") == []
    [(action, actor, changes)] = _audit(engine)
    assert action == "create" and actor.startswith("client-") and changes["items_accepted"] == [None, 90]

    sheet = api.get(f"/api/client/cycles/{_running(tenants)}/outcomes").json()
    assert [(e["entry_id"], e["display_name"], len(e["outcomes"])) for e in sheet["items"]] == [
        (1, "Ana T.", 0),
        (2, "Ben T.", 1),
    ]
    assert sheet["total"] == 2 and sheet["cycle"]["number"] == 3


def test_a_second_outcome_of_the_same_day_corrects_the_first_as_an_audited_edit(
    engine, tenants, api_as
) -> None:
    api = api_as("client", "aurora-labs")
    cycle = _running(tenants)
    _post(api, cycle, 1, reported_on=TODAY_ISO, items_reviewed=100, items_accepted=90, score=0.8)
    answer = _post(
        api, cycle, 1, reported_on=TODAY_ISO, items_reviewed=100, items_accepted=70, note="re-scored"
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["change"] == "corrected"
    assert _outcomes_of(engine, "ana@example.test") == [(TODAY_ISO, 100, 70, None)]
    create, correct = _audit(engine)
    assert correct[0] == "correct" and correct[1] == create[1]
    assert correct[2] == {"items_accepted": [90, 70], "score_milli": [800, None], "note": ["", "re-scored"]}
    same = _post(
        api, cycle, 1, reported_on=TODAY_ISO, items_reviewed=100, items_accepted=70, note="re-scored"
    )
    assert same.json()["change"] == "unchanged" and len(_audit(engine)) == 2


def test_a_bad_outcome_is_refused_naming_every_field_and_nothing_is_written(engine, tenants, api_as) -> None:
    api = api_as("client", "aurora-labs")
    cycle = _running(tenants)
    answer = _post(api, cycle, 1, items_reviewed=10, items_accepted=11, score=0.5)
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {"reported_on"}
    answer = _post(api, cycle, 1, reported_on=TODAY_ISO, items_reviewed=10, items_accepted=11)
    assert (
        answer.status_code == 400 and "more than the 10 reviewed" in answer.json()["fields"]["items_accepted"]
    )
    answer = _post(api, cycle, 1, reported_on="2027-01-01", items_reviewed=10, items_accepted=1)
    assert answer.status_code == 400 and "after today" in answer.json()["fields"]["reported_on"]
    answer = _post(api, cycle, 1, reported_on=TODAY_ISO, items_reviewed=10, items_accepted=1, score=2)
    assert answer.status_code == 400 and "score" in answer.json()["fields"]
    answer = _post(api, cycle, 1, reported_on=TODAY_ISO, items_reviewed=10, items_accepted=1, hours=3)
    assert answer.status_code == 400 and "unknown field `hours`" in answer.json()["fields"]["body"]
    assert _count(engine) == 0 and _audit(engine) == []


def test_a_roster_that_changed_since_it_was_read_is_refused(engine, tenants, api_as) -> None:
    api = api_as("client", "aurora-labs")
    answer = _post(
        api,
        _running(tenants),
        1,
        reported_on=TODAY_ISO,
        items_reviewed=5,
        items_accepted=5,
        display_name="Ben T.",
    )
    assert answer.status_code == 400
    assert answer.json()["fields"]["display_name"] == "entry 1 is Ana T., not Ben T."
    assert _count(engine) == 0


def test_another_clients_cycle_an_unapproved_roster_and_a_missing_entry_are_all_not_found(
    engine, tenants, api_as
) -> None:
    api = api_as("client", "aurora-labs")
    body = {"reported_on": TODAY_ISO, "items_reviewed": 5, "items_accepted": 5}
    meridian = tenants["meridian-ai"].cycle_ids[2]
    theirs = _post(api, meridian, 1, **body)
    nobodys = _post(api, 987_654, 1, **body)
    assert theirs.status_code == nobodys.status_code == 404
    assert re.sub(r"\d+", "N", theirs.text) == re.sub(r"\d+", "N", nobodys.text)
    assert not any(m in theirs.text for m in MERIDIAN_MARKERS)
    staffing = tenants["aurora-labs"].cycle_ids[3]
    assert _post(api, staffing, 1, **body).status_code == 404
    assert api.get(f"/api/client/cycles/{staffing}/outcomes").status_code == 404
    assert api.get(f"/api/client/cycles/{meridian}/outcomes").status_code == 404
    for past_the_end in (0, 3):
        assert _post(api, _running(tenants), past_the_end, **body).status_code == 404
    upload = api.post(
        f"/api/client/cycles/{meridian}/outcomes/import?wait=true",
        files={
            "file": ("o.csv", _csv((1, "Zoltan T.", "coding.python", TODAY_ISO, 5, 5, "", "")), "text/csv")
        },
    )
    assert upload.status_code == 404
    assert _count(engine) == 0


def test_staff_tokens_and_pages_cannot_use_the_clients_outcome_routes(tenants, api_as) -> None:
    answer = _post(api_as("program_manager"), _running(tenants), 1, reported_on=TODAY_ISO)
    assert answer.status_code == 403


def _csv(*rows: tuple[object, ...]) -> bytes:
    header = dict(zip(UPLOAD_COLUMNS, UPLOAD_COLUMNS, strict=True))
    return format_rows(
        [header, *(dict(zip(UPLOAD_COLUMNS, map(str, r), strict=True)) for r in rows)], UPLOAD_COLUMNS
    )


def _upload(api: Any, cycle_id: int, content: bytes) -> dict[str, Any]:
    answer = api.post(
        f"/api/client/cycles/{cycle_id}/outcomes/import?wait=true",
        files={"file": ("outcomes.csv", content, "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_template_lists_every_entry_to_fill_in(tenants, api_as) -> None:
    answer = api_as("client", "aurora-labs").get(
        f"/api/client/cycles/{_running(tenants)}/outcomes/template.csv"
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert list(rows[0]) == list(UPLOAD_COLUMNS)
    assert [(r["entry_id"], r["display_name"], r["role"], r["items_reviewed"]) for r in rows] == [
        ("1", "Ana T.", "coding.python", ""),
        ("2", "Ben T.", "coding.python", ""),
    ]


def test_an_upload_writes_every_row_or_nothing_naming_every_bad_row(engine, tenants, api_as) -> None:
    api = api_as("client", "aurora-labs")
    cycle = _running(tenants)
    job = _upload(
        api,
        cycle,
        _csv(
            (1, "Ana T.", "coding.python", TODAY_ISO, 100, 90, "", "fine"),
            (2, "Ana T.", "coding.python", TODAY_ISO, 100, 90, "", "wrong person"),
            (1, "Ana T.", "coding.python", TODAY_ISO, 50, 40, "", "same day again"),
            (7, "Cleo T.", "coding.python", TODAY_ISO, 10, 1, "", ""),
            (2, "Ben T.", "coding.python", "2026-13-01", 10, 11, "1.5", ""),
        ),
    )
    assert job["status"] == "failed"
    outcome = job["outcome"]
    assert {(e["line"], e["column"]) for e in outcome["errors"]} == {
        (3, "display_name"),
        (4, "reported_on"),
        (5, "entry_id"),
        (6, "reported_on"),
        (6, "score"),
    }
    assert all(e["message"] for e in outcome["errors"])
    assert "nothing was written" in outcome["error"]
    assert _count(engine) == 0


def test_a_clean_upload_creates_corrects_and_skips_empty_rows_audited(engine, tenants, api_as) -> None:
    api = api_as("client", "aurora-labs")
    cycle = _running(tenants)
    _post(api, cycle, 2, reported_on=TODAY_ISO, items_reviewed=100, items_accepted=90)
    job = _upload(
        api,
        cycle,
        _csv(
            (1, "Ana T.", "coding.python", TODAY_ISO, 120, 108, "0.950", "batch 4"),
            (2, "Ben T.", "coding.python", TODAY_ISO, 100, 60, "", ""),
            (2, "Ben T.", "coding.python", "", "", "", "", ""),
        ),
    )
    assert job["status"] == "succeeded", job
    assert {k: job["outcome"][k] for k in ("created", "updated", "unchanged", "skipped")} == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "skipped": 1,
    }
    assert _outcomes_of(engine, "ana@example.test") == [(TODAY_ISO, 120, 108, 950)]
    assert _outcomes_of(engine, "ben@example.test") == [(TODAY_ISO, 100, 60, None)]
    assert [action for action, _actor, _changes in _audit(engine)] == ["create", "create", "correct"]
    assert len({actor for _action, actor, _changes in _audit(engine)}) == 1
    assert _stored_estimates(engine) == _estimates_by_the_rule(engine), "the upload refreshed the estimates"


def _estimates_by_the_rule(engine: Engine) -> list[tuple[int, str, int, int]]:
    with unit_of_work(engine, writes=False) as db:
        found = estimates(db, TODAY.date())
    return sorted(
        (sid, e.skill, e.quality_milli, e.items)
        for sid, skills in found.items()
        for e in skills.values()
        if e.items
    )


def _stored_estimates(engine: Engine) -> list[tuple[int, str, int, int]]:
    with unit_of_work(engine, writes=False) as db:
        return sorted((row[0], row[1], row[2], row[3]) for row in stored_estimates(db) if row[3])


def test_a_client_enters_and_corrects_an_outcome_on_the_page(engine, tenants, sign_in_as) -> None:
    browser = sign_in_as("client", "aurora-labs")
    cycle = _running(tenants)
    roster = browser.http.get(f"/client/cycles/{cycle}")
    assert f'href="/client/cycles/{cycle}/outcomes"' in roster.text
    staffing = tenants["aurora-labs"].cycle_ids[3]
    assert "/outcomes" not in browser.http.get(f"/client/cycles/{staffing}").text
    page = browser.http.get(f"/client/cycles/{cycle}/outcomes?entry=2")
    assert page.status_code == 200 and "Entry 2: Ben T." in page.text and "@" not in page.text
    url = f"/client/cycles/{cycle}/entries/2/outcomes"
    fields = {"reported_on": TODAY_ISO, "items_reviewed": "40", "display_name": "Ben T."}
    refused = browser.post_form(url, {**fields, "items_accepted": "41"})
    assert refused.status_code == 400
    assert 'data-field="items_accepted"' in refused.text and "more than the 40 reviewed" in refused.text
    saved = browser.post_form(url, {**fields, "items_accepted": "30"}, follow_redirects=False)
    assert saved.status_code == 303 and "notice=created" in saved.headers["location"]
    corrected = browser.post_form(url, {**fields, "items_accepted": "35", "correcting": TODAY_ISO})
    assert corrected.status_code == 200 and "Correction saved" in corrected.text
    assert _outcomes_of(engine, "ben@example.test") == [(TODAY_ISO, 40, 35, None)]
    assert browser.post_form(f"/client/cycles/{staffing}/entries/1/outcomes", fields).status_code == 404


def test_the_template_sent_back_untouched_writes_nothing_and_says_so(engine, tenants, api_as) -> None:
    api = api_as("client", "aurora-labs")
    cycle = _running(tenants)
    template = api.get(f"/api/client/cycles/{cycle}/outcomes/template.csv").content
    job = _upload(api, cycle, template)
    assert job["status"] == "failed"
    assert job["outcome"]["error"] == "None of the 2 rows has an outcome filled in, so nothing was written."


def test_a_file_whose_entries_moved_on_the_roster_after_the_check_is_not_written(engine, tenants) -> None:
    from datetime import datetime

    from surgebench.domain.audit.service import Actor
    from surgebench.domain.jobs.errors import JobFailed
    from surgebench.domain.portal import repository
    from surgebench.domain.portal.outcome_service import CLIENT_OUTCOME_IMPORT, CheckedUpload

    aurora = tenants["aurora-labs"]
    with unit_of_work(engine, writes=False) as db:
        cycle = repository.cycle(db, aurora.client_id, _running(tenants))
        [(_ana, ana), (_ben, ben)] = list(repository.entries_with_engagements(db, cycle))
        checked_when_ben_was_first = CheckedUpload(cycle, {1: ben}, [], 0)
        ready = CLIENT_OUTCOME_IMPORT.prepare(
            db, CheckedUpload(cycle, {1: ana, 2: ben}, [], 0), Actor.system("t"), datetime.now()
        )
        assert ready[0].engagements == {1: ana, 2: ben}
        with pytest.raises(JobFailed, match="Entries 1 moved on the roster"):
            CLIENT_OUTCOME_IMPORT.prepare(db, checked_when_ben_was_first, Actor.system("t"), datetime.now())
