"""The outbox over JSON, for admins (and vendors' scripts): the messages still to send, then the latest
sent, and how many of each."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Request, get

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.outbox import routes, service
from surgebench.domain.outbox.pages import STATES, parse_state
from surgebench.lib import query
from surgebench.lib.deps import DB


class MessageOut(msgspec.Struct):
    id: int
    message_id: str
    recipient: str
    subject: str
    body: str
    state: str
    """pending, sending (a sender holds it) or sent."""
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    last_error: str | None


class OutboxOut(msgspec.Struct):
    smtp: bool
    """Whether this instance has an SMTP server to send through."""
    counts: dict[str, int]
    messages: list[MessageOut]


@get(
    routes.OUTBOX_API.path,
    name=routes.OUTBOX_API.name,
    guards=[admin_only],
    tags=["outbox"],
    sync_to_thread=True,
)
def outbox_api(
    request: Request,
    db: DB,
    only: str | None = query.choice(STATES, "Only messages in this state"),
) -> OutboxOut:
    """The messages still to send (oldest first), then the latest sent, and how many of each."""
    box = service.outbox(db, request.app.state.settings, parse_state(only))
    return OutboxOut(
        box.smtp,
        box.counts,
        [
            MessageOut(
                m.id,
                m.message_id,
                m.recipient,
                m.subject,
                m.body,
                m.state,
                m.attempts,
                m.created_at,
                m.sent_at,
                m.last_error,
            )
            for m in box.messages
        ],
    )


route_handlers = [outbox_api]
