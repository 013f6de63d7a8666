"""Approving a plan makes one offer per new seat, its message in the outbox in the same transaction; the
roster row holds the seat while the person decides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from surgebench.db.orm import Engagement, Offer, OutboxMessage, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.offers import service as offers
from surgebench.domain.specialists import service as specialists
from surgebench.lib.tokens import digest
from tests.conftest import TODAY
from tests.integration.offers.offer_builders import approved_orion, link_of, offers_by_name
from tests.integration.surges.surge_builders import PM, run_jobs


def test_each_new_seat_gets_one_offer_saying_what_the_seat_is(engine, api_as) -> None:
    approved = approved_orion(engine, api_as("program_manager"))
    found = offers_by_name(engine, approved.orion)
    assert set(found) == {"ana", "ben", "cai"}
    for offer in found.values():
        assert offer.state == "offered" and offer.request_id == approved.request_id
        assert (offer.role_name, offer.weekly_hours, offer.program_name) == (
            "Python (level 3+)",
            20,
            "Orion post-training",
        )
        assert offer.starts_on >= TODAY.date() and offer.hourly_rate_cents > 0
        assert offer.deadline == TODAY + timedelta(hours=24)  # the default window, well before the start
    assert found["ana"].is_returning and found["ben"].is_returning and not found["cai"].is_returning
    with unit_of_work(engine, writes=False) as db:
        messages = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert [m.offer_id for m in messages] == sorted(o.id for o in found.values())
        by_offer = {m.offer_id: m for m in messages}
        assert "Welcome back" in by_offer[found["ana"].id].body
        assert "Welcome back" not in by_offer[found["cai"].id].body
        assert by_offer[found["cai"].id].recipient == "cai@example.test"
        assert all(m.state == "pending" for m in messages)
        # the roster row holds each seat while its person decides
        cycle_id = db.get(SurgeRequest, approved.request_id).cycle_id
        team = db.scalar(
            select(func.count()).where(Engagement.cycle_id == cycle_id, Engagement.withdrawn_on.is_(None))
        )
        assert team == 3
    # only the link's hash is kept with the offer
    token = link_of(engine, found["cai"].id)
    assert found["cai"].token_hash == digest(token) and token not in found["cai"].token_hash


def test_the_deadline_never_passes_the_start_of_the_first_day(engine, api_as) -> None:
    pm = api_as("program_manager")
    from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now

    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    terms = pm.put(
        f"/api/surges/{request_id}/offer-terms",
        json={"answer_hours": 336, "program_name": "Project Nightingale", "backfill": "auto"},
    )
    assert terms.status_code == 200, terms.text
    assert pm.post(f"/api/plans/{plan_now(engine, request_id)}/approve").status_code == 200
    for offer in offers_by_name(engine, orion).values():
        assert offer.deadline == datetime.combine(offer.starts_on, datetime.min.time(), tzinfo=UTC)
        assert offer.program_name == "Project Nightingale"


def test_a_seat_starting_today_can_be_answered_until_the_day_ends() -> None:
    now = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
    assert offers.deadline_for(now, now.date(), 24) == datetime(2026, 12, 8, tzinfo=UTC)
    assert offers.deadline_for(now, now.date(), 2) == now + timedelta(hours=2)


def test_a_replan_offers_only_the_new_seats(engine, api_as) -> None:
    pm = api_as("program_manager")
    approved = approved_orion(engine, pm)
    with unit_of_work(engine) as db:
        specialists.offboard(db, PM, approved.orion.people["cai"])
    replan = pm.post(f"/api/surges/{approved.request_id}/replan", json={}).json()
    run_jobs(engine)
    assert pm.post(f"/api/plans/{replan['id']}/approve").status_code == 200
    found = offers_by_name(engine, approved.orion)
    assert found["dev"].state == "offered" and found["dev"].plan_id == replan["id"]
    assert found["cai"].state == "withdrawn"  # the seat was taken away before an answer
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(func.count()).select_from(Offer)) == 4
        assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 4
