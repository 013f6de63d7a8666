"""The program manager's path, through a real browser: request a surge, watch the plan being made, pin
one person and exclude another, plan again, compare the versions, approve, see the roster; then a second
approval of a plan sharing people is refused with the conflict named."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from surgebench.db.session import unit_of_work
from surgebench.domain.programs.service import create_program
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, plan_now

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _wait_until_ready(page: Page) -> None:
    expect(page.locator("[data-plan-status='ready']")).to_be_visible(timeout=30_000)


def _people(page: Page):  # type: ignore[no-untyped-def]
    return page.locator("table.plan-people tbody tr td:first-child")


def test_manager_requests_plans_adjusts_compares_and_approves(
    page: Page, engine: Engine, make_account
) -> None:
    orion_with_history(engine)
    with unit_of_work(engine) as db:
        lyra = create_program(db, PM, "aurora-labs", "lyra")
    rival_plan = plan_now(engine, create_request(engine, lyra.id))  # the same best people, planned apart
    _user_id, email, password = make_account("program_manager")
    _sign_in(page, email, password)

    # Request a surge on Orion's next cycle: three Python coders, the default ramp.
    page.goto("/programs")
    page.get_by_role("link", name="Orion post-training").click()
    page.get_by_role("link", name="Request a surge for the next cycle").click()
    page.locator("[name='cycle.starts_on']").fill("2026-12-07")
    page.locator("[name='cycle.ends_on']").fill("2027-02-26")
    page.locator("[name='ramp_start']").fill("2026-12-07")
    page.locator("[name='roles[0].key']").fill("python")
    page.locator("[name='roles[0].skill']").select_option("coding.python")
    page.locator("[name='roles[0].min_level']").fill("3")
    page.locator("[name='roles[0].min_quality']").fill("0.700")
    page.locator("[name='roles[0].headcount']").fill("3")
    page.locator("[name='roles[0].hours_per_week']").fill("20")
    page.get_by_role("button", name="Create the request").click()
    expect(page.get_by_role("status")).to_contain_text("Surge request created")

    # Plan: the page shows the solve waiting or running, then the plan.
    page.get_by_role("button", name="Plan").click()
    expect(page.locator("section.progress")).to_be_visible()
    _wait_until_ready(page)
    expect(page.locator("[data-solve-status='optimal']")).to_be_visible()
    expect(_people(page)).to_have_text(["Ana", "Ben", "Cai"])
    first_plan = page.url

    # Keep Cai on her role (pin) and take Ben out (exclude): the plan is now out of date.
    page.locator("tr", has_text="Cai").get_by_role("button", name="pin").click()
    expect(page.locator("[data-outdated]")).to_be_visible()
    page.locator("tr", has_text="Ben").get_by_role("button", name="exclude").click()

    # Plan again from the request's page.
    page.get_by_role("link", name=re.compile("lyra|orion cycle 3")).first.click()
    expect(page.locator("ul.pins")).to_contain_text("Cai")
    expect(page.locator("ul.exclusions")).to_contain_text("Ben")
    page.get_by_role("button", name="Plan again").click()
    _wait_until_ready(page)
    expect(_people(page)).to_have_text(["Ana", "Cai", "Dev"])

    # Compare the versions: Dev joined, Ben left.
    page.get_by_role("link", name="compare with this one").click()
    expect(page.locator("ul.joined")).to_contain_text("Dev")
    expect(page.locator("ul.left")).to_contain_text("Ben")
    page.go_back()
    assert page.url != first_plan

    # Approve, once asked to confirm: the cycle's roster shows the people (staffed; it becomes active on
    # its start date).
    page.get_by_role("button", name="Approve this plan").click()
    expect(page.locator("[data-confirm='approve']")).to_contain_text("3 people")
    page.get_by_role("button", name="Yes, approve and write the roster").click()
    expect(page).to_have_url(re.compile(r"/cycles/\d+"))
    expect(page.locator("[data-status='staffing']")).to_be_visible()
    expect(page.locator("table.team tbody td:first-child")).to_have_text(["Ana", "Cai", "Dev"])

    # The Lyra plan shares Ana and Cai: approving it now is refused, naming them.
    page.goto(f"/plans/{rival_plan}")
    page.get_by_role("button", name="Approve this plan").click()
    page.get_by_role("button", name="Yes, approve and write the roster").click()
    conflict = page.locator("[data-conflict='approval_conflict']")
    expect(conflict).to_be_visible()
    expect(conflict.locator("ul.conflict-people")).to_contain_text("Ana")
    expect(conflict.get_by_role("button", name="Plan again")).to_be_visible()
