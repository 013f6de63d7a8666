"""The program manager's forms in a real browser: the next cycle's request proposes the cycle after the
one already requested, its ramp start follows the cycle's start, the minimum quality shown is the one
saved; cancelling asks first; after a pin on the plan page "Plan again" is right there; *why* takes a name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.browser.test_manager_path import _sign_in
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now

pytestmark = pytest.mark.browser


def test_the_next_request_follows_the_last_and_cancelling_asks_first(
    page: Page, engine: Engine, make_account
) -> None:
    orion = orion_with_history(engine)
    create_request(engine, orion.program_id)  # cycle 3, Mon 2026-12-07 to Fri 2027-02-26
    _user_id, email, password = make_account("program_manager")
    _sign_in(page, email, password)

    page.goto(f"/programs/{orion.program_id}")
    page.get_by_role("link", name="Request a surge for the next cycle").click()
    expect(page.locator("[name='cycle.number']")).to_have_value("4")
    expect(page.locator("[name='cycle.model_version']")).to_have_value("orion-4")
    expect(page.locator("[name='cycle.starts_on']")).to_have_value("2027-03-01")
    expect(page.locator("[name='ramp_start']")).to_have_value("2027-03-01")
    expect(page.locator("[name='roles[0].min_quality']")).to_have_value("0.700")

    # The ramp start follows the cycle's start until it is set apart; then it stays.
    page.locator("[name='cycle.starts_on']").fill("2027-03-08")
    expect(page.locator("[name='ramp_start']")).to_have_value("2027-03-08")
    page.locator("[name='ramp_start']").fill("2027-03-10")
    page.locator("[name='cycle.starts_on']").fill("2027-03-09")
    expect(page.locator("[name='ramp_start']")).to_have_value("2027-03-10")

    page.locator("[name='roles[0].key']").fill("python")
    page.locator("[name='roles[0].skill']").select_option("coding.python")
    page.locator("[name='roles[0].min_level']").fill("3")
    page.locator("[name='roles[0].headcount']").fill("2")
    page.locator("[name='roles[0].hours_per_week']").fill("20")
    page.get_by_role("button", name="Create the request").click()
    expect(page.get_by_role("status")).to_contain_text("Surge request created")
    expect(page.locator("tr[data-role='python']")).to_contain_text("0.700")  # as shown, not 0.000
    expect(page.locator("table.ramp tbody tr").first).to_contain_text("2027-03-10")
    expect(page.locator("h1")).to_contain_text("cycle 4")

    # Cancelling asks first; "No" keeps the request, "Yes" cancels it.
    page.get_by_role("button", name="Cancel the request").click()
    expect(page.locator("[data-confirm='cancel']")).to_be_visible()
    page.get_by_role("link", name="No, keep it").click()
    expect(page.locator("[data-status='open']")).to_be_visible()
    page.get_by_role("button", name="Cancel the request").click()
    page.get_by_role("button", name="Yes, cancel the request").click()
    expect(page.get_by_role("status")).to_contain_text("Request cancelled")
    expect(page.locator("[data-status='cancelled']")).to_be_visible()


def test_plan_again_after_a_pin_on_the_plan_page_and_why_by_name(
    page: Page, engine: Engine, make_account
) -> None:
    orion = orion_with_history(engine)
    plan_id = plan_now(engine, create_request(engine, orion.program_id))
    _user_id, email, password = make_account("program_manager")
    _sign_in(page, email, password)

    page.goto(f"/plans/{plan_id}")
    expect(page.locator("[data-weekly-cost]")).to_have_text("$2,400.00 / week")
    page.locator("tr", has_text="Cai").get_by_role("button", name="pin").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text("Pinned")
    notice.get_by_role("button", name="Plan again").click()
    expect(page).not_to_have_url(re.compile(rf"/plans/{plan_id}(\?|$)"))
    expect(page.locator("[data-plan-status='ready']")).to_be_visible(timeout=30_000)

    page.get_by_label(re.compile("Why is this person in the plan")).fill("hal")
    page.get_by_role("button", name="Explain").click()
    expect(page.locator("h1")).to_contain_text("Why Hal")
    expect(page.locator("h1")).to_contain_text("hal@example.test")
    expect(page.locator("table.explain")).to_contain_text("competitor")
