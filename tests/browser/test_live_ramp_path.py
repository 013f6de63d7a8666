"""The live ramp in a real browser: a manager approves, three people answer through their links (one
accepts, one declines, one stays silent), the backfill runs, the ramp chart moves; the client sees the
fill."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select

from surgebench.app import scheduled_jobs
from surgebench.db.orm import SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.offers import service as offers
from surgebench.domain.upkeep.jobs import move_cycles_on_dates
from surgebench.domain.upkeep.service import Upkeep
from surgebench.lib.clock import FixedClock
from surgebench.settings import SchedulerSettings, Settings
from tests.integration.offers.offer_builders import link_of, offers_by_name
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, plan_now
from tests.support import wait_for_jobs

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _wait_for_offers_to(engine: Engine, orion, names: set[str]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(120):
        if names <= set(offers_by_name(engine, orion)):
            return
        time.sleep(0.5)
    raise AssertionError(f"no offers to {sorted(names)}: {sorted(offers_by_name(engine, orion))}")


def test_offers_answered_by_link_backfilled_and_the_ramp_moves(
    page: Page, browser, live_server: str, engine: Engine, make_account, clock: FixedClock
) -> None:
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    with unit_of_work(engine) as db:
        offers.set_terms(db, PM, request_id, 24, "", "auto")
    plan_id = plan_now(engine, request_id)
    _user_id, email, password = make_account("program_manager")
    _sign_in(page, email, password)
    page.goto(f"/plans/{plan_id}")
    page.get_by_role("button", name="Approve this plan").click()
    page.get_by_role("button", name="Yes, approve and write the roster").click()
    expect(page).to_have_url(re.compile(r"/cycles/\d+"))
    page.goto(f"/surges/{request_id}")
    ramp = page.locator("#live-ramp")
    expect(ramp).to_have_attribute("data-holding", "0")
    expect(ramp.locator("svg")).to_be_visible()

    found = offers_by_name(engine, orion)
    person = browser.new_context(base_url=live_server).new_page()  # no account, no cookies
    person.goto(f"/answer/{link_of(engine, found['ana'].id)}")
    person.get_by_role("button", name="Accept the offer").click()
    expect(person.get_by_role("status")).to_contain_text("you accepted")
    person.goto(f"/answer/{link_of(engine, found['ben'].id)}")
    person.get_by_label("Why not?").select_option("busy")
    person.get_by_role("button", name="Decline").click()
    expect(person.get_by_role("status")).to_contain_text("the seat goes to someone else")
    # Cai stays silent: the deadline passes, the schedule expires the offer and backfills both seats
    clock.advance(timedelta(hours=25))
    scheduler = SchedulerSettings(enabled=False)
    Upkeep(engine, scheduled_jobs(Settings(scheduler=scheduler)), clock, scheduler, instance="test").tick()
    wait_for_jobs(engine)
    _wait_for_offers_to(engine, orion, {"dev", "eve"})  # the solve's job approves right after solving
    page.goto(f"/surges/{request_id}")
    expect(page.locator("#live-ramp")).to_have_attribute("data-holding", "1")
    table = page.locator("table.live-ramp tfoot")
    expect(table).to_contain_text("1 held")
    expect(table.locator("td").nth(1)).to_have_text("5")  # five offers sent: the chart and table moved
    expect(page.locator("#live-ramp")).to_have_attribute("data-open", "0")
    assert offers_by_name(engine, orion)["cai"].state == "expired"

    # the cycle starts; the client sees the fill (accepted against the headcount), never who declined
    with unit_of_work(engine) as db:
        move_cycles_on_dates(db, datetime(2026, 12, 7, 1, tzinfo=UTC))
        cycle_id = db.scalar(select(SurgeRequest.cycle_id).where(SurgeRequest.id == request_id))
    _user_id, client_email, client_password = make_account("client", "aurora-labs")
    client = browser.new_context(base_url=live_server).new_page()
    _sign_in(client, client_email, client_password)
    client.goto(f"/client/cycles/{cycle_id}")
    expect(client.locator("[data-accepted]").first).to_be_visible()
    accepted = sum(int(t) for t in client.locator("[data-accepted]").all_inner_texts())
    assert accepted == 1
    assert "Ben" not in client.content() and "declin" not in client.content().lower()
