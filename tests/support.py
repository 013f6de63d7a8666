"""Small helpers shared by tests (not fixtures)."""

from __future__ import annotations

import re

from litestar.testing import TestClient

_CSRF_INPUT = re.compile(r'name="_csrf" value="([^"]*)"')


def csrf_from(html: str) -> str:
    found = _CSRF_INPUT.search(html)
    assert found, "page has no CSRF field"
    return found.group(1)


def sign_in_via_form(http: TestClient, email: str, password: str) -> str:
    """Sign in through the real sign-in page; returns the session's CSRF token."""
    form = http.get("/sign-in")
    assert form.status_code == 200, form.text
    answer = http.post(
        "/sign-in",
        data={"_csrf": csrf_from(form.text), "email": email, "password": password},
        follow_redirects=False,
    )
    assert answer.status_code in (302, 303), answer.text
    landing = http.get("/")
    return csrf_from(landing.text)


def wait_for_jobs(engine, job_ids=None, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    """Wait until these jobs (or every job) have ended, whoever runs them: a live server's runner is woken
    the moment a job is queued and may take it before the test's own ``run_next`` does. A bound on a hung
    test, not a timing claim."""
    import threading

    from sqlalchemy import select

    from surgebench.db.orm import Job
    from surgebench.db.session import unit_of_work

    query = select(Job.id).where(Job.status.in_(("queued", "running")))
    if job_ids is not None:
        query = query.where(Job.id.in_(list(job_ids)))
    tick = threading.Event()
    for _ in range(int(seconds / 0.05)):
        with unit_of_work(engine, writes=False) as db:
            if not db.scalars(query).first():
                return
        tick.wait(0.05)
    raise AssertionError(f"jobs still queued or running after {seconds:.0f} s")
