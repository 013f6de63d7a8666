"""The needs-attention list as JSON."""

from __future__ import annotations

from litestar import get

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.attention import routes, service
from surgebench.domain.attention.schemas import revet_out
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB


@get(
    routes.ATTENTION_API.path,
    name=routes.ATTENTION_API.name,
    guards=[staff_only],
    tags=["attention"],
    sync_to_thread=True,
)
def attention_api(db: DB, clock: AppClock) -> dict[str, object]:
    """Rosters losing people (who, which cycle, why, the surge request to re-plan), people each program's
    quality gate holds back from its next cycle (``held_back``), people below the vendor-wide quality
    floor (``below_floor``, lowest first, for the recruiters to re-vet) and people to re-vet, soonest first
    (the first 500; ``revet_total`` says how many in all, ``/attention/revet.csv`` lists every one)."""
    today = clock.today()
    found = service.gather(db, today)
    return {
        "at_risk": [
            {
                "specialist_id": r.specialist_id,
                "full_name": r.full_name,
                "cycle_id": r.cycle_id,
                "cycle": r.cycle_number,
                "program_id": r.program_id,
                "program": r.program_name,
                "client": r.client_name,
                "request_id": r.request_id,
                "problem": r.problem(today),
            }
            for r in found.at_risk
        ],
        "revet": [revet_out(r) for r in found.revet],
        "revet_total": found.revet_total,
        "held_back": [
            {
                "specialist_id": h.specialist_id,
                "full_name": h.full_name,
                "program_id": h.program_id,
                "program": h.program_name,
                "cycle": h.cycle,
                "skill": h.skill,
                "outcome": None if h.outcome_milli is None else h.outcome_milli / 1000,
                "estimate": h.estimate_milli / 1000,
                "why": h.reason,
            }
            for h in found.held_back
        ],
        "below_floor": [
            {
                "specialist_id": b.specialist_id,
                "full_name": b.full_name,
                "email": b.email,
                "skill": b.skill,
                "estimate": b.estimate_milli / 1000,
                "items": b.items,
                "last_outcome_on": b.last_reported_on.isoformat() if b.last_reported_on else None,
            }
            for b in found.below_floor
        ],
    }


route_handlers = [attention_api]
