"""The outbox, for admins: every message still to send (with its text: without an SMTP server this is
where the links are picked up), then the latest sent; the same over JSON."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Request, get
from litestar.response import Template

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.outbox import service
from surgebench.lib import query
from surgebench.lib.deps import DB
from surgebench.lib.errors import ValidationFailed
from surgebench.lib.fields import FieldInvalid, parse_choice
from surgebench.lib.templating import page

STATES = ("pending", "sending", "sent")


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


def _state(value: str | None) -> str | None:
    try:
        return parse_choice(value, STATES, None, "state")
    except FieldInvalid as exc:
        raise ValidationFailed("The state is not valid.", fields={"state": str(exc)}) from None


@get("/admin/outbox", guards=[admin_only], include_in_schema=False, sync_to_thread=True)
def outbox_page(request: Request, db: DB) -> Template:
    box = service.outbox(db, request.app.state.settings, _state(request.query_params.get("only")))
    return page(request, "outbox/list.html", box=box, states=STATES)


@get("/api/outbox", guards=[admin_only], tags=["outbox"], sync_to_thread=True)
def outbox_api(
    request: Request,
    db: DB,
    only: str | None = query.choice(STATES, "Only messages in this state"),
) -> OutboxOut:
    """The messages still to send (oldest first), then the latest sent, and how many of each."""
    box = service.outbox(db, request.app.state.settings, _state(only))
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


route_handlers = [outbox_page, outbox_api]
