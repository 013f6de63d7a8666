"""Outcomes through the JSON API and the pages: program managers enter them (one per engagement and
day), a bad one is refused naming the field, corrections are audited edits; recruiters and clients
cannot write them; a person's estimate is read back with its evidence and history."""

from __future__ import annotations

from sqlalchemy import select

from surgebench.db.orm import AuditEntry
from surgebench.db.session import unit_of_work
from tests.integration.outcomes.outcome_builders import engagement_id
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist


def _ana(engine) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    sid = add_specialist(engine, email="ana@example.test", full_name="Ana Rao", quality="0.800")
    record_history(engine, [Worked("ana@example.test", "aurora-labs", "orion", 1)])
    return sid, engagement_id(engine, sid, 1)


GOOD = {"reported_on": "2026-02-27", "items_reviewed": 100, "items_accepted": 90, "note": "SFT batch 4"}


def test_a_manager_enters_an_outcome_and_reads_the_estimate_it_rolls_into(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    sid, eid = _ana(engine)
    pm = api_as("program_manager")
    made = pm.post(f"/api/engagements/{eid}/outcomes", json=GOOD)
    assert made.status_code == 201, made.text
    assert made.json()["quality"] == 0.9
    assert pm.get(f"/api/engagements/{eid}/outcomes").json()[0]["id"] == made.json()["id"]
    quality = pm.get(f"/api/specialists/{sid}/quality").json()
    # 278 days old at 2026-12-02: w = 0.5 ** (278 / 180) = 0.3427; (40000 + 0.3427·90000) / (50 + 34.27)
    assert quality["vetting_score"] == 0.8
    [python] = quality["skills"]
    assert (python["skill"], python["items"], python["last_outcome_on"]) == (
        "coding.python",
        100,
        "2026-02-27",
    )
    assert python["estimate"] == 0.841
    assert quality["history"] == [{"skill": "coding.python", "on": "2026-02-27", "estimate": 0.867}]


def test_a_bad_outcome_is_refused_naming_its_field_and_nothing_is_written(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    _sid, eid = _ana(engine)
    pm = api_as("program_manager")
    more = pm.post(f"/api/engagements/{eid}/outcomes", json={**GOOD, "items_accepted": 101})
    assert more.status_code == 400
    assert "items_accepted" in more.json()["fields"]
    early = pm.post(f"/api/engagements/{eid}/outcomes", json={**GOOD, "reported_on": "2025-12-31"})
    assert early.status_code == 400 and "reported_on" in early.json()["fields"]
    future = pm.post(f"/api/engagements/{eid}/outcomes", json={**GOOD, "reported_on": "2026-12-03"})
    assert future.status_code == 400 and "reported_on" in future.json()["fields"]
    assert pm.get(f"/api/engagements/{eid}/outcomes").json() == []


def test_a_second_outcome_on_the_same_day_is_a_conflict(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    _sid, eid = _ana(engine)
    pm = api_as("program_manager")
    assert pm.post(f"/api/engagements/{eid}/outcomes", json=GOOD).status_code == 201
    again = pm.post(f"/api/engagements/{eid}/outcomes", json=GOOD)
    assert again.status_code == 409
    assert again.json()["error"] == "outcome_exists"


def test_a_correction_is_an_audited_edit(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    _sid, eid = _ana(engine)
    pm = api_as("program_manager")
    oid = pm.post(f"/api/engagements/{eid}/outcomes", json=GOOD).json()["id"]
    fixed = pm.patch(f"/api/outcomes/{oid}", json={"items_accepted": 80, "score": 0.85})
    assert fixed.status_code == 200, fixed.text
    assert (fixed.json()["items_accepted"], fixed.json()["quality"]) == (80, 0.85)
    with unit_of_work(engine, writes=False) as db:
        entry = db.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "outcome", AuditEntry.action == "correct")
        ).one()
    assert entry.changes == {"items_accepted": [90, 80], "score_milli": [None, 850]}
    refused = pm.patch(f"/api/outcomes/{oid}", json={"items_reviewed": 10})
    assert refused.status_code == 400 and "items_accepted" in refused.json()["fields"]


def test_recruiters_and_clients_cannot_enter_outcomes(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    _sid, eid = _ana(engine)
    assert api_as("recruiter").post(f"/api/engagements/{eid}/outcomes", json=GOOD).status_code == 403
    assert (
        api_as("client", "aurora-labs").post(f"/api/engagements/{eid}/outcomes", json=GOOD).status_code == 403
    )


def test_a_manager_enters_an_outcome_on_the_page_and_the_profile_shows_the_estimate(
    engine, sign_in_as
) -> None:  # type: ignore[no-untyped-def]
    sid, eid = _ana(engine)
    pm = sign_in_as("program_manager")
    bad = pm.post_form(f"/engagements/{eid}/outcomes", {**GOOD, "items_accepted": "x"})
    assert bad.status_code == 400
    assert 'data-field="items_accepted"' in bad.text
    made = pm.post_form(f"/engagements/{eid}/outcomes", {k: str(v) for k, v in GOOD.items()})
    assert made.status_code == 200 and "Outcome saved." in made.text
    assert "data-quality>0.900<" in made.text
    profile = pm.http.get(f"/bench/{sid}")
    assert 'data-estimate="841"' in profile.text
    assert "Quality estimate after each outcome" in profile.text
    listed = pm.http.get(f"/cycles/{made.text.split('/cycles/')[1].split('/')[0]}/outcomes")
    assert f'data-engagement="{eid}"' in listed.text


def test_two_people_reporting_one_engagements_day_at_once_take_turns_and_the_second_corrects(
    engine,
) -> None:  # type: ignore[no-untyped-def]
    """The first report holds its transaction open while the second arrives: the second waits for it,
    then finds its outcome and corrects it (before, both inserted and the second hit the unique index,
    a 500 on PostgreSQL)."""
    import threading
    from datetime import date

    from surgebench.domain.audit.service import Actor
    from surgebench.domain.outcomes import service as outcomes

    _sid, eid = _ana(engine)
    first_written, answers = threading.Event(), {}
    actor = Actor(None, "race test")

    def first() -> None:
        with unit_of_work(engine) as db:
            answers["first"] = outcomes.report_or_correct(db, actor, eid, GOOD, date(2026, 12, 2))[1]
            first_written.set()
            threading.Event().wait(0.5)  # the second report arrives while this one is uncommitted

    def second() -> None:
        first_written.wait(10)
        with unit_of_work(engine) as db:
            changed = {**GOOD, "items_accepted": 80}
            answers["second"] = outcomes.report_or_correct(db, actor, eid, changed, date(2026, 12, 2))[1]

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert answers == {"first": "created", "second": "corrected"}
    with unit_of_work(engine, writes=False) as db:
        [row] = outcomes.of_engagement(db, eid)
    assert row.items_accepted == 80
