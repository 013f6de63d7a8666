"""Answering an offer: through the link (no account) or a vendor's API call, once, before the deadline,
a reason to decline; wrong links throttled; the first day marked by the person or the manager."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from surgebench.db.orm import Engagement, Offer, SurgeExclusion
from surgebench.db.session import unit_of_work
from surgebench.domain.offers import service as offers
from surgebench.lib.csrf import PRE_SESSION_CSRF_COOKIE
from tests.conftest import TODAY
from tests.integration.offers.offer_builders import approved_orion, link_of, offers_by_name


def _open(client, token: str):  # type: ignore[no-untyped-def]
    page = client.get(f"/answer/{token}")
    assert page.status_code == 200, page.text
    return page


def _post(client, url: str, **fields: str):  # type: ignore[no-untyped-def]
    """Post the form as the page would: with the page's double-submit CSRF token."""
    if PRE_SESSION_CSRF_COOKIE not in client.cookies:
        client.get(url.removesuffix("/started"))  # the page sets the token's cookie
    return client.post(url, data={"_csrf": client.cookies[PRE_SESSION_CSRF_COOKIE], **fields})


def test_a_person_accepts_through_their_link_without_an_account(engine, api_as, client) -> None:
    approved = approved_orion(engine, api_as("program_manager"))
    cai = offers_by_name(engine, approved.orion)["cai"]
    token = link_of(engine, cai.id)
    page = _open(client, token)
    assert (
        "Python (level 3+)" in page.text and "20 a week" in page.text and "Orion post-training" in page.text
    )
    for other in ("Ana", "Ben", "ana@", "ben@", "Cai"):  # nobody else, not even the person's own name
        assert other not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    forged = client.post(f"/answer/{token}", data={"answer": "accept"})
    assert forged.status_code == 403  # no CSRF token: refused
    accepted = _post(client, f"/answer/{token}", answer="accept")
    assert accepted.status_code == 200 and "you accepted" in accepted.text
    assert offers_by_name(engine, approved.orion)["cai"].state == "accepted"
    again = _post(client, f"/answer/{token}", answer="decline", reason="busy")
    assert again.status_code == 409 and "already accepted" in again.text  # single use


def test_a_decline_frees_the_seat_and_keeps_the_person_out_of_the_backfill(engine, api_as, client) -> None:
    approved = approved_orion(engine, api_as("program_manager"))
    ben = offers_by_name(engine, approved.orion)["ben"]
    token = link_of(engine, ben.id)
    no_reason = _post(client, f"/answer/{token}", answer="decline")
    assert no_reason.status_code == 400 and "why" in no_reason.text.lower()
    declined = _post(client, f"/answer/{token}", answer="decline", reason="rate", note="too low")
    assert declined.status_code == 200
    offer = offers_by_name(engine, approved.orion)["ben"]
    assert (offer.state, offer.decline_reason, offer.decline_note) == ("declined", "rate", "too low")
    with unit_of_work(engine, writes=False) as db:
        engagement = db.get(Engagement, ben.engagement_id)
        assert engagement.withdrawn_on == TODAY.date() and engagement.ends_on is None  # never on the team
        excluded = db.scalar(
            select(SurgeExclusion).where(
                SurgeExclusion.request_id == approved.request_id,
                SurgeExclusion.specialist_id == approved.orion.people["ben"],
            )
        )
        assert excluded is not None and "declined" in excluded.reason


def test_an_answer_after_the_deadline_is_refused_and_the_schedule_expires_it(
    engine, api_as, client, clock
) -> None:
    approved = approved_orion(engine, api_as("program_manager"))
    ana = offers_by_name(engine, approved.orion)["ana"]
    token = link_of(engine, ana.id)
    clock.advance(timedelta(hours=24))
    late = _post(client, f"/answer/{token}", answer="accept")
    assert late.status_code == 409 and "expired" in late.text
    with unit_of_work(engine) as db:
        outcome = offers.expire_due(db, clock.now())
    assert outcome["expired"] == 3
    with unit_of_work(engine, writes=False) as db:
        assert set(db.scalars(select(Offer.state))) == {"expired"}
        assert db.get(Engagement, ana.engagement_id).withdrawn_on == clock.today()
    with unit_of_work(engine) as db:  # run again: nothing left to do
        assert offers.expire_due(db, clock.now())["expired"] == 0


def test_an_answer_after_the_seat_was_taken_away_is_refused(engine, api_as, client) -> None:
    pm = api_as("program_manager")
    approved = approved_orion(engine, pm)
    cai = offers_by_name(engine, approved.orion)["cai"]
    removed = pm.post(
        f"/api/surges/{approved.request_id}/roster/{approved.orion.people['cai']}/remove",
        json={"reason": "moved to another program"},
    )
    assert removed.status_code == 200
    late = _post(client, f"/answer/{link_of(engine, cai.id)}", answer="accept")
    assert late.status_code == 409 and "filled otherwise" in late.text


def test_an_accepted_offer_whose_seat_is_taken_away_before_the_start_holds_no_seat(engine, api_as) -> None:
    pm = api_as("program_manager")
    approved = approved_orion(engine, pm)
    cai = offers_by_name(engine, approved.orion)["cai"]
    url = f"/api/surges/{approved.request_id}/offers/{cai.id}/answer"
    assert pm.post(url, json={"answer": "accept"}).status_code == 200
    before = pm.get(f"/api/surges/{approved.request_id}/ramp").json()
    removed = pm.post(
        f"/api/surges/{approved.request_id}/roster/{approved.orion.people['cai']}/remove",
        json={"reason": "moved to another program"},
    )
    assert removed.status_code == 200
    listed = {o["id"]: o["state"] for o in pm.get(f"/api/surges/{approved.request_id}/offers").json()}
    assert listed[cai.id] == "withdrawn"
    after = pm.get(f"/api/surges/{approved.request_id}/ramp").json()
    assert after["holding"] == before["holding"] - 1


def test_wrong_links_are_throttled_by_address(engine, client) -> None:
    for _ in range(5):
        assert client.get(f"/answer/{'x' * 43}").status_code == 404
    refused = client.get(f"/answer/{'y' * 43}")
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_a_vendor_relays_answers_through_the_api(engine, api_as) -> None:
    pm = api_as("program_manager")
    approved = approved_orion(engine, pm)
    found = offers_by_name(engine, approved.orion)
    url = f"/api/surges/{approved.request_id}/offers/{found['ana'].id}/answer"
    assert api_as("client", "aurora-labs").post(url, json={"answer": "accept"}).status_code == 403
    missing_reason = pm.post(url, json={"answer": "decline"})
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json()["fields"]
    accepted = pm.post(url, json={"answer": "accept"})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = pm.post(url, json={"answer": "accept"})
    assert again.status_code == 409 and again.json()["error"] == "offer_closed"
    elsewhere = pm.post(
        f"/api/surges/{approved.request_id + 1}/offers/{found['ana'].id}/answer", json={"answer": "accept"}
    )
    assert elsewhere.status_code == 404
    listed = {o["id"]: o["state"] for o in pm.get(f"/api/surges/{approved.request_id}/offers").json()}
    assert listed[found["ana"].id] == "accepted" and listed[found["ben"].id] == "offered"


def test_on_the_first_day_the_person_or_the_manager_marks_who_started(engine, api_as, client, clock) -> None:
    pm = api_as("program_manager")
    approved = approved_orion(engine, pm)
    found = offers_by_name(engine, approved.orion)
    for name in ("ana", "ben"):
        pm.post(
            f"/api/surges/{approved.request_id}/offers/{found[name].id}/answer", json={"answer": "accept"}
        )
    token = link_of(engine, found["ana"].id)
    too_soon = _post(client, f"/answer/{token}/started")
    assert too_soon.status_code == 409 and "first day" in too_soon.text
    first_days = max(found["ana"].starts_on, found["ben"].starts_on)
    clock.advance(timedelta(days=(first_days - TODAY.date()).days))
    assert _post(client, f"/answer/{token}/started").status_code == 200
    url = f"/api/surges/{approved.request_id}/offers/started"
    cai_not_accepted = pm.post(url, json={"offer_ids": [found["ben"].id, found["cai"].id]})
    assert cai_not_accepted.status_code == 400 and str(found["cai"].id) in cai_not_accepted.json()["fields"]
    assert pm.post(url, json={"offer_ids": [found["ben"].id]}).json() == {"started": 1}
    states = offers_by_name(engine, approved.orion)
    assert states["ben"].state == "started" and states["ben"].started_on == clock.today()
    assert states["ana"].state == "started" and states["cai"].state == "offered"
