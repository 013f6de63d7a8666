"""The upkeep domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.upkeep import controllers, pages

route_handlers: list = [*pages.route_handlers, *controllers.route_handlers]
