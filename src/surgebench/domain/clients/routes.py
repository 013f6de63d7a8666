"""The clients domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

CLIENTS = Route("clients.clients", "/clients")
CLIENT = Route("clients.client", "/clients/{client_id:int}")
API_CLIENTS = Route("clients.api_clients", "/api/clients")
API_CLIENT = Route("clients.api_client", "/api/clients/{client_id:int}")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.clients import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
