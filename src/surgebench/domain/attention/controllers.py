"""The needs-attention list as JSON."""

from __future__ import annotations

from litestar import get

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.attention import service
from surgebench.domain.attention.schemas import revet_out
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB


@get("/api/attention", guards=[staff_only], tags=["attention"], sync_to_thread=True)
def attention_api(db: DB, clock: AppClock) -> dict[str, object]:
    """Rosters losing people (who, which cycle, why, the surge request to re-plan) and people to re-vet,
    soonest first (the first 500; ``revet_total`` says how many in all, ``/attention/revet.csv`` lists
    every one)."""
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
    }


route_handlers = [attention_api]
