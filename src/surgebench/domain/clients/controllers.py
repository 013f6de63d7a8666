"""Client organisations over JSON (staff only)."""

from __future__ import annotations

from litestar import get

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.clients import service
from surgebench.domain.clients.schemas import ClientOut
from surgebench.lib.deps import DB


@get("/api/clients", guards=[staff_only], tags=["clients"], sync_to_thread=True)
def list_clients(db: DB) -> list[ClientOut]:
    """Every client organisation, by name."""
    return [ClientOut.of(client) for client in service.list_clients(db)]


route_handlers = [list_clients]
