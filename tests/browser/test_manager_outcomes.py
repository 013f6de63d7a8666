"""A program manager in a real browser sets the program's quality gate, enters a weak outcome for one of
last cycle's people, and sees the gate's effect: the person is held back on the program page and listed
on /attention."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.test_manager_path import _sign_in
from tests.integration.surges.surge_builders import orion_with_history

pytestmark = pytest.mark.browser


def test_a_manager_enters_an_outcome_and_sees_the_gate_hold_someone_back(
    page: Page, engine: Engine, make_account
) -> None:
    orion = orion_with_history(engine)
    ben = orion.people["ben"]
    _user_id, email, password = make_account("program_manager")
    _sign_in(page, email, password)

    page.goto(f"/programs/{orion.program_id}")
    page.locator("[name='min_returning_outcome']").fill("0.700")
    page.get_by_role("button", name="Save the gate").click()
    expect(page.get_by_role("status")).to_contain_text("Quality gate saved")
    expect(page.locator("[data-min-returning]")).to_have_text("0.700")
    expect(page.locator("table.held-back")).to_have_count(0)

    page.locator("tr[data-cycle='2'] a").first.click()
    page.get_by_role("link", name="Outcomes of this cycle").click()
    page.locator(f"tr[data-specialist='{ben}'] a", has_text="enter or correct").click()
    form = page.locator("#new-outcome")
    form.locator("[name='reported_on']").fill("2026-05-01")
    form.locator("[name='items_reviewed']").fill("100")
    form.locator("[name='items_accepted']").fill("120")
    form.get_by_role("button", name="Save outcome").click()
    expect(page.locator("[data-field='items_accepted']")).to_contain_text("more than the 100 reviewed")
    page.locator("#new-outcome [name='items_accepted']").fill("65")
    page.locator("#new-outcome").get_by_role("button", name="Save outcome").click()
    expect(page.get_by_role("status")).to_contain_text("Outcome saved")
    expect(page.locator("td[data-quality]").first).to_have_text("0.650")

    page.goto(f"/programs/{orion.program_id}")
    held = page.locator(f"table.held-back tr[data-specialist='{ben}']")
    expect(held).to_contain_text("last cycle's outcome 0.650 is below the gate's 0.700")
    page.goto("/attention")
    expect(page.locator(f"table.held-back tr[data-specialist='{ben}']")).to_be_visible()
