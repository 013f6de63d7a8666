"""The home domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.home.pages import health, home

route_handlers: list = [home, health]
