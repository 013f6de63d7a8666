"""The request form proposes what the user means: the program's next cycle (never one already requested),
dated after the last one, its model version in the program's own naming, a minimum quality that saves as
shown, a ramp that starts with the cycle; approving a plan and cancelling a request ask first."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from surgebench.db.orm import Plan, SurgeRequest
from surgebench.db.session import unit_of_work
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now


@pytest.fixture
def orion(engine):  # type: ignore[no-untyped-def]
    return orion_with_history(engine)


class _Form(HTMLParser):
    """The fields a browser would send from the form posting to ``action``, as the page shows them."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields, self.select = action, False, {}, None
        self.placeholders: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "submit"):
            self.fields[a["name"]] = a.get("value") or ""
            if a.get("placeholder") is not None:
                self.placeholders[a["name"]] = a["placeholder"]
        elif self.inside and tag == "select" and a.get("name") and "multiple" not in a:
            self.select = a["name"]
            self.fields[self.select] = ""
        elif self.inside and tag == "option" and self.select and "selected" in a:
            self.fields[self.select] = a.get("value") or ""

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def form_on(html: str, action: str) -> tuple[dict[str, str], dict[str, str]]:
    found = _Form(action)
    found.feed(html)
    assert found.fields, f"no form posting to {action}"
    return found.fields, found.placeholders


def _new_form(pm, program_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    page = pm.http.get(f"/programs/{program_id}/surges/new")
    assert page.status_code == 200, page.text
    return form_on(page.text, f"/programs/{program_id}/surges")[0]


def _one_role(fields: dict[str, str], **changes: str) -> dict[str, str]:
    """The form as shown, with the first role row filled in the way a user would."""
    return {
        **fields,
        "roles[0].key": "python",
        "roles[0].skill": "coding.python",
        "roles[0].min_level": "3",
        "roles[0].headcount": "2",
        "roles[0].hours_per_week": "20",
        **changes,
    }


def test_after_a_cycle_is_requested_the_form_proposes_the_next_one_dated_after_it(
    engine, orion, sign_in_as, api_as
) -> None:
    pm = sign_in_as("program_manager")
    first = _new_form(pm, orion.program_id)
    assert first["cycle.number"] == "3" and first["cycle.model_version"] == "orion-3"
    create_request(engine, orion.program_id)  # cycle 3: Mon 2026-12-07 to Fri 2027-02-26

    proposed = _new_form(pm, orion.program_id)
    assert proposed["cycle.number"] == "4"
    assert proposed["cycle.model_version"] == "orion-4"
    # the Monday after cycle 3 ends, as long as cycle 3 (81 days)
    assert proposed["cycle.starts_on"] == "2027-03-01" and proposed["cycle.ends_on"] == "2027-05-21"
    assert proposed["ramp_start"] == "2027-03-01"

    created = pm.post_form(
        f"/programs/{orion.program_id}/surges", _one_role(proposed), follow_redirects=False
    )
    assert created.status_code == 303, created.text
    body = api_as("program_manager").get("/api" + created.headers["location"]).json()
    assert body["cycle"]["number"] == 4 and body["cycle"]["model_version"] == "orion-4"
    assert [d["date"] for d in body["ramp"]][0] == "2027-03-01"


def test_a_planned_cycle_nobody_requested_yet_is_proposed_as_it_is(orion, sign_in_as) -> None:
    pm = sign_in_as("program_manager")
    added = pm.post_form(
        f"/programs/{orion.program_id}/cycles",
        {"model_version": "orion-3-preview", "starts_on": "2027-01-04", "ends_on": "2027-03-26"},
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    proposed = _new_form(pm, orion.program_id)
    assert proposed["cycle.number"] == "3" and proposed["cycle.model_version"] == "orion-3-preview"
    assert proposed["cycle.starts_on"] == "2027-01-04"


def test_the_minimum_quality_shown_is_the_one_saved(orion, sign_in_as, api_as) -> None:
    pm = sign_in_as("program_manager")
    page = pm.http.get(f"/programs/{orion.program_id}/surges/new").text
    fields, placeholders = form_on(page, f"/programs/{orion.program_id}/surges")
    qualities = {k: v for k, v in fields.items() if k.endswith(".min_quality")}
    assert len(qualities) >= 4 and set(qualities.values()) == {"0.700"}  # a value in every row
    assert not any(k.endswith(".min_quality") for k in placeholders)  # not a grey hint

    created = pm.post_form(f"/programs/{orion.program_id}/surges", _one_role(fields), follow_redirects=False)
    assert created.status_code == 303, created.text  # the spare rows, showing only 0.700, are ignored
    body = api_as("program_manager").get("/api" + created.headers["location"]).json()
    assert [(r["key"], r["min_quality"]) for r in body["roles"]] == [("python", 0.7)]


def test_an_empty_ramp_start_means_the_cycles_start(orion, sign_in_as, api_as) -> None:
    pm = sign_in_as("program_manager")
    fields = _one_role(
        _new_form(pm, orion.program_id),
        **{"cycle.starts_on": "2027-01-06", "cycle.ends_on": "2027-03-26", "ramp_start": ""},
    )
    created = pm.post_form(f"/programs/{orion.program_id}/surges", fields, follow_redirects=False)
    assert created.status_code == 303, created.text
    body = api_as("program_manager").get("/api" + created.headers["location"]).json()
    assert [d["date"] for d in body["ramp"]] == [
        "2027-01-06",
        "2027-01-07",
        "2027-01-08",
        "2027-01-11",
        "2027-01-12",
    ]


def test_approving_a_plan_on_its_page_asks_first(engine, orion, sign_in_as) -> None:
    plan_id = plan_now(engine, create_request(engine, orion.program_id))
    pm = sign_in_as("program_manager")
    plan_page = pm.http.get(f"/plans/{plan_id}").text
    assert f'action="/plans/{plan_id}/approve"' in plan_page

    asked = pm.post_form(f"/plans/{plan_id}/approve", follow_redirects=False)
    assert asked.status_code == 200 and "data-confirm" in asked.text
    assert "3 people" in asked.text  # says what approving writes
    with unit_of_work(engine, writes=False) as db:
        assert db.get(Plan, plan_id).status == "ready"  # nothing approved yet

    confirm, _ = form_on(asked.text, f"/plans/{plan_id}/approve")
    assert confirm["confirm"] == "yes"
    done = pm.post_form(f"/plans/{plan_id}/approve", confirm, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/cycles/")
    with unit_of_work(engine, writes=False) as db:
        assert db.get(Plan, plan_id).status == "approved"


def test_cancelling_a_request_on_its_page_asks_first(engine, orion, sign_in_as) -> None:
    request_id = create_request(engine, orion.program_id)
    pm = sign_in_as("program_manager")
    asked = pm.post_form(f"/surges/{request_id}/cancel", follow_redirects=False)
    assert asked.status_code == 200 and "data-confirm" in asked.text
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(SurgeRequest.status).where(SurgeRequest.id == request_id)) == "open"

    confirm, _ = form_on(asked.text, f"/surges/{request_id}/cancel")
    done = pm.post_form(f"/surges/{request_id}/cancel", confirm, follow_redirects=False)
    assert done.status_code == 303
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(SurgeRequest.status).where(SurgeRequest.id == request_id)) == "cancelled"
