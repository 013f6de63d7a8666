"""The audit domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

AUDIT = Route("audit.audit", "/admin/audit")
API_AUDIT = Route("audit.api_audit", "/api/audit")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.audit import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
