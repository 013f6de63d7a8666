"""Surge requests over JSON, for program managers who script them: the same rules as the pages."""

from __future__ import annotations

from litestar import delete, get, patch, post
from litestar.params import FromPath, JSONBody

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.plans import queue_service as plan_queue
from surgebench.domain.surges import routes, service
from surgebench.domain.surges.schemas import (
    ExclusionIn,
    PinIn,
    SurgeRequestIn,
    SurgeRequestOut,
    SurgeRequestPatch,
)
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal


@get(
    routes.API_REQUESTS.path,
    name=routes.API_REQUESTS.name,
    guards=[staff_only],
    tags=["surges"],
    sync_to_thread=True,
)
def list_requests(db: DB) -> list[SurgeRequestOut]:
    """Open and approved surge requests, newest first."""
    return [SurgeRequestOut.of(v) for v in service.list_views(db)]


@post(
    routes.API_CREATE_REQUEST.path,
    name=routes.API_CREATE_REQUEST.name,
    guards=[managers],
    tags=["surges"],
    sync_to_thread=True,
    status_code=201,
)
def create_request(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    program_id: FromPath[int],
    data: JSONBody[SurgeRequestIn],
) -> SurgeRequestOut:
    """Ask for a surge on the program's next cycle (or the numbered one): the cycle is created (or the
    planned one dated) and moves to staffing. 409 when the cycle already has a request."""
    request = service.create_request(db, Actor.of(principal), program_id, data.raw(), clock.today())
    return SurgeRequestOut.of(service.view(db, request.id))


@get(
    routes.API_REQUEST.path,
    name=routes.API_REQUEST.name,
    guards=[staff_only],
    tags=["surges"],
    sync_to_thread=True,
)
def get_request(db: DB, request_id: FromPath[int]) -> SurgeRequestOut:
    """A surge request with its roles, ramp, competitors, pins and exclusions."""
    return SurgeRequestOut.of(service.view(db, request_id))


@patch(routes.API_REQUEST.path, guards=[managers], tags=["surges"], sync_to_thread=True)
def update_request(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: JSONBody[SurgeRequestPatch]
) -> SurgeRequestOut:
    """Change an open request (roles are matched by key; ``roles`` and ``ramp`` replace the lists)."""
    service.update_request(db, Actor.of(principal), request_id, data.raw())
    return SurgeRequestOut.of(service.view(db, request_id))


@post(
    routes.API_CANCEL_REQUEST.path,
    name=routes.API_CANCEL_REQUEST.name,
    guards=[managers],
    tags=["surges"],
    sync_to_thread=True,
    status_code=200,
)
def cancel_request(db: DB, principal: CurrentPrincipal, request_id: FromPath[int]) -> SurgeRequestOut:
    """Cancel an open request."""
    plan_queue.cancel_request(db, Actor.of(principal), request_id)
    return SurgeRequestOut.of(service.view(db, request_id))


@post(
    routes.API_PIN_PERSON.path,
    name=routes.API_PIN_PERSON.name,
    guards=[managers],
    tags=["surges"],
    sync_to_thread=True,
    status_code=200,
)
def pin_person(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: JSONBody[PinIn]
) -> SurgeRequestOut:
    """Fix a person to a role: every plan from now on holds them there (or says the pins cannot be kept)."""
    service.pin_person(db, Actor.of(principal), request_id, data.specialist_id, data.role)
    return SurgeRequestOut.of(service.view(db, request_id))


@delete(
    routes.API_UNPIN_PERSON.path,
    name=routes.API_UNPIN_PERSON.name,
    guards=[managers],
    tags=["surges"],
    sync_to_thread=True,
    status_code=200,
)
def unpin_person(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], specialist_id: FromPath[int]
) -> SurgeRequestOut:
    """Drop a pin."""
    service.unpin_person(db, Actor.of(principal), request_id, specialist_id)
    return SurgeRequestOut.of(service.view(db, request_id))


@post(
    routes.API_EXCLUDE_PERSON.path,
    name=routes.API_EXCLUDE_PERSON.name,
    guards=[managers],
    tags=["surges"],
    sync_to_thread=True,
    status_code=200,
)
def exclude_person(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], data: JSONBody[ExclusionIn]
) -> SurgeRequestOut:
    """Bar a person from the request (their pin, if any, is dropped)."""
    service.exclude_person(db, Actor.of(principal), request_id, data.specialist_id, data.reason)
    return SurgeRequestOut.of(service.view(db, request_id))


@delete(
    routes.API_INCLUDE_PERSON.path,
    name=routes.API_INCLUDE_PERSON.name,
    guards=[managers],
    tags=["surges"],
    sync_to_thread=True,
    status_code=200,
)
def include_person(
    db: DB, principal: CurrentPrincipal, request_id: FromPath[int], specialist_id: FromPath[int]
) -> SurgeRequestOut:
    """Lift an exclusion."""
    service.include_person(db, Actor.of(principal), request_id, specialist_id)
    return SurgeRequestOut.of(service.view(db, request_id))


route_handlers = [
    list_requests,
    create_request,
    get_request,
    update_request,
    cancel_request,
    pin_person,
    unpin_person,
    exclude_person,
    include_person,
]
