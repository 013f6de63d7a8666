"""The ramp as it runs: the manager's figures per day (page, refreshable fragment, API), the ramps that
will miss their headcount on /attention, and the client's view of the fill (counts, never who declined)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from surgebench.db.orm import SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.upkeep.jobs import move_cycles_on_dates
from tests.integration.offers.offer_builders import approved_orion, offers_by_name


def _answer(pm, request_id: int, offer_id: int, **body: str) -> None:  # type: ignore[no-untyped-def]
    answer = pm.post(f"/api/surges/{request_id}/offers/{offer_id}/answer", json=body)
    assert answer.status_code == 200, answer.text


def _accepted_declined_deciding(engine, pm):  # type: ignore[no-untyped-def]
    approved = approved_orion(engine, pm)
    found = offers_by_name(engine, approved.orion)
    _answer(pm, approved.request_id, found["ana"].id, answer="accept")
    _answer(pm, approved.request_id, found["ben"].id, answer="decline", reason="not_interested")
    return approved


def test_the_manager_sees_each_ramp_day_and_the_seats_against_the_headcount(
    engine, api_as, sign_in_as
) -> None:
    pm = api_as("program_manager")
    approved = _accepted_declined_deciding(engine, pm)
    figures = pm.get(f"/api/surges/{approved.request_id}/ramp").json()
    assert (figures["headcount"], figures["holding"], figures["deciding"], figures["open_seats"]) == (
        3,
        1,
        1,
        1,
    )
    assert figures["offers"] == 3 and figures["accept_rate"] == 0.5 and figures["time_to_fill_hours"] is None
    totals = {k: sum(d[k] for d in figures["days"]) for k in ("offered", "accepted", "declined", "deciding")}
    assert totals == {"offered": 3, "accepted": 1, "declined": 1, "deciding": 1}
    assert {d["day"] for d in figures["days"]} >= {f"2026-12-{d:02d}" for d in (7, 8, 9, 10, 11)}
    browser = sign_in_as("program_manager").http
    page = browser.get(f"/surges/{approved.request_id}")
    assert page.status_code == 200 and 'id="live-ramp"' in page.text and "<svg" in page.text
    assert 'data-holding="1"' in page.text and "setInterval" in page.text
    fragment = browser.get(f"/surges/{approved.request_id}/ramp")
    assert fragment.status_code == 200 and fragment.text.lstrip().startswith('<section id="live-ramp"')


def test_attention_lists_a_ramp_that_will_miss_its_headcount_at_the_answer_rate(
    engine, api_as, sign_in_as
) -> None:
    approved = _accepted_declined_deciding(engine, api_as("program_manager"))
    page = sign_in_as("program_manager").http.get("/attention")
    assert page.status_code == 200
    short = page.text.split('class="short-ramps"')[1].split("</table>")[0]
    assert f'data-request="{approved.request_id}"' in short and "50%" in short


def test_the_client_sees_the_fill_but_never_who_declined(engine, api_as) -> None:
    approved = _accepted_declined_deciding(engine, api_as("program_manager"))
    with unit_of_work(engine) as db:
        move_cycles_on_dates(db, datetime(2026, 12, 7, 1, tzinfo=UTC))  # the cycle starts: its roster shows
        cycle_id = db.get(SurgeRequest, approved.request_id).cycle_id
    client = api_as("client", "aurora-labs")
    ramp = client.get(f"/api/client/cycles/{cycle_id}/ramp")
    assert ramp.status_code == 200, ramp.text
    days = ramp.json()["days"]
    assert sum(d["accepted"] for d in days) == 1 and sum(d["confirmed"] for d in days) == 0
    assert ramp.json()["headcount"] == 3
    assert "declin" not in ramp.text and "not_interested" not in ramp.text
    with unit_of_work(engine, writes=False) as db:
        assert (
            db.scalar(select(SurgeRequest.status).where(SurgeRequest.id == approved.request_id)) == "approved"
        )
