"""What the request form proposes for a program's next cycle: the cycle nobody has asked for yet, or the
one after the latest, dated and named the way the program goes on."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import service as program_service
from surgebench.domain.surges import repository


def new_request_defaults(db: Session, program_id: int, today: date) -> dict[str, Any]:
    """The form's starting values for a program's next cycle: the earliest planned (or staffing) cycle
    that no request asks for yet, as it is recorded; else the cycle after the latest one, starting the
    Monday after it ends (or after today, if later), as long as it, its model version in the program's
    naming. The client's competitors and cooldown; the ramp from the cycle's start."""
    view_ = program_service.program_view(db, program_id)
    client = clients.get(db, view_.program.client_id)
    assert client is not None
    competitors = clients.competitors_of(db, [client.id])[client.id]
    cycles = sorted(view_.cycles, key=lambda c: c.number)
    free = next(
        (
            c
            for c in cycles
            if c.status in ("planned", "staffing") and repository.active_for_cycle(db, c.cycle_id) is None
        ),
        None,
    )
    if free is not None:
        number, version, starts, ends = free.number, free.model_version, free.starts_on, free.ends_on
    else:
        latest = cycles[-1] if cycles else None
        number = latest.number + 1 if latest else 1
        starts = monday_after(max(today, latest.ends_on) if latest else today)
        ends = starts + (latest.ends_on - latest.starts_on if latest else DEFAULT_CYCLE_LENGTH)
        version = next_model_version(latest.model_version if latest else None, view_.program.model, number)
    return {
        "cycle.number": number,
        "cycle.model_version": version,
        "cycle.starts_on": starts,
        "cycle.ends_on": ends,
        "priority": 1,
        "cooldown_days": client.cooldown_days,
        "competitors": [c.slug for c in competitors],
        "ramp_start": starts,
    }


DEFAULT_CYCLE_LENGTH = timedelta(weeks=12) - timedelta(days=3)
"""A program's first cycle: twelve weeks, Monday to Friday (later cycles are as long as the one before)."""
_LAST_NUMBER = re.compile(r"(?P<stem>.*?)(?P<last>\d+)")


def monday_after(day: date) -> date:
    after = day + timedelta(days=1)
    return after + timedelta(days=(7 - after.weekday()) % 7)


def next_model_version(previous: str | None, model: str, number: int) -> str:
    """The version after ``previous`` in the program's own naming: its last number counts up, the rest
    (and zero padding) kept — orion-2.2 → orion-2.3, orion-3 → orion-4, v09 → v10. A version that does
    not end in a number (or none yet) gives ``<model>-<cycle number>``."""
    found = _LAST_NUMBER.fullmatch(previous or "")
    if found is None:
        return f"{model}-{number}"
    last = found["last"]
    return found["stem"] + str(int(last) + 1).zfill(len(last))
