"""Named errors of the clients domain."""

from surgebench.lib.errors import NotFound, ValidationFailed


class ClientNotFound(NotFound):
    code = "client_not_found"


class InvalidStaffingTerms(ValidationFailed):
    """Competitors or cooldown are not acceptable; ``fields`` says which and how."""

    code = "invalid_staffing_terms"
