"""The home domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

HOME = Route("home.home", "/")
HEALTH = Route("home.health", "/health")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.home.pages import health, home

    return [home, health]
