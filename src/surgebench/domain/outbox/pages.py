"""The outbox, for admins: every message still to send (with its text: without an SMTP server this is
where the links are picked up), then the latest sent; the same over JSON."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.outbox import routes, service
from surgebench.lib.deps import DB
from surgebench.lib.errors import ValidationFailed
from surgebench.lib.fields import FieldInvalid, parse_choice
from surgebench.lib.templating import page

STATES = ("pending", "sending", "sent")


def parse_state(value: str | None) -> str | None:
    try:
        return parse_choice(value, STATES, None, "state")
    except FieldInvalid as exc:
        raise ValidationFailed("The state is not valid.", fields={"state": str(exc)}) from None


@get(
    routes.OUTBOX.path,
    name=routes.OUTBOX.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def outbox_page(request: Request, db: DB) -> Template:
    box = service.outbox(db, request.app.state.settings, parse_state(request.query_params.get("only")))
    return page(request, "outbox/list.html", box=box, states=STATES)


route_handlers = [outbox_page]
