"""The client portal's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.portal import (
    controllers,
    makeup_controllers,
    outcome_controllers,
    outcome_pages,
    pages,
)

route_handlers: list = [
    *controllers.route_handlers,
    *makeup_controllers.route_handlers,
    *pages.route_handlers,
    *outcome_controllers.route_handlers,
    *outcome_pages.route_handlers,
]
