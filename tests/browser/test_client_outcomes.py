"""A lab's program lead, in a real browser on the real date, reports an outcome of one of the people on its
running roster: refused with the field named when accepted exceeds reviewed, saved once fixed, then the
whole cycle from the downloaded template, filled in and uploaded."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select

from surgebench.app import job_kinds
from surgebench.db.orm import Cycle, Outcome
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import service as imports
from surgebench.domain.imports.kinds_service import HISTORY_IMPORT
from surgebench.domain.jobs import service as jobs
from surgebench.domain.portal.outcome_service import UPLOAD_COLUMNS
from surgebench.lib.clock import FixedClock
from tests.browser.test_manager_path import _sign_in
from tests.integration.programs.history_builders import Worked, history_csv
from tests.integration.specialists.bench_builders import add_specialist
from tests.support import wait_for_jobs

pytestmark = pytest.mark.browser

NOW = datetime.now(UTC)
"""The real date: the live server runs on it, and cycle 3 began a week before it."""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _running_cycle_with(engine: Engine, today: date, people: list[str]) -> int:
    """Aurora's orion program, cycle 3 begun a week ago, with these people on it (imported history)."""
    first = today - timedelta(weeks=18, days=7)
    for name in people:
        add_specialist(engine, email=f"{name}@example.test", full_name=f"{name.title()} Tester")
    worked = [
        Worked(f"{n}@example.test", "aurora-labs", "orion", 3, running=True, first=first) for n in people
    ]
    queued = imports.start_import(
        engine,
        Actor.system("test"),
        "history.csv",
        history_csv([w.cells() for w in worked]),
        inline=False,
        spec=HISTORY_IMPORT,
    )
    jobs.run_next(engine, job_kinds(), clock=FixedClock(NOW))
    wait_for_jobs(engine, [queued.id])
    with unit_of_work(engine, writes=False) as db:
        found = db.scalar(select(Cycle.id).where(Cycle.number == 3, Cycle.status == "active"))
    assert found is not None, "cycle 3 runs today"
    return found


def test_a_client_reports_an_outcome_then_uploads_the_cycles_outcomes(
    page: Page, engine: Engine, make_account, tmp_path: Path
) -> None:
    today = NOW.date()
    cycle_id = _running_cycle_with(engine, today, ["ana", "ben"])
    _user_id, email, password = make_account("client", "aurora-labs")
    _sign_in(page, email, password)

    page.goto(f"/client/cycles/{cycle_id}")
    page.get_by_role("link", name="Report outcomes").click()
    expect(page.locator("table.client-outcomes tbody tr")).to_have_count(2)
    page.locator("tr[data-entry='2'] a", has_text="enter or correct").click()
    expect(page.get_by_role("heading", name="Entry 2: Ben T.")).to_be_visible()

    form = page.locator("#new-outcome")
    form.locator("[name='reported_on']").fill(today.isoformat())
    form.locator("[name='items_reviewed']").fill("100")
    form.locator("[name='items_accepted']").fill("120")
    form.get_by_role("button", name="Save outcome").click()
    expect(page.locator("#new-outcome [data-field='items_accepted']")).to_contain_text(
        "more than the 100 reviewed"
    )
    page.locator("#new-outcome [name='items_accepted']").fill("85")
    page.locator("#new-outcome").get_by_role("button", name="Save outcome").click()
    expect(page.get_by_role("status")).to_contain_text("Outcome saved")
    expect(page.locator("tr[data-entry='2'] td[data-quality]")).to_have_text("0.850")

    with page.expect_download() as download:
        page.locator("[data-action='template']").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert [(r["entry_id"], r["display_name"]) for r in rows] == [("1", "Ana T."), ("2", "Ben T.")]
    rows[0].update(reported_on=today.isoformat(), items_reviewed="50", items_accepted="45", note="batch 1")
    filled = tmp_path / "outcomes.csv"
    with filled.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=UPLOAD_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    page.locator("input[name='file']").set_input_files(str(filled))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("[data-outcome='created']")).to_have_text("1")
    expect(page.locator("[data-outcome='skipped']")).to_have_text("1")
    page.get_by_role("link", name="Back to the outcomes").click()
    expect(page.locator("tr[data-entry='1'] td[data-quality]")).to_have_text("0.900")

    with unit_of_work(engine, writes=False) as db:
        reported = sorted(db.scalars(select(Outcome.items_accepted)))
    assert reported == [45, 85]
