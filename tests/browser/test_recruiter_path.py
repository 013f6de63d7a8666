"""The recruiter's everyday path, through a real browser: sign in, filter the bench, edit a specialist,
import a CSV (first with a bad row, then fixed), and find the imported specialist on the bench."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports.csv_schemas import header_line
from surgebench.domain.specialists import service as specialists
from surgebench.domain.specialists.record_schemas import SpecialistRecord

pytestmark = pytest.mark.browser

EVERYONE = ["Asha Rao", "Bilal Khan", "Carmen Ruiz", "Dev Patel", "Divya Menon"]
"""The bench before any import, as the list shows it (sorted by name)."""


def _add_specialist(
    engine: Engine, email: str, name: str, country: str, skills: dict[str, int], weekly_hours: int = 20
) -> None:
    record = SpecialistRecord(
        email=email,
        full_name=name,
        country=country,
        timezone="UTC",
        languages=("en",),
        skills=tuple(sorted(skills.items())),
        status="vetted",
        vetting_expires=None,
        available_from=None,
        weekly_hours=weekly_hours,
        quality=Decimal("0.900"),
        hourly_rate=Decimal("40.00"),
    )
    with unit_of_work(engine) as db:
        specialists.create(db, Actor.system("test"), record)


def _bench_names(page: Page):  # type: ignore[no-untyped-def]
    """The names listed in the bench table, in the order shown."""
    return page.get_by_role("table").locator("tbody").get_by_role("link")


def _import_rows(elif_skills: str) -> list[str]:
    """Lines 2–4 of the import: Bilal updated (Python 2 → 4), Elif and Femi new."""
    return [
        "bilal@example.test,Bilal Khan,IN,UTC,en,coding.python:4,vetted,,,25,0.850,42.00",
        f"elif@example.test,Elif Demir,TR,Europe/Istanbul,tr;en,{elif_skills},vetted,,,30,0.910,55.00",
        "femi@example.test,Femi Adeyemi,NG,Africa/Lagos,en;yo,math.statistics:4,applicant,,,10,0.700,30.00",
    ]


def _write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([header_line().decode().strip(), *rows]) + "\n", encoding="utf-8")
    return path


def _import(page: Page, csv_file: Path) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Import").click()
    page.get_by_label("CSV file").set_input_files(csv_file)
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))


def test_recruiter_filters_edits_and_imports_through_the_browser(
    page: Page, engine: Engine, make_account, tmp_path: Path
) -> None:
    _user_id, email, password = make_account("recruiter")
    _add_specialist(engine, "asha@example.test", "Asha Rao", "IN", {"coding.python": 4, "math.algebra": 2})
    _add_specialist(engine, "dev@example.test", "Dev Patel", "IN", {"coding.python": 3})
    _add_specialist(engine, "bilal@example.test", "Bilal Khan", "IN", {"coding.python": 2})
    _add_specialist(engine, "carmen@example.test", "Carmen Ruiz", "ES", {"coding.python": 5})
    _add_specialist(engine, "divya@example.test", "Divya Menon", "IN", {"math.algebra": 5})

    # Sign in: a recruiter lands on the bench, everyone listed.
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Bench")).to_be_visible()
    expect(_bench_names(page)).to_have_text(EVERYONE)

    # Python at level 3 or more, in India: exactly Asha and Dev (Bilal is too junior, Carmen in Spain,
    # Divya has no Python).
    page.get_by_label("Skill").select_option("coding.python")
    page.get_by_label("Min level").select_option("3")
    page.get_by_label("Country").fill("IN")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"skill=coding.python.*country=IN"))
    expect(_bench_names(page)).to_have_text(["Asha Rao", "Dev Patel"])
    expect(page.get_by_text("2 specialists")).to_be_visible()

    # Open Asha, raise her hours and her Python level, save: the page shows the new values.
    _bench_names(page).get_by_text("Asha Rao").click()
    expect(page.get_by_role("heading", name="Asha Rao")).to_be_visible()
    page.get_by_label("Weekly hours").fill("32")
    page.get_by_label("Skills").fill("coding.python:5\nmath.algebra:2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Changes saved.")
    expect(page.get_by_role("definition").filter(has_text="offered")).to_have_text("32 offered, 0 committed")
    expect(page.get_by_role("definition").filter(has_text="coding.python")).to_have_text(
        "coding.python 5, math.algebra 2"
    )
    expect(page.get_by_label("Weekly hours")).to_have_value("32")

    # Import a file whose line 3 names a skill that does not exist: that line's problem is shown,
    # and nothing is written (not even the good rows around it).
    _import(page, _write_csv(tmp_path / "bench-bad.csv", *_import_rows(elif_skills="coding.cobol:3")))
    expect(page.get_by_text("Status: failed")).to_be_visible()  # the page reloads itself until the job ends
    problems = page.get_by_role("table").locator("tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first.locator("td")).to_have_text(["3", "skills", "unknown skill 'coding.cobol'"])
    page.get_by_role("navigation").get_by_role("link", name="Bench").click()
    expect(_bench_names(page)).to_have_text(EVERYONE)
    expect(page.get_by_role("row", name=re.compile("Bilal Khan"))).to_contain_text("coding.python 2")

    # Fix line 3 and import again: two created, one updated; Elif is on the bench with her skill.
    _import(page, _write_csv(tmp_path / "bench-fixed.csv", *_import_rows(elif_skills="coding.go:3")))
    expect(page.get_by_text("Status: succeeded")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Imported 3 rows: 2 created, 1 updated, 0 unchanged.")
    page.get_by_role("link", name="Back to the bench").click()
    page.get_by_label("Skill").select_option("coding.go")
    page.get_by_label("Country").fill("TR")
    page.get_by_role("button", name="Filter").click()
    expect(_bench_names(page)).to_have_text(["Elif Demir"])
    expect(page.get_by_role("row", name=re.compile("Elif Demir"))).to_contain_text("coding.go 3")
