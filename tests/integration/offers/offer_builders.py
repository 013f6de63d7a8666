"""An approved Orion roster with its offers, for the live-ramp tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine, select

from surgebench.db.orm import Offer, OutboxMessage
from surgebench.db.session import unit_of_work
from tests.integration.surges.surge_builders import Orion, create_request, orion_with_history, plan_now

LINK = re.compile(r"/answer/([A-Za-z0-9_-]{20,})")


@dataclass(frozen=True)
class Approved:
    orion: Orion
    request_id: int
    plan_id: int


def approved_orion(engine: Engine, api, headcount: int = 3) -> Approved:  # type: ignore[no-untyped-def]
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id, headcount=headcount)
    plan_id = plan_now(engine, request_id)
    answer = api.post(f"/api/plans/{plan_id}/approve")
    assert answer.status_code == 200, answer.text
    return Approved(orion, request_id, plan_id)


def offers_by_name(engine: Engine, orion: Orion) -> dict[str, Offer]:
    names = {sid: name for name, sid in orion.people.items()}
    with unit_of_work(engine, writes=False) as db:
        found = db.scalars(select(Offer).order_by(Offer.id)).all()
        db.expunge_all()
    return {names[o.specialist_id]: o for o in found}


def link_of(engine: Engine, offer_id: int) -> str:
    """The token in the offer's message (the only place it exists)."""
    with unit_of_work(engine, writes=False) as db:
        body = db.scalar(select(OutboxMessage.body).where(OutboxMessage.offer_id == offer_id))
    assert body is not None
    found = LINK.search(body)
    assert found is not None, body
    return found[1]
