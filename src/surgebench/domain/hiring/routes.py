"""The hiring domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

HIRING = Route("hiring.hiring", "/hiring")
NEAR_MISSES_CSV = Route("hiring.near_misses_csv", "/hiring/near-misses.csv")
HIRING_API = Route("hiring.hiring_api", "/api/hiring")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.hiring import controllers, pages

    return [*pages.route_handlers, *controllers.route_handlers]
