"""The landing page and health check."""

from surgebench.domain.home.pages import health, home

route_handlers: list = [home, health]
