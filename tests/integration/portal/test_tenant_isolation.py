"""Tenant isolation, proven over the whole route table: a client user calling any route that takes an id,
with another client's ids and with ids that belong to nobody, gets 403 or 404 — the same answer either
way, so nothing tells it what exists elsewhere — and never another client's data; list routes never
include another client's rows. New routes are walked without editing this file."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from surgebench.app import create_app
from surgebench.db.orm import ApiToken, Engagement, Job, User
from surgebench.db.session import unit_of_work
from tests.integration.portal.portal_builders import MERIDIAN_MARKERS, two_tenants
from tests.integration.routes import UNSAFE, endpoints

NOBODY = 987_654
_PARAM = re.compile(r"\{(\w+):int\}")


@pytest.fixture
def tenants(engine, make_account):  # type: ignore[no-untyped-def]
    found = two_tenants(engine)
    meridian_user, _email, _password = make_account("client", "meridian-ai")
    from surgebench.domain.accounts import service as accounts
    from surgebench.domain.audit.service import Actor
    from surgebench.domain.outcomes import service as outcomes

    with unit_of_work(engine) as db:
        accounts.create_api_token(db, Actor.system("test"), accounts.get_user(db, meridian_user), "theirs")
        token_id = db.scalar(select(ApiToken.id).where(ApiToken.user_id == meridian_user))
        job_id = db.scalar(select(Job.id).order_by(Job.id))
        theirs = found["meridian-ai"].engagement_id
        starts = db.scalar(select(Engagement.starts_on).where(Engagement.id == theirs))
        raw = {"reported_on": starts, "items_reviewed": 10, "items_accepted": 9}
        outcome_id = outcomes.report(db, Actor.system("test"), theirs, raw, starts).id
    extra = {"user_id": meridian_user, "token_id": token_id, "job_id": job_id, "outcome_id": outcome_id}
    return found, extra


def _foreign_ids(tenants: Any) -> dict[str, int]:
    """For every id a route takes, one that belongs to Meridian AI (or to nobody Aurora may see)."""
    found, extra = tenants
    m = found["meridian-ai"]
    return {
        "program_id": m.program_id,
        "cycle_id": m.cycle_ids[-2],
        "engagement_id": m.engagement_id,
        "specialist_id": m.specialist_id,
        "request_id": m.request_id,
        "plan_id": m.plan_id,
        "other_id": m.plan_id,
        "client_id": m.client_id,
        "offer_id": 1,  # staff routes only: a client is refused whatever the offer
        "outcome_id": 1,  # staff routes only (main's outcomes)
        "entry_id": 1,  # a place on a roster: with Meridian's cycle, the first person on Meridian's
        "token": "x" * 43,  # an answer link (public): a wrong one is a 404 for anyone
        **extra,
    }


def _url(path: str, ids: dict[str, int] | int) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if isinstance(ids, int):
            return str(ids)
        assert name in ids, f"route parameter {name!r} is new: say which of its ids belongs to another client"
        return str(ids[name])

    return _PARAM.sub(fill, path)


def _normalised(answer: Any) -> tuple[int, str]:
    return answer.status_code, re.sub(r"\d+", "N", answer.text)


def _call(http: Any, method: str, url: str, csrf: str | None) -> Any:
    if method in UNSAFE:
        if csrf is not None:
            return http.request(method, url, data={"_csrf": csrf}, follow_redirects=False)
        return http.request(method, url, json={}, follow_redirects=False)
    return http.request(method, url, follow_redirects=False)


def test_a_client_gets_the_same_refusal_for_another_clients_ids_as_for_missing_ones(
    settings, tenants, api_as, sign_in_as
) -> None:
    foreign = _foreign_ids(tenants)
    api = api_as("client", "aurora-labs")
    browser = sign_in_as("client", "aurora-labs")
    walked, problems = 0, []
    for endpoint in endpoints(create_app(settings)):
        if not _PARAM.search(endpoint.path):
            continue
        http, csrf = (api, None) if endpoint.is_api else (browser.http, browser.csrf)
        theirs = _call(http, endpoint.method, _url(endpoint.path, foreign), csrf)
        nobodys = _call(http, endpoint.method, _url(endpoint.path, NOBODY), csrf)
        walked += 1
        where = f"{endpoint.method} {endpoint.path}"
        if theirs.status_code not in (403, 404):
            problems.append(f"{where}: another client's id answered {theirs.status_code}")
        if _normalised(theirs) != _normalised(nobodys):
            problems.append(
                f"{where}: another client's id ({theirs.status_code}) is told apart from a missing "
                f"one ({nobodys.status_code})"
            )
        leaked = [m for m in MERIDIAN_MARKERS if m in theirs.text]
        if leaked:
            problems.append(f"{where}: the answer shows {leaked}")
    assert walked > 40, "the walk found the routes that take ids"
    assert not problems, "\n".join(problems)


def test_list_routes_never_show_another_clients_rows(settings, tenants, api_as, sign_in_as) -> None:
    api = api_as("client", "aurora-labs")
    browser = sign_in_as("client", "aurora-labs")
    shown, problems = [], []
    for endpoint in endpoints(create_app(settings)):
        if _PARAM.search(endpoint.path) or endpoint.method != "GET" or endpoint.path.startswith("/static"):
            continue
        http = api if endpoint.is_api else browser.http
        answer = http.get(endpoint.path, follow_redirects=False)
        if answer.status_code == 200:
            shown.append(endpoint.path)
        leaked = [m for m in MERIDIAN_MARKERS if m in answer.text]
        if leaked:
            problems.append(f"GET {endpoint.path} ({answer.status_code}) shows {leaked}")
    assert {"/client/programs", "/api/client/programs"} <= set(shown)
    assert not problems, "\n".join(problems)


def test_a_client_lists_its_own_programs_and_opens_its_own_roster(tenants, api_as) -> None:
    aurora = tenants[0]["aurora-labs"]
    api = api_as("client", "aurora-labs")
    programs = api.get("/api/client/programs").json()
    assert [p["model"] for p in programs] == ["orion"]
    assert [c["status"] for c in programs[0]["cycles"]] == ["closed", "closed", "active", "staffing"]
    roster = api.get(f"/api/client/cycles/{aurora.cycle_ids[2]}/roster").json()
    assert {e["display_name"] for e in roster["items"]} == {"Ana T.", "Ben T."}
    assert {e["display_name"]: e["returning"] for e in roster["items"]} == {"Ana T.": True, "Ben T.": True}
    assert {e["display_name"]: e["cycles_on_model"] for e in roster["items"]} == {"Ana T.": 3, "Ben T.": 2}


def test_a_cycle_being_staffed_shows_no_roster_and_no_plan(tenants, api_as) -> None:
    staffing = tenants[0]["aurora-labs"].cycle_ids[-1]
    roster = api_as("client", "aurora-labs").get(f"/api/client/cycles/{staffing}/roster").json()
    assert (
        roster["cycle"]["status"] == "staffing" and roster["items"] == [] and roster["cycle"]["team"] is None
    )


def test_a_client_sees_no_personal_data_beyond_the_rule(tenants, api_as) -> None:
    aurora = tenants[0]["aurora-labs"]
    roster = api_as("client", "aurora-labs").get(f"/api/client/cycles/{aurora.cycle_ids[2]}/roster")
    entry = roster.json()["items"][0]
    assert set(entry) == {
        "entry_id",
        "display_name",
        "role",
        "skill",
        "level",
        "starts_on",
        "ends_on",
        "returning",
        "cycles_on_model",
    }
    for private in ("@example.test", "Tester", "hourly", "quality", "email", "IN", "Asia/Kolkata"):
        assert private not in roster.text, private
    csv_text = (
        api_as("client", "aurora-labs").get(f"/api/client/cycles/{aurora.cycle_ids[2]}/roster.csv").text
    )
    assert csv_text.splitlines()[0] == (
        "display_name,role,skill,level,starts_on,ends_on,returning,cycles_on_model"
    )
    assert "@" not in csv_text and "Tester" not in csv_text


def test_staff_pages_and_the_schema_browser_are_closed_to_clients(api_as, sign_in_as) -> None:
    browser = sign_in_as("client", "aurora-labs")
    for path in ("/bench", "/programs", "/surges", "/hiring", "/admin/users", "/clients"):
        assert browser.http.get(path, follow_redirects=False).status_code == 403, path
    assert api_as("client", "aurora-labs").get("/api/schema/openapi.json").status_code == 403
    landing = browser.http.get("/", follow_redirects=True)
    nav = re.search(r"<nav>(.*?)</nav>", landing.text, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'href="([^"]+)"', nav) == ["/client/programs"]


def test_client_users_are_never_another_tenant(engine, make_account) -> None:
    user_id, _email, _password = make_account("client", "aurora-labs")
    with unit_of_work(engine) as db:
        assert db.get(User, user_id).client_id is not None
