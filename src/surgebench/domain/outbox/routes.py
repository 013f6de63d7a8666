"""The outbox domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

OUTBOX = Route("outbox.outbox", "/admin/outbox")
OUTBOX_API = Route("outbox.outbox_api", "/api/outbox")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.outbox import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
