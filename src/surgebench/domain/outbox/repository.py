"""The outbox's queries. A sender claims messages by moving them to ``sending`` with a lease, under row
locks (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two senders take different rows; on SQLite the
claiming transaction holds the database's write lock, so claims are one at a time)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from surgebench.db.orm import OutboxMessage

LINK = re.compile(r"(/answer/)[A-Za-z0-9_-]{20,}")
"""An answer link's token in a message body: blanked once the message is sent."""
REMOVED = r"\1(link removed from the stored copy once sent)"


def add_many(db: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        db.execute(insert(OutboxMessage), list(rows))


def claim(db: Session, sender: str, now: datetime, until: datetime, limit: int) -> list[OutboxMessage]:
    """Take up to ``limit`` messages to send: pending ones, and ones whose sender's lease ran out."""
    due = or_(
        OutboxMessage.state == "pending",
        (OutboxMessage.state == "sending") & (OutboxMessage.claimed_until < now),
    )
    ids = list(
        db.scalars(
            select(OutboxMessage.id)
            .where(due)
            .order_by(OutboxMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not ids:
        return []
    db.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids))
        .values(state="sending", claimed_by=sender, claimed_until=until, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return list(db.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)))


def mark_sent(db: Session, message_id: int, sender: str, now: datetime) -> bool:
    """Record the message as sent (its link blanked), if this sender still holds it."""
    message = db.scalar(
        select(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.claimed_by == sender,
            OutboxMessage.state == "sending",
        )
        .with_for_update()
    )
    if message is None:
        return False
    message.state, message.sent_at, message.claimed_until = "sent", now, None
    message.body, message.last_error = LINK.sub(REMOVED, message.body), None
    return True


def release(db: Session, message_ids: Sequence[int], sender: str, error: str) -> None:
    """Give claimed messages back (the SMTP server refused them or could not be reached)."""
    db.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(list(message_ids)),
            OutboxMessage.claimed_by == sender,
            OutboxMessage.state == "sending",
        )
        .values(state="pending", claimed_by=None, claimed_until=None, last_error=error[:2000])
        .execution_options(synchronize_session=False)
    )


def listing(db: Session, state: str | None = None, limit: int = 200) -> list[OutboxMessage]:
    """Unsent messages first (oldest first), then the latest sent."""
    query = select(OutboxMessage)
    if state is not None:
        query = query.where(OutboxMessage.state == state)
    query = query.order_by((OutboxMessage.state == "sent").asc(), OutboxMessage.id.asc()).limit(limit)
    return list(db.scalars(query))


def counts(db: Session) -> dict[str, int]:
    rows = db.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all()
    return {"pending": 0, "sending": 0, "sent": 0, **{state: int(n) for state, n in rows}}
