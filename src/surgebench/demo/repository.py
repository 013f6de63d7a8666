"""The queries the demo loader needs to decide whether a database already holds data."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgebench.db.orm import Specialist, User


def count_specialists(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Specialist)) or 0


def existing_emails(db: Session, emails: Collection[str]) -> set[str]:
    """Which of these (lower-case) account e-mails already exist."""
    return set(db.scalars(select(User.email).where(User.email.in_(list(emails))))) if emails else set()


def closed_engagements(db: Session) -> list[tuple[int, int, int, date, date]]:
    """(engagement id, specialist id, vetting score in thousandths, first day, last day) of every
    engagement on the team
    of a closed cycle, in id order: what the demo's outcomes are drawn for."""
    from surgebench.db.orm import Cycle, Engagement
    from surgebench.domain.engagements.repository import effective_end, on_the_team

    query = (
        select(
            Engagement.id,
            Engagement.specialist_id,
            Specialist.quality_milli,
            Engagement.starts_on,
            effective_end(),
        )
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .where(Cycle.status == "closed", on_the_team())
        .order_by(Engagement.id)
    )
    return [(eid, sid, q, s, e) for eid, sid, q, s, e in db.execute(query)]


def insert_outcomes(db: Session, rows: list[dict[str, Any]]) -> None:
    from sqlalchemy import insert

    from surgebench.db.orm import Outcome

    for start in range(0, len(rows), 5_000):
        db.execute(insert(Outcome), rows[start : start + 5_000])
