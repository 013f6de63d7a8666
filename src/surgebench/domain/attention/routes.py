"""The attention domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

ATTENTION = Route("attention.attention", "/attention")
REVET_CSV = Route("attention.revet_csv", "/attention/revet.csv")
ATTENTION_API = Route("attention.attention_api", "/api/attention")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.attention import controllers, pages

    return [*pages.route_handlers, *controllers.route_handlers]
