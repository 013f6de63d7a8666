"""What program managers and recruiters see: the program list, a program with its continuity chart, a
cycle's team (sortable, filterable, exportable), a person's engagements, and audited corrections."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from surgebench.db.orm import AuditEntry
from surgebench.db.session import unit_of_work
from tests.integration.programs.history_builders import Worked, record_history


@pytest.fixture
def orion(engine):  # type: ignore[no-untyped-def]
    record_history(
        engine,
        [
            Worked("ana@example.test", "aurora-labs", "orion", 1),
            Worked("ana@example.test", "aurora-labs", "orion", 2),
            Worked("ben@example.test", "aurora-labs", "orion", 1),
            Worked(
                "cat@example.test", "aurora-labs", "orion", 2, skill="math.algebra", level=4, weekly_hours=10
            ),
            Worked("ana@example.test", "meridian-ai", "atlas", 4, skill="math.algebra"),
        ],
    )


def _program_id(http) -> int:  # type: ignore[no-untyped-def]
    listing = http.get("/programs").text
    return int(re.search(r'href="/programs/(\d+)">Orion post-training', listing).group(1))  # type: ignore[union-attr]


def test_program_list_shows_client_model_current_cycle_team_and_continuity(orion, sign_in_as) -> None:
    recruiter = sign_in_as("recruiter")
    page = recruiter.http.get("/programs")
    assert page.status_code == 200
    row = re.search(r'<tr data-program="\d+">(.*?)</tr>', page.text, re.S).group(1)  # type: ignore[union-attr]
    assert "Aurora Labs" in row and "orion" in row and "Cycle 2" in row
    assert 'data-team="2"' in row and 'data-retention="0.5"' in row


def test_program_page_draws_team_per_cycle_with_returning_and_new(orion, sign_in_as) -> None:
    pm = sign_in_as("program_manager")
    page = pm.http.get(f"/programs/{_program_id(pm.http)}")
    assert page.status_code == 200
    svg = re.search(r"<svg class=\"chart\".*?</svg>", page.text, re.S).group(0)  # type: ignore[union-attr]
    assert "<title>C2: returning 1</title>" in svg and "<title>C2: new 1</title>" in svg
    assert "<title>C2: retention 50%</title>" in svg
    assert 'data-returning="1"' in page.text and 'data-retention="0.5"' in page.text


def test_cycle_team_sorts_filters_and_exports_the_same_people(orion, sign_in_as) -> None:
    pm = sign_in_as("program_manager")
    program = pm.http.get(f"/api/programs/{_program_id(pm.http)}").json()
    cycle_2 = next(c for c in program["cycles"] if c["number"] == 2)["id"]
    page = pm.http.get(f"/cycles/{cycle_2}?sort=hours&order=asc")
    names = re.findall(r'<a href="/bench/\d+">([^<]+)</a>', page.text)
    assert names == ["Cat", "Ana"]
    assert 'class="badge returning"' in page.text and 'class="badge new"' in page.text
    returning_only = pm.http.get(f"/cycles/{cycle_2}?returning=yes")
    assert re.findall(r'<a href="/bench/\d+">([^<]+)</a>', returning_only.text) == ["Ana"]
    exported = pm.http.get(f"/cycles/{cycle_2}/team.csv?sort=hours")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["full_name"], r["returning"], r["skill"]) for r in rows] == [
        ("Cat", "no", "math.algebra"),
        ("Ana", "yes", "coding.python"),
    ]
    bad = pm.http.get(f"/cycles/{cycle_2}?sort=shoe_size")
    assert bad.status_code == 400 and 'data-field="sort"' in bad.text


def test_team_api_pages_and_reports_figures(orion, api_as) -> None:
    recruiter = api_as("recruiter")
    program = next(p for p in recruiter.get("/api/programs").json() if p["model"] == "orion")
    team = recruiter.get(f"/api/cycles/{program['current_cycle']['id']}/team?per_page=1").json()
    assert team["total"] == 2 and len(team["items"]) == 1 and team["cycle"]["returning"] == 1
    assert team["items"][0]["full_name"] == "Ana" and team["items"][0]["cycles_worked"] == 2
    wrong = recruiter.get(f"/api/cycles/{program['current_cycle']['id']}/team?per_page=0")
    assert wrong.status_code == 400 and "per_page" in wrong.json()["fields"]
    assert recruiter.get("/api/cycles/999999/team").status_code == 404


def test_specialist_page_lists_engagements_newest_first(orion, engine, sign_in_as, api_as) -> None:
    staff = api_as("recruiter")
    ana = next(
        m for m in staff.get(f"/api/cycles/{_latest(staff)}/team").json()["items"] if m["full_name"] == "Ana"
    )
    engagements = staff.get(f"/api/specialists/{ana['specialist_id']}/engagements").json()
    assert [(e["client"], e["model"], e["cycle"]) for e in engagements] == [
        ("meridian-ai", "atlas", 4),
        ("aurora-labs", "orion", 2),
        ("aurora-labs", "orion", 1),
    ]
    page = sign_in_as("recruiter").http.get(f"/bench/{ana['specialist_id']}")
    models = re.findall(r'<tr data-engagement="\d+"[^>]*>\s*<td>[^<]+</td><td><code>(\w+)</code>', page.text)
    assert models == ["atlas", "orion", "orion"]


def _latest(http) -> int:  # type: ignore[no-untyped-def]
    return next(p for p in http.get("/api/programs").json() if p["model"] == "orion")["current_cycle"]["id"]


def test_a_correction_is_checked_and_audited(orion, engine, api_as, sign_in_as) -> None:
    staff = api_as("recruiter")
    member = staff.get(f"/api/cycles/{_latest(staff)}/team").json()["items"][0]
    url = f"/api/engagements/{member['engagement_id']}"
    outside = staff.patch(url, json={"starts_on": "2020-01-01"})
    assert outside.status_code == 400, outside.text
    assert "outside the cycle" in outside.json()["fields"]["starts_on"], outside.text
    fixed = staff.patch(url, json={"reported_quality": 0.875, "weekly_hours": 25})
    assert fixed.status_code == 200 and fixed.json()["reported_quality"] == 0.875
    with unit_of_work(engine) as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "correct")).one()
    assert entry.changes == {"weekly_hours": [20, 25], "reported_quality_milli": [None, 875]}
    form = sign_in_as("program_manager")
    answer = form.post_form(
        f"/engagements/{member['engagement_id']}",
        {"level": "9", "weekly_hours": "25", "skill_id": "coding.python", "starts_on": member["starts_on"]},
        follow_redirects=False,
    )
    assert answer.status_code == 400 and 'data-field="level"' in answer.text


def test_client_terms_are_set_by_program_managers_and_audited(engine, api_as, sign_in_as) -> None:
    pm = api_as("program_manager")
    aurora = next(c for c in pm.get("/api/clients").json() if c["slug"] == "aurora-labs")
    answer = pm.patch(
        f"/api/clients/{aurora['id']}",
        json={"competitors": ["meridian-ai"], "cooldown_days": 60, "both_ways": True},
    )
    assert answer.status_code == 200 and answer.json()["competitors"] == ["meridian-ai"]
    meridian = next(c for c in pm.get("/api/clients").json() if c["slug"] == "meridian-ai")
    assert meridian["competitors"] == ["aurora-labs"]  # both ways
    itself = pm.patch(f"/api/clients/{aurora['id']}", json={"competitors": ["aurora-labs"]})
    assert itself.status_code == 400 and "competitors" in itself.json()["fields"]
    assert (
        api_as("recruiter").patch(f"/api/clients/{aurora['id']}", json={"cooldown_days": 1}).status_code
        == 403
    )
    with unit_of_work(engine) as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.entity_type == "client")).first()
    assert entry is not None and entry.changes["cooldown_days"] == [0, 60]
    page = sign_in_as("program_manager").post_form(f"/clients/{aurora['id']}", {"cooldown_days": "abc"})
    assert page.status_code == 400 and 'data-field="cooldown_days"' in page.text
