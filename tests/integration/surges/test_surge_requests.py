"""Asking for a surge: the request's defaults, its checks (every problem named where it is), and the
cycle it creates and moves to staffing."""

from __future__ import annotations

import pytest

from tests.integration.surges.surge_builders import orion_with_history, request_payload


@pytest.fixture
def orion(engine):  # type: ignore[no-untyped-def]
    return orion_with_history(engine)


def test_request_creates_the_next_cycle_in_staffing_with_the_clients_terms(orion, api_as) -> None:
    pm = api_as("program_manager")
    payload = request_payload()
    del payload["ramp"]
    answer = pm.post(f"/api/programs/{orion.program_id}/surges", json=payload)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["cycle"]["number"] == 3 and body["cycle"]["status"] == "staffing"
    assert body["competitors"] == ["meridian-ai"] and body["cooldown_days"] == 90
    # the default ramp: five working days from the cycle's start, each taking a fifth of the seats
    assert [d["date"] for d in body["ramp"]] == [
        "2026-12-07",
        "2026-12-08",
        "2026-12-09",
        "2026-12-10",
        "2026-12-11",
    ]
    assert {d["onboarding_capacity"] for d in body["ramp"]} == {1}
    again = request_payload()
    again["cycle"]["number"] = 3
    twice = pm.post(f"/api/programs/{orion.program_id}/surges", json=again)
    assert twice.status_code == 409 and twice.json()["error"] == "cycle_already_requested"
    next_one = pm.post(
        f"/api/programs/{orion.program_id}/surges", json=request_payload()
    )  # cycle 4, same dates
    assert next_one.status_code == 409 and next_one.json()["error"] == "cycle_overlaps"


def test_default_ramp_skips_the_weekend(orion, api_as) -> None:
    payload = request_payload(ramp_start="2026-12-10")
    del payload["ramp"]
    body = api_as("program_manager").post(f"/api/programs/{orion.program_id}/surges", json=payload).json()
    assert [d["date"] for d in body["ramp"]] == [
        "2026-12-10",
        "2026-12-11",
        "2026-12-14",
        "2026-12-15",
        "2026-12-16",
    ]


def test_every_bad_field_is_named_where_it_is(orion, api_as) -> None:
    payload = request_payload(
        roles=[
            {"key": "python", "skill": "coding.cobol", "min_level": 3, "headcount": 2, "hours_per_week": 20},
            {
                "key": "python",
                "skill": "coding.python",
                "min_level": 2,
                "headcount": 1,
                "hours_per_week": 20,
                "utc_offset": [6, 2],
            },
        ],
        ramp=[
            {"date": "2026-12-08", "onboarding_capacity": 1},
            {"date": "2026-12-07", "onboarding_capacity": 1},
        ],
        competitors=["nobody-inc"],
    )
    answer = api_as("program_manager").post(f"/api/programs/{orion.program_id}/surges", json=payload)
    assert answer.status_code == 400, answer.text
    fields = answer.json()["fields"]
    assert set(fields) == {"roles[0].skill", "roles[1].utc_offset", "ramp[1].date", "competitors"}
    assert "unknown skill 'coding.cobol'" in fields["roles[0].skill"]


def test_the_form_shows_each_problem_next_to_its_field_and_keeps_what_was_typed(orion, sign_in_as) -> None:
    pm = sign_in_as("program_manager")
    form = {
        "cycle.model_version": "orion-3",
        "cycle.starts_on": "2026-12-07",
        "cycle.ends_on": "2026-12-01",
        "roles[0].key": "python",
        "roles[0].skill": "coding.python",
        "roles[0].min_level": "9",
        "roles[0].headcount": "4",
        "roles[0].hours_per_week": "20",
        "roles[1].key": "",
        "priority": "1",
    }
    answer = pm.post_form(f"/programs/{orion.program_id}/surges", form)
    assert answer.status_code == 400
    assert 'data-field="cycle.ends_on"' in answer.text and 'data-field="roles[0].min_level"' in answer.text
    assert 'value="orion-3"' in answer.text  # what was typed is kept
    created = pm.post_form(
        f"/programs/{orion.program_id}/surges",
        {**form, "cycle.ends_on": "2027-02-26", "roles[0].min_level": "3"},
        follow_redirects=False,
    )
    assert created.status_code == 303 and created.headers["location"].startswith("/surges/")
    page = pm.http.get(created.headers["location"])
    assert page.status_code == 200 and 'data-seats="4"' in page.text


def test_changing_an_open_request_bumps_its_revision_and_keeps_roles_by_key(orion, api_as) -> None:
    pm = api_as("program_manager")
    created = pm.post(f"/api/programs/{orion.program_id}/surges", json=request_payload()).json()
    changed = pm.patch(
        f"/api/surges/{created['id']}",
        json={
            "roles": [
                {
                    "key": "python",
                    "skill": "coding.python",
                    "min_level": 3,
                    "headcount": 5,
                    "hours_per_week": 20,
                },
                {
                    "key": "math",
                    "skill": "math.algebra",
                    "min_level": 2,
                    "headcount": 1,
                    "hours_per_week": 10,
                },
            ]
        },
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (
        body["revision"] == 2
        and [r["key"] for r in body["roles"]] == ["python", "math"]
        and body["seats"] == 6
    )
    assert body["ramp"] == created["ramp"]  # left out: kept
