"""A lab's program lead, through a real browser: sign in, open the current cycle's roster, export it, and
be refused another client's roster by URL."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine

from tests.integration.portal.portal_builders import two_tenants

pytestmark = pytest.mark.browser


def test_client_opens_exports_and_cannot_see_another_clients_roster(
    page: Page, engine: Engine, make_account
) -> None:
    tenants = two_tenants(engine)
    _user_id, email, password = make_account("client", "aurora-labs")
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()

    # Lands on their programs: only Orion, its current cycle active.
    expect(page.get_by_role("heading", name="Your programs")).to_be_visible()
    expect(page.locator("table.programs tbody tr")).to_have_count(1)
    expect(page.get_by_role("navigation").get_by_role("link")).to_have_text(["Your programs"])
    page.get_by_role("link", name="Orion post-training").click()
    page.get_by_role("link", name="Cycle 3").click()

    # The roster: display names, roles, returning badges; no e-mails.
    rows = page.locator("table.roster tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.locator("td:first-child")).to_have_text(["Ana T.", "Ben T."])
    expect(page.locator("table.roster")).not_to_contain_text("@")

    # Export it: the same people in the file.
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    content = download.value.path().read_text(encoding="utf-8")
    people = [row["display_name"] for row in csv.DictReader(io.StringIO(content))]
    assert people == ["Ana T.", "Ben T."]

    # Meridian's roster by URL: the same answer as a cycle that does not exist.
    answer = page.goto(f"/client/cycles/{tenants['meridian-ai'].cycle_ids[2]}")
    assert answer is not None and answer.status == 404
    expect(page.get_by_text("There is no cycle")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Zoltan")
