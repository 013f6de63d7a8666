"""The offers domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.offers import controllers, pages

route_handlers: list = [*controllers.route_handlers, *pages.route_handlers]
