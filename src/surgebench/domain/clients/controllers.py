"""Client organisations over JSON (staff read them; program managers and admins set staffing terms)."""

from __future__ import annotations

from litestar import get, patch
from litestar.params import FromPath, JSONBody

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import routes, service
from surgebench.domain.clients.schemas import ClientOut, ClientTermsWrite
from surgebench.lib.deps import DB, CurrentPrincipal


@get(
    routes.API_CLIENTS.path,
    name=routes.API_CLIENTS.name,
    guards=[staff_only],
    tags=["clients"],
    sync_to_thread=True,
)
def list_clients(db: DB) -> list[ClientOut]:
    """Every client organisation, by name, with its competitors and cooldown."""
    return [ClientOut.of(terms) for terms in service.list_with_terms(db)]


@get(
    routes.API_CLIENT.path,
    name=routes.API_CLIENT.name,
    guards=[staff_only],
    tags=["clients"],
    sync_to_thread=True,
)
def get_client(db: DB, client_id: FromPath[int]) -> ClientOut:
    """One client organisation with its staffing terms."""
    return ClientOut.of(service.get_terms(db, client_id))


@patch(routes.API_CLIENT.path, guards=[managers], tags=["clients"], sync_to_thread=True)
def set_client_terms(
    db: DB, principal: CurrentPrincipal, client_id: FromPath[int], data: JSONBody[ClientTermsWrite]
) -> ClientOut:
    """Set whom this client will not share people with and the cooldown after such an engagement."""
    terms = service.set_terms(
        db, Actor.of(principal), client_id, data.competitors, data.cooldown_days, both_ways=data.both_ways
    )
    return ClientOut.of(terms)


route_handlers = [list_clients, get_client, set_client_terms]
