"""What a client reads about its own programs: a cycle's roster filtered and sorted (page and API), the
share of each cycle's team that came back from the cycle before, and the ramp of a cycle that is starting
— as figures in the API and as charts with their figures on the pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient

from surgebench.app import create_app
from surgebench.db.session import unit_of_work
from surgebench.domain.upkeep.jobs import move_cycles_on_dates
from surgebench.lib.clock import FixedClock
from tests.integration.portal.portal_builders import Tenant, two_tenants
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import plan_now

START = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
"""Cycle 4's first (and only) ramp day in the builders' requests."""


@pytest.fixture
def aurora(engine):  # type: ignore[no-untyped-def]
    return two_tenants(engine)["aurora-labs"]


def _names(answer) -> list[str]:  # type: ignore[no-untyped-def]
    assert answer.status_code == 200, answer.text
    return [e["display_name"] for e in answer.json()["items"]]


def test_a_roster_filters_and_sorts_the_same_in_the_api_and_on_the_page(aurora, api_as, sign_in_as) -> None:
    api = api_as("client", "aurora-labs")
    second, third = aurora.cycle_ids[1], aurora.cycle_ids[2]

    def names(cycle_id: int, **query: str) -> list[str]:
        return _names(api.get(f"/api/client/cycles/{cycle_id}/roster", params=query))

    assert names(second) == ["Ana T.", "Ben T."]
    assert names(second, returning="yes") == ["Ana T."]  # Ana worked cycle 1; Ben joined in cycle 2
    assert names(second, returning="no") == ["Ben T."]
    assert names(second, q="be") == ["Ben T."]
    assert names(third, sort="tenure", order="desc") == ["Ana T.", "Ben T."]
    assert names(third, sort="tenure") == ["Ben T.", "Ana T."]
    one_a_page = api.get(f"/api/client/cycles/{third}/roster", params={"per_page": "1", "page": "2"}).json()
    assert [e["display_name"] for e in one_a_page["items"]] == ["Ben T."] and one_a_page["total"] == 2

    refused = api.get(f"/api/client/cycles/{second}/roster", params={"sort": "pay", "returning": "maybe"})
    assert refused.status_code == 400
    assert set(refused.json()["fields"]) == {"sort", "returning"}

    browser = sign_in_as("client", "aurora-labs").http
    page = browser.get(f"/client/cycles/{second}", params={"returning": "no"})
    assert page.status_code == 200
    assert "Ben T." in page.text and "Ana T." not in page.text
    assert 'data-total="1"' in page.text
    export = browser.get(f"/client/cycles/{second}/roster.csv", params={"returning": "no"})
    assert [line.split(",")[0] for line in export.text.splitlines()] == ["display_name", "Ben T."]
    bad = browser.get(f"/client/cycles/{second}", params={"sort": "pay"})
    assert bad.status_code == 400 and 'data-field="sort"' in bad.text


def test_a_program_shows_the_share_of_each_team_back_from_the_cycle_before(
    aurora, api_as, sign_in_as
) -> None:
    program = api_as("client", "aurora-labs").get(f"/api/client/programs/{aurora.program_id}").json()
    assert [(c["number"], c["team"], c["returning"]) for c in program["cycles"]] == [
        (1, 1, 0),
        (2, 2, 1),
        (3, 2, 2),
        (4, None, None),  # being staffed: nothing of its team is shown
    ]
    page = sign_in_as("client", "aurora-labs").http.get(f"/client/programs/{aurora.program_id}")
    shares = dict(re.findall(r'<tr data-cycle="(\d+)">.*?data-share="([^"]*)"', page.text, re.S))
    assert shares == {"1": "", "2": "0.5", "3": "1.0", "4": ""}
    assert "<svg" in page.text and "share returning" in page.text


def _approved_with_two_free_people(engine, aurora: Tenant, pm) -> int:  # type: ignore[no-untyped-def]
    """Ana and Ben come back from cycle 3 (it ends on 2027-01-22, before cycle 4 starts) and one of two
    free people takes the third seat: three are planned and approved."""
    for name in ("cai", "dee"):
        add_specialist(
            engine, email=f"{name}@example.test", full_name=f"{name.title()} Tester", skills="coding.python:4"
        )
    approved = pm.post(f"/api/plans/{plan_now(engine, aurora.request_id)}/approve")
    assert approved.status_code == 200, approved.text
    return approved.json()["added"]


def _client_api_on(settings, make_account, engine, moment: datetime) -> TestClient:  # type: ignore[no-untyped-def]
    from surgebench.domain.accounts import service
    from surgebench.domain.audit.service import Actor

    user_id, _email, _password = make_account("client", "aurora-labs")
    with unit_of_work(engine) as db:
        token = service.create_api_token(db, Actor.system("test"), service.get_user(db, user_id), "tests")
    http = TestClient(app=create_app(settings, FixedClock(moment)))
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def test_a_client_follows_the_ramp_of_a_cycle_that_is_starting(
    engine, settings, aurora, api_as, make_account
) -> None:
    fourth = aurora.cycle_ids[3]
    client = api_as("client", "aurora-labs")
    assert client.get(f"/api/client/cycles/{fourth}/ramp").json()["days"] == []  # not approved yet

    added = _approved_with_two_free_people(engine, aurora, api_as("program_manager"))
    assert added == 3
    before = client.get(f"/api/client/cycles/{fourth}/ramp").json()
    assert before["headcount"] == 3 and before["cycle"]["status"] == "staffing"
    assert before["days"] == [
        {"day": "2027-02-01", "planned": added, "started": None, "team": 0, "accepted": 0, "confirmed": 0}
    ]  # accepted: none of the offers answered yet

    with unit_of_work(engine) as db:
        move_cycles_on_dates(db, START)
    with _client_api_on(settings, make_account, engine, START) as on_the_day:
        ramp = on_the_day.get(f"/api/client/cycles/{fourth}/ramp").json()
        assert ramp["cycle"]["status"] == "active"
        assert ramp["days"] == [
            {
                "day": "2027-02-01",
                "planned": added,
                "started": added,
                "team": added,
                "accepted": 0,
                "confirmed": 0,
            }
        ]


def test_the_roster_page_of_a_starting_cycle_charts_its_ramp_with_the_figures(
    engine, aurora, api_as, sign_in_as
) -> None:
    _approved_with_two_free_people(engine, aurora, api_as("program_manager"))
    page = sign_in_as("client", "aurora-labs").http.get(f"/client/cycles/{aurora.cycle_ids[3]}")
    assert page.status_code == 200
    ramp = re.search(r"<h2>Ramp</h2>(.*?)</section>", page.text, re.S)
    assert ramp is not None, "an approved cycle that has not started shows its ramp"
    assert "<svg" in ramp.group(1) and "Headcount asked: 3." in ramp.group(1)
    assert re.search(r"<td>2027-02-01</td><td class=\"num\">3</td><td class=\"num\">—</td>", ramp.group(1))
