"""The program manager's path through the real order of events, in a real browser: approve cycle 3, plan
cycle 4 while cycle 3 runs (its returning people kept), a drop-out re-planned from /attention with the
team and its start dates kept, and a rival client's surge for the same weeks refused the people on the
other client's roster (the term written by one side only)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select

from surgebench.db.orm import Cycle, Engagement
from surgebench.db.session import unit_of_work
from surgebench.domain.programs.service import create_program
from surgebench.domain.specialists import service as specialists
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import PM, orion_with_history

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _request(page: Page, program: str, starts: str, ends: str, headcount: int) -> None:
    """Request a surge from the program's page: one Python role of 20 h, the ramp from the cycle's start."""
    page.goto("/programs")
    page.get_by_role("link", name=program).click()
    page.get_by_role("link", name="Request a surge for the next cycle").click()
    page.locator("[name='cycle.starts_on']").fill(starts)
    page.locator("[name='cycle.ends_on']").fill(ends)
    page.locator("[name='ramp_start']").fill(starts)
    page.locator("[name='roles[0].key']").fill("python")
    page.locator("[name='roles[0].skill']").select_option("coding.python")
    page.locator("[name='roles[0].min_level']").fill("3")
    page.locator("[name='roles[0].headcount']").fill(str(headcount))
    page.locator("[name='roles[0].hours_per_week']").fill("20")
    page.get_by_role("button", name="Create the request").click()
    expect(page.get_by_role("status")).to_contain_text("Surge request created")


def _plan(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Plan")).first.click()
    expect(page.locator("[data-plan-status='ready']")).to_be_visible(timeout=30_000)


def _approve(page: Page) -> None:
    page.get_by_role("button", name="Approve this plan").click()
    page.get_by_role("button", name="Yes, approve and write the roster").click()
    expect(page).to_have_url(re.compile(r"/cycles/\d+"))


def _people(page: Page) -> list[str]:
    return page.locator("table.plan-people tbody tr td:first-child").all_inner_texts()


def _starts(engine: Engine, cycle_number: int) -> dict[int, str]:
    with unit_of_work(engine, writes=False) as db:
        rows = db.execute(
            select(
                Engagement.specialist_id, Engagement.starts_on, Engagement.withdrawn_on, Engagement.ends_on
            )
            .join(Cycle, Cycle.id == Engagement.cycle_id)
            .where(Cycle.number == cycle_number, Cycle.program_id == 1)
        ).all()
    return {sid: str(starts) for sid, starts, withdrawn, ends in rows if withdrawn is None and ends is None}


def test_manager_plans_the_next_cycle_replans_a_dropout_and_a_rival_is_refused(
    page: Page, engine: Engine, make_account
) -> None:
    orion = orion_with_history(engine)  # Aurora lists Meridian (90 days); Meridian lists nobody
    for name in ("fay", "gus", "ida"):
        add_specialist(
            engine,
            email=f"{name}@example.test",
            full_name=name.title(),
            skills="coding.python:4",
            quality="0.720",
        )
    people = {**orion.people}
    for sid in people.values():
        with unit_of_work(engine) as db:
            specialists.update(db, PM, sid, {"weekly_hours": 40})  # only the rival term keeps them apart
    with unit_of_work(engine) as db:
        create_program(db, PM, "meridian-ai", "nova", "Nova post-training")
    _user_id, email, password = make_account("program_manager")
    _sign_in(page, email, password)

    # Cycle 3, approved: Ana and Ben come back from cycle 2, Cai and Dev are new.
    _request(page, "Orion post-training", "2026-12-07", "2027-02-26", 4)
    _plan(page)
    expect(page.locator("[data-solve-status='optimal']")).to_be_visible()
    cycle_3 = sorted(_people(page))
    assert cycle_3 == ["Ana", "Ben", "Cai", "Dev"]
    _approve(page)

    # Cycle 4, planned while cycle 3 runs: everyone on cycle 3 is back (they are free once it ends).
    _request(page, "Orion post-training", "2027-03-08", "2027-05-21", 4)
    _plan(page)
    assert sorted(_people(page)) == cycle_3
    expect(page.locator("[data-returning]").first).to_have_attribute("data-returning", "4")

    # Cai drops out of cycle 3: /attention offers the re-plan; the team keeps its start dates.
    before = _starts(engine, 3)
    with unit_of_work(engine) as db:
        specialists.update(db, PM, people["cai"], {"status": "suspended"})
    page.goto("/attention")
    page.locator("tr", has_text="Cai").get_by_role("button", name="Re-plan").click()
    expect(page.locator("[data-plan-status='ready']")).to_be_visible(timeout=30_000)
    replanned = _people(page)
    assert "Cai" not in replanned and {"Ana", "Ben", "Dev"} <= set(replanned) and len(replanned) == 4
    _approve(page)
    after = _starts(engine, 3)
    for name in ("ana", "ben", "dev"):
        assert after[people[name]] == before[people[name]], name
    assert people["cai"] not in after

    # Meridian surges the same weeks: Aurora's term keeps its roster off Meridian's plan, and the request
    # page says where the term comes from.
    _request(page, "Nova post-training", "2026-12-07", "2027-02-26", 4)
    expect(page.locator("[data-rival='aurora-labs']")).to_contain_text("Aurora Labs' terms")
    _plan(page)
    taken = set(_people(page))
    assert not taken & {"Ana", "Ben", "Dev"}, taken
