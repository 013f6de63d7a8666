"""Named errors of the specialists domain."""

from surgebench.lib.errors import Conflict, NotFound, ValidationFailed


class SpecialistNotFound(NotFound):
    code = "specialist_not_found"


class InvalidSpecialist(ValidationFailed):
    """One or more fields break their rule; ``fields`` says which and how."""

    code = "invalid_specialist"


class InvalidBenchFilter(ValidationFailed):
    """A list filter, sort or page parameter is not understood; ``fields`` names each."""

    code = "invalid_filter"


class SpecialistEmailTaken(Conflict):
    code = "specialist_email_taken"


class AlreadyOffboarded(Conflict):
    code = "already_offboarded"
