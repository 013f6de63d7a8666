"""Client pages: the list of clients with their staffing terms, and a client's page where program
managers set whom it will not share people with and the cooldown."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import routes, service
from surgebench.domain.clients.errors import InvalidStaffingTerms
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.forms import form_list, form_text
from surgebench.lib.templating import page

FormBody = URLEncodedBody[dict[str, Any]]


@get(
    routes.CLIENTS.path,
    name=routes.CLIENTS.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def clients_page(request: Request, db: DB) -> Template:
    return page(request, "clients/list.html", clients=service.list_with_terms(db))


def _client_page(
    request: Request, db: DB, client_id: int, status_code: int = 200, **context: Any
) -> Template:
    return page(
        request,
        "clients/detail.html",
        status_code=status_code,
        terms=service.get_terms(db, client_id),
        clients=service.list_clients(db),
        **{"errors": {}, **context},
    )


@get(
    routes.CLIENT.path,
    name=routes.CLIENT.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def client_page(request: Request, db: DB, client_id: FromPath[int]) -> Template:
    return _client_page(request, db, client_id, saved=request.query_params.get("saved") == "1")


@post(routes.CLIENT.path, guards=[managers], include_in_schema=False, sync_to_thread=True)
def save_client_terms(
    request: Request, db: DB, principal: CurrentPrincipal, client_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    try:
        service.set_terms(
            db,
            Actor.of(principal),
            client_id,
            form_list(data, "competitors"),
            form_text(data, "cooldown_days"),
            both_ways=form_text(data, "both_ways") == "1",
        )
    except InvalidStaffingTerms as exc:
        db.rollback()
        return _client_page(request, db, client_id, exc.status_code, errors=exc.fields, problem=exc.message)
    return Redirect(path=f"{routes.CLIENT.url(client_id=client_id)}?saved=1", status_code=303)


route_handlers = [clients_page, client_page, save_client_terms]
