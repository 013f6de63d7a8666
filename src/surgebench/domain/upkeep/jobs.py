"""The scheduled jobs' work, each a plain function of a writing transaction and the moment it runs at.
Every one is idempotent: run again for the same moment, it finds nothing left to do."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from surgebench.domain.audit.service import Actor, entry, record_many
from surgebench.domain.outcomes import estimate_service
from surgebench.domain.programs import service as programs
from surgebench.domain.upkeep import repository

UPKEEP = Actor.system("upkeep")
NAMED = 20
"""How many people or cycles an outcome names (the counts cover all)."""


def record_vetting_lapses(db: Session, now: datetime) -> dict[str, Any]:
    """Vetting that has run out is recorded as lapsed (audited, once per lapse); vetting renewed since is
    cleared. A lapsed person is never counted as vetted, recorded yet or not."""
    today = now.date()
    lapsed = repository.vetting_run_out(db, today)
    if lapsed:
        repository.mark_lapsed(db, [(sid, expires + timedelta(days=1)) for sid, _n, expires in lapsed])
        record_many(
            db,
            [
                entry(
                    UPKEEP,
                    now,
                    "lapse",
                    "specialist",
                    sid,
                    {"vetting": ["valid", "lapsed"], "vetting_expires": expires.isoformat()},
                )
                for sid, _name, expires in lapsed
            ],
        )
    renewed = repository.clear_renewed_vetting(db, today)
    return {
        "lapsed": len(lapsed),
        "cleared": renewed,
        "people": [name for _sid, name, _e in lapsed[:NAMED]],
    }


def move_cycles_on_dates(db: Session, now: datetime) -> dict[str, Any]:
    """A staffed cycle (its roster approved) becomes active on its start date; an active cycle closes once
    its end date has passed, its running engagements ending on that date — so the continuity record is
    complete for the next cycle's surge and the hours they took are free again."""
    today = now.date()
    staffed = repository.staffed_cycles_starting(db, today)
    ended = repository.active_cycles_ended(db, today)
    activated, closed = [], []
    for cycle_id in staffed:
        programs.advance_cycle(db, UPKEEP, cycle_id, "active", today)
        activated.append(cycle_id)
    for cycle_id in ended:
        programs.advance_cycle(db, UPKEEP, cycle_id, "closed", today)
        closed.append(cycle_id)
    return {"activated": len(activated), "closed": len(closed), "cycles": (activated + closed)[:NAMED]}


def refresh_quality_estimates(db: Session, now: datetime) -> dict[str, Any]:
    """Every specialist's quality estimate per skill stored again as of today (what the bench filter by
    estimate reads): outcomes age a day, so each estimate drifts back towards the vetting score, and a
    changed vetting score moves its prior. Run twice for one day, it stores the same numbers."""
    return {"estimates": estimate_service.refresh(db, now.date())}
