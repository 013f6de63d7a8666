"""The demo's outcomes: what the labs measured of every engagement of the demo's closed cycles, drawn
deterministically (same seed, same outcomes), and a quality gate on each demo program, so the gate, the
estimates and the charts show something on a fresh clone.

Each engagement gets one outcome on its last day (never after the reference date): 60–400 items
reviewed, accepted at the person's vetting score plus their own lasting offset (±0.06, the same every
cycle: some people are better or worse than their vetting said) plus the cycle's noise (±0.04), a score
on one in five; one engagement in ten is a weak cycle (0.2 lower). Each program's gate: the lowest
returning outcome 0.60 and the lowest acceptable estimate 0.60."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy.orm import Session

from surgebench.demo import repository
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.outcomes import estimate_service
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.programs import repository as programs

GATE = {"min_estimate": "0.600", "min_returning_outcome": "0.600"}


def load_demo_outcomes(db: Session, seed: int, today: date, actor: Actor, now: datetime) -> int:
    """Outcomes for the closed cycles and the demo programs' gates; how many outcomes."""
    draw = random.Random(f"demo outcomes {seed}")
    rows = []
    offsets: dict[int, float] = {}
    for eid, sid, vetting, starts_on, ends_on in repository.closed_engagements(db):
        own = offsets.get(sid)
        if own is None:
            own = offsets[sid] = random.Random(f"demo outcomes {seed} {sid}").gauss(0, 0.06)
        items = draw.randint(60, 400)
        quality = vetting / 1000 + own + draw.gauss(0, 0.04) - (0.2 if draw.random() < 0.1 else 0)
        quality = min(1.0, max(0.05, quality))
        scored = draw.random() < 0.2
        rows.append(
            {
                "engagement_id": eid,
                "reported_on": max(starts_on, min(ends_on, today)),
                "items_reviewed": items,
                "items_accepted": round(items * quality),
                "score_milli": round(quality * 1000) if scored else None,
                "note": "",
                "reported_by_id": actor.user_id,
                "reported_by": actor.label,
                "created_at": now,
                "updated_at": now,
            }
        )
    repository.insert_outcomes(db, rows)
    estimate_service.refresh(db, today)  # what the bench filter by estimate reads
    record(
        db, actor, "import", "outcome", "demo-outcomes", {"outcomes": [None, len(rows)], "seed": [None, seed]}
    )
    for program in programs.list_programs(db):
        outcomes.set_gate(db, actor, program.id, GATE)
    return len(rows)
