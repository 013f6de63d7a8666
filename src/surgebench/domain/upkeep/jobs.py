"""The scheduled jobs' work, each a plain function of a writing transaction and the moment it runs at.
Every one is idempotent: run again for the same moment, it finds nothing left to do."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from surgebench.db.orm import AuditEntry, Cycle, Specialist, SurgeRequest
from surgebench.domain.audit.service import Actor
from surgebench.domain.programs import service as programs

UPKEEP = Actor.system("upkeep")
NAMED = 20
"""How many people or cycles an outcome names (the counts cover all)."""


def record_vetting_lapses(db: Session, now: datetime) -> dict[str, Any]:
    """Vetting that has run out is recorded as lapsed (audited, once per lapse); vetting renewed since is
    cleared. A lapsed person is never counted as vetted, recorded yet or not."""
    today = now.date()
    lapsed = db.execute(
        select(Specialist.id, Specialist.full_name, Specialist.vetting_expires)
        .where(
            Specialist.status == "vetted",
            Specialist.vetting_expires < today,
            Specialist.vetting_lapsed_on.is_(None),
        )
        .order_by(Specialist.id)
    ).all()
    if lapsed:
        db.execute(
            update(Specialist).execution_options(synchronize_session=False),
            [{"id": sid, "vetting_lapsed_on": expires + timedelta(days=1)} for sid, _n, expires in lapsed],
        )
        db.execute(
            insert(AuditEntry),
            [
                {
                    "at": now,
                    "actor_id": None,
                    "actor_label": UPKEEP.label,
                    "action": "lapse",
                    "entity_type": "specialist",
                    "entity_id": str(sid),
                    "changes": {"vetting": ["valid", "lapsed"], "vetting_expires": expires.isoformat()},
                }
                for sid, _name, expires in lapsed
            ],
        )
    renewed = db.execute(
        update(Specialist)
        .where(
            Specialist.vetting_lapsed_on.is_not(None),
            (Specialist.vetting_expires >= today) | (Specialist.status != "vetted"),
        )
        .values(vetting_lapsed_on=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return {
        "lapsed": len(lapsed),
        "cleared": renewed or 0,
        "people": [name for _sid, name, _e in lapsed[:NAMED]],
    }


def move_cycles_on_dates(db: Session, now: datetime) -> dict[str, Any]:
    """A staffed cycle (its roster approved) becomes active on its start date; an active cycle closes once
    its end date has passed, its running engagements ending on that date — so the continuity record is
    complete for the next cycle's surge and the hours they took are free again."""
    today = now.date()
    staffed = db.scalars(
        select(Cycle)
        .join(SurgeRequest, SurgeRequest.cycle_id == Cycle.id)
        .where(Cycle.status == "staffing", SurgeRequest.status == "approved", Cycle.starts_on <= today)
        .order_by(Cycle.id)
    ).all()
    ended = db.scalars(
        select(Cycle).where(Cycle.status == "active", Cycle.ends_on < today).order_by(Cycle.id)
    ).all()
    activated, closed = [], []
    for cycle in staffed:
        programs.advance_cycle(db, UPKEEP, cycle.id, "active", today)
        activated.append(cycle.id)
    for cycle in ended:
        programs.advance_cycle(db, UPKEEP, cycle.id, "closed", today)
        closed.append(cycle.id)
    return {"activated": len(activated), "closed": len(closed), "cycles": (activated + closed)[:NAMED]}
