"""A plan read as a manager reads it: the cost in dollars a week (the solver's raw units kept, labelled),
*why* for a person named by name or e-mail, "Plan again" where a pin or an exclusion was made, who moved
role between versions, and namesakes told apart wherever people are listed."""

from __future__ import annotations

import re

import pytest

from surgebench.domain.plans import approval_service as approval
from tests.conftest import TODAY
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import (
    PM,
    create_request,
    orion_with_history,
    plan_now,
    request_payload,
)


@pytest.fixture
def orion(engine):  # type: ignore[no-untyped-def]
    return orion_with_history(engine)


# Ana, Ben and Cai (the three best, 40.00 an hour each) take the three 20-hour seats: 3 × 40 × 20.
WEEKLY_COST = "$2,400.00 / week"


def test_the_plan_page_and_api_give_the_cost_in_dollars_a_week(engine, orion, sign_in_as, api_as) -> None:
    plan_id = plan_now(engine, create_request(engine, orion.program_id))
    plan = api_as("recruiter").get(f"/api/plans/{plan_id}").json()
    assert plan["weekly_cost_usd"] == 2400.0
    assert plan["objective"]["cost"] == 240_000  # the solver's unit (cents × hours a week), kept

    page = sign_in_as("program_manager").http.get(f"/plans/{plan_id}").text
    assert re.search(r'data-weekly-cost="240000"[^>]*>\s*\$2,400\.00 / week', page)
    assert "68,119,840" not in page and "cents × hours" in page  # the raw objective is labelled as such
    assert "cost 240,000" not in page


def test_compare_gives_the_cost_in_dollars_a_week_on_the_page_and_in_the_api(
    engine, orion, sign_in_as, api_as
) -> None:
    request_id = create_request(engine, orion.program_id)
    first = plan_now(engine, request_id)
    api_as("program_manager").post(
        f"/api/surges/{request_id}/exclusions", json={"specialist_id": orion.people["ana"], "reason": "x"}
    )
    second = plan_now(engine, request_id)  # Ben, Cai, Dev: the same cost
    changes = api_as("recruiter").get(f"/api/plans/{first}/compare/{second}").json()
    assert changes["weekly_cost_usd"] == {"from": 2400.0, "to": 2400.0}
    page = sign_in_as("recruiter").http.get(f"/plans/{first}/compare?other={second}").text
    assert page.count(WEEKLY_COST) == 2 and "cents × hours" in page


def test_why_takes_a_name_or_an_email_and_lists_namesakes_to_choose_from(engine, orion, sign_in_as) -> None:
    other_ana = add_specialist(
        engine, email="ana.two@example.test", full_name="Ana", skills="coding.python:1"
    )
    plan_id = plan_now(engine, create_request(engine, orion.program_id))
    http = sign_in_as("recruiter").http

    by_email = http.get(f"/plans/{plan_id}/why", params={"specialist": "CAI@example.test"})
    assert by_email.status_code == 200 and "Why Cai" in by_email.text and "cai@example.test" in by_email.text

    by_name = http.get(f"/plans/{plan_id}/why", params={"specialist": "ben"})
    assert by_name.status_code == 200 and "Why Ben" in by_name.text

    namesakes = http.get(f"/plans/{plan_id}/why", params={"specialist": "Ana"})
    assert namesakes.status_code == 200 and "Validation failed" not in namesakes.text
    choices = re.findall(r'href="/plans/\d+/why\?specialist=(\d+)"', namesakes.text)
    assert sorted(map(int, choices)) == sorted([orion.people["ana"], other_ana])
    assert "ana@example.test" in namesakes.text and "ana.two@example.test" in namesakes.text

    chosen = http.get(f"/plans/{plan_id}/why", params={"specialist": str(other_ana)})
    assert chosen.status_code == 200 and "ana.two@example.test" in chosen.text
    assert 'data-outcome="not eligible"' in chosen.text or "skill" in chosen.text

    nobody = http.get(f"/plans/{plan_id}/why", params={"specialist": "Zed Nobody"})
    assert nobody.status_code == 404 and "Validation failed" not in nobody.text
    assert "Nobody on the bench is called or has the e-mail" in nobody.text and "Zed Nobody" in nobody.text


def test_after_a_pin_or_an_exclusion_on_the_plan_page_plan_again_is_right_there(
    engine, orion, sign_in_as
) -> None:
    request_id = create_request(engine, orion.program_id)
    plan_id = plan_now(engine, request_id)
    pm = sign_in_as("program_manager")
    for action, fields, notice in (
        ("pins", {"specialist": str(orion.people["cai"]), "role": "python"}, "pinned"),
        ("exclusions", {"specialist": str(orion.people["ben"]), "reason": "on leave"}, "excluded"),
    ):
        done = pm.post_form(
            f"/surges/{request_id}/{action}?back=/plans/{plan_id}", fields, follow_redirects=False
        )
        assert done.headers["location"] == f"/plans/{plan_id}?notice={notice}"
        page = pm.http.get(done.headers["location"]).text
        notice_box = re.search(r'<div class="notice" role="status">(.*?)</div>', page, re.S).group(1)  # type: ignore[union-attr]
        assert (
            f'action="/surges/{request_id}/plans"' in notice_box and 'data-action="plan-again"' in notice_box
        )
    again = pm.post_form(f"/surges/{request_id}/plans", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/plans/")


def test_compare_lists_who_moved_role(engine, orion, sign_in_as, api_as) -> None:
    two_roles = request_payload()
    two_roles["roles"].append({**two_roles["roles"][0], "key": "reviewers", "headcount": 1})
    pm = api_as("program_manager")
    request_id = pm.post(f"/api/programs/{orion.program_id}/surges", json=two_roles).json()["id"]
    first = plan_now(engine, request_id)
    where = {p["full_name"]: p["role"] for p in pm.get(f"/api/plans/{first}/people").json()["items"]}
    mover = next(name for name, role in where.items() if role == "python")
    pm.post(
        f"/api/surges/{request_id}/pins",
        json={"specialist_id": orion.people[mover.lower()], "role": "reviewers"},
    )
    second = plan_now(engine, request_id)

    changes = pm.get(f"/api/plans/{first}/compare/{second}").json()
    moved = [(m["full_name"], m["from"], m["to"]) for m in changes["moved"]]
    assert (mover, "python", "reviewers") in moved
    assert all("email" in m and "specialist_id" in m for m in changes["moved"])
    page = sign_in_as("recruiter").http.get(f"/plans/{first}/compare?other={second}").text
    moved_list = re.search(r'<ul class="moved">(.*?)</ul>', page, re.S).group(1)  # type: ignore[union-attr]
    assert mover in moved_list and "python → reviewers" in moved_list
    assert f"{mover.lower()}@example.test" in moved_list


def test_namesakes_are_told_apart_on_the_plan_compare_why_and_roster(
    engine, orion, sign_in_as, api_as
) -> None:
    twin = add_specialist(
        engine, email="ana.twin@example.test", full_name="Ana", skills="coding.python:4", quality="0.960"
    )
    request_id = create_request(engine, orion.program_id, headcount=4)
    first = plan_now(engine, request_id)
    http = sign_in_as("program_manager").http

    people = http.get(f"/plans/{first}").text
    rows = re.findall(r'<tr data-specialist="(\d+)">(.*?)</tr>', people, re.S)
    anas = [row for sid, row in rows if int(sid) in (orion.people["ana"], twin)]
    assert len(anas) == 2
    assert "ana@example.test" in anas[0] + anas[1] and "ana.twin@example.test" in anas[0] + anas[1]
    api_people = api_as("recruiter").get(f"/api/plans/{first}/people").json()["items"]
    assert {p["email"] for p in api_people if p["full_name"] == "Ana"} == {
        "ana@example.test",
        "ana.twin@example.test",
    }

    why = http.get(f"/plans/{first}/why", params={"specialist": str(twin)}).text
    assert "ana.twin@example.test" in why

    api_as("program_manager").post(
        f"/api/surges/{request_id}/exclusions", json={"specialist_id": orion.people["ben"], "reason": "x"}
    )
    second = plan_now(engine, request_id)  # both Anas stay, Ben leaves
    compare = http.get(f"/plans/{first}/compare?other={second}").text
    left = re.search(r'<ul class="left">(.*?)</ul>', compare, re.S).group(1)  # type: ignore[union-attr]
    assert "Ben" in left and "ben@example.test" in left

    cycle_id = approval.approve(engine, PM, second, TODAY).cycles[0]
    roster = http.get(f"/cycles/{cycle_id}").text
    assert "ana@example.test" in roster and "ana.twin@example.test" in roster
