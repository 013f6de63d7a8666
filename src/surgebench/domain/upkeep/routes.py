"""The upkeep domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

SCHEDULE = Route("upkeep.schedule", "/admin/schedule")
# the parameter is not called ``name``: ``url_for``'s own first parameter is
RUN_NOW = Route("upkeep.run_now", "/admin/schedule/{job_name:str}/run")
SCHEDULE_API = Route("upkeep.schedule_api", "/api/schedule")
RUN_NOW_API = Route("upkeep.run_now_api", "/api/schedule/{name:str}/run")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.upkeep import controllers, pages

    return [*pages.route_handlers, *controllers.route_handlers]
