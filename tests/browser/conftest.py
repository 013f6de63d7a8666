"""Browser fixtures: the real app (background jobs on) served by uvicorn on a free local port for each
test, over the shared ``engine`` fixture's database (so on SQLite and on PostgreSQL), driven by
Debian's Chromium through Playwright.

A failed browser test leaves a screenshot and the HTML of the page it was on in ``test-artifacts/``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from surgebench.lib.clock import FixedClock
from surgebench.settings import DatabaseSettings, JobSettings, SchedulerSettings, ServerSettings, Settings
from tests.live import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EXPECT_TIMEOUT_MS = 10_000
"""How long ``expect`` waits for a page to show what a test looks for (background jobs included)."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the test item, so the ``page`` fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


JOB_POLL = timedelta(seconds=1.5)
"""How often the live server's runner looks for jobs when nothing woke it (a job is taken the moment it is
queued: the tests' helpers wait for the jobs they queue, whoever runs them)."""


@pytest.fixture
def live_server(engine: Engine, database_url: str, clock: FixedClock) -> Iterator[str]:
    """Base URL of the real app (background jobs on, the tests' clock) over this test's database."""
    settings = Settings(
        db=DatabaseSettings(url=database_url),
        server=ServerSettings(run_jobs=True),
        jobs=JobSettings(poll_interval=JOB_POLL),
        scheduler=SchedulerSettings(enabled=False),
    )
    server = LiveServer(settings, clock)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's Chromium "
            "(apt-get install -y chromium; .ci/run does this) to run the browser tests",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fresh browser tab (no cookies) whose relative URLs resolve against the live server."""
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        artifacts = Path(request.config.rootpath) / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        tab.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        (artifacts / f"{name}.html").write_text(tab.content(), encoding="utf-8")
    context.close()
