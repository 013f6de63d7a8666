"""The surges domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

CREATE_REQUEST = Route("surges.create_request", "/programs/{program_id:int}/surges")
NEW_REQUEST_FORM = Route("surges.new_request_form", "/programs/{program_id:int}/surges/new")
SURGES = Route("surges.surges", "/surges")
REQUEST = Route("surges.request", "/surges/{request_id:int}")
CANCEL_REQUEST = Route("surges.cancel_request", "/surges/{request_id:int}/cancel")
EDIT_REQUEST_FORM = Route("surges.edit_request_form", "/surges/{request_id:int}/edit")
EXCLUDE_PERSON = Route("surges.exclude_person", "/surges/{request_id:int}/exclusions")
INCLUDE_PERSON = Route(
    "surges.include_person", "/surges/{request_id:int}/exclusions/{specialist_id:int}/delete"
)
PIN_PERSON = Route("surges.pin_person", "/surges/{request_id:int}/pins")
UNPIN_PERSON = Route("surges.unpin_person", "/surges/{request_id:int}/pins/{specialist_id:int}/delete")
REMOVE_FROM_ROSTER = Route("surges.remove_from_roster", "/surges/{request_id:int}/roster/remove")
API_CREATE_REQUEST = Route("surges.api_create_request", "/api/programs/{program_id:int}/surges")
API_REQUESTS = Route("surges.api_requests", "/api/surges")
API_REQUEST = Route("surges.api_request", "/api/surges/{request_id:int}")
API_CANCEL_REQUEST = Route("surges.api_cancel_request", "/api/surges/{request_id:int}/cancel")
API_EXCLUDE_PERSON = Route("surges.api_exclude_person", "/api/surges/{request_id:int}/exclusions")
API_INCLUDE_PERSON = Route(
    "surges.api_include_person", "/api/surges/{request_id:int}/exclusions/{specialist_id:int}"
)
API_PIN_PERSON = Route("surges.api_pin_person", "/api/surges/{request_id:int}/pins")
API_UNPIN_PERSON = Route("surges.api_unpin_person", "/api/surges/{request_id:int}/pins/{specialist_id:int}")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.surges import controllers, pages

    return [*controllers.route_handlers, *pages.route_handlers]
