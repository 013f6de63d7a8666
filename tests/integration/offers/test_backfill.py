"""Backfill: a scheduled job re-plans the open seats of a running ramp — keeping everyone who accepted or
is deciding, never offering a seat again to who declined — and, per request, waits for a manager or
approves through the same re-check, as the system."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from surgebench.app import scheduled_jobs
from surgebench.db.orm import AuditEntry, Plan
from surgebench.db.session import unit_of_work
from surgebench.domain.upkeep.service import Upkeep
from surgebench.settings import SchedulerSettings, Settings
from tests.integration.offers.offer_builders import offers_by_name
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now, run_jobs


def _tick(engine, clock) -> None:  # type: ignore[no-untyped-def]
    scheduler = SchedulerSettings(enabled=False)
    Upkeep(engine, scheduled_jobs(Settings(scheduler=scheduler)), clock, scheduler, instance="test").tick()
    run_jobs(engine)


def _approved_with(engine, pm, mode: str):  # type: ignore[no-untyped-def]
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    assert pm.put(f"/api/surges/{request_id}/offer-terms", json={"backfill": mode}).status_code == 200
    assert pm.post(f"/api/plans/{plan_now(engine, request_id)}/approve").status_code == 200
    return orion, request_id


def _decline(pm, request_id: int, offer_id: int) -> None:  # type: ignore[no-untyped-def]
    answer = pm.post(
        f"/api/surges/{request_id}/offers/{offer_id}/answer", json={"answer": "decline", "reason": "busy"}
    )
    assert answer.status_code == 200, answer.text


def test_an_automatic_backfill_fills_a_declined_seat_keeping_everyone_else(engine, api_as, clock) -> None:
    pm = api_as("program_manager")
    orion, request_id = _approved_with(engine, pm, "auto")
    before = offers_by_name(engine, orion)
    pm.post(f"/api/surges/{request_id}/offers/{before['ana'].id}/answer", json={"answer": "accept"})
    _decline(pm, request_id, before["cai"].id)
    _tick(engine, clock)  # the slot re-plans the open seat; the solve's job approves it (auto)
    after = offers_by_name(engine, orion)
    assert after["dev"].state == "offered"  # the best one left
    assert after["cai"].state == "declined" and list(after).count("cai") == 1  # never offered again
    for name in ("ana", "ben"):  # accepted or deciding: untouched
        assert (after[name].id, after[name].starts_on) == (before[name].id, before[name].starts_on)
    assert after["ana"].state == "accepted" and after["ben"].state == "offered"
    with unit_of_work(engine, writes=False) as db:
        plan = db.scalars(select(Plan).order_by(Plan.id.desc())).first()
        assert plan.status == "approved" and plan.overrides["backfill"] == "auto"
        approved_by = db.scalar(
            select(AuditEntry.actor_label).where(
                AuditEntry.action == "approve", AuditEntry.entity_id == str(plan.id)
            )
        )
        assert approved_by == "backfill"
    clock.advance(timedelta(minutes=30))
    _tick(engine, clock)  # nothing freed since: nothing planned again
    with unit_of_work(engine, writes=False) as db:
        assert db.scalars(select(Plan).order_by(Plan.id.desc())).first().id == plan.id


def test_a_backfill_on_approval_waits_for_the_manager(engine, api_as, clock) -> None:
    pm = api_as("program_manager")
    orion, request_id = _approved_with(engine, pm, "approval")
    _decline(pm, request_id, offers_by_name(engine, orion)["ben"].id)
    _tick(engine, clock)
    clock.advance(timedelta(minutes=30))
    _tick(engine, clock)  # the next slot leaves it waiting
    with unit_of_work(engine, writes=False) as db:
        plan = db.scalars(select(Plan).order_by(Plan.id.desc())).first()
        assert plan.status == "ready" and plan.overrides["backfill"] == "approval"
    assert "dev" not in offers_by_name(engine, orion)
    assert pm.post(f"/api/plans/{plan.id}/approve").status_code == 200
    assert offers_by_name(engine, orion)["dev"].state == "offered"


def test_seats_freed_by_an_expiry_are_backfilled_too(engine, api_as, clock) -> None:
    pm = api_as("program_manager")
    orion, request_id = _approved_with(engine, pm, "auto")
    before = offers_by_name(engine, orion)
    pm.post(f"/api/surges/{request_id}/offers/{before['ana'].id}/answer", json={"answer": "accept"})
    _decline(pm, request_id, before["ben"].id)
    clock.advance(timedelta(hours=25))  # Cai never answers
    _tick(engine, clock)
    after = offers_by_name(engine, orion)
    assert after["cai"].state == "expired"
    assert {"dev", "eve"} <= set(after) and after["dev"].state == "offered"
