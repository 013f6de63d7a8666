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
    answer = http.post("/sign-in", data={"_csrf": csrf_from(form.text), "email": email, "password": password},
                       follow_redirects=False)
    assert answer.status_code in (302, 303), answer.text
    landing = http.get("/")
    return csrf_from(landing.text)
