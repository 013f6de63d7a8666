"""Named errors of the surges domain."""

from surgebench.lib.errors import Conflict, NotFound, ValidationFailed


class SurgeRequestNotFound(NotFound):
    code = "surge_request_not_found"


class InvalidSurgeRequest(ValidationFailed):
    """Fields of the request break their rules; ``fields`` names each (``roles[1].min_level``)."""

    code = "invalid_surge_request"


class CycleAlreadyRequested(Conflict):
    code = "cycle_already_requested"


class RequestNotOpen(Conflict):
    """The request was approved or cancelled: it no longer changes (a re-plan keeps the roster whole)."""

    code = "request_not_open"


class RoleInUse(Conflict):
    """A role that plan versions refer to cannot be removed (set its headcount to 0 instead)."""

    code = "role_in_use"


class InvalidPin(ValidationFailed):
    code = "invalid_pin"
