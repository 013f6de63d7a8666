"""Named errors of the outcomes domain."""

from surgebench.lib.errors import Conflict, NotFound, ValidationFailed


class OutcomeNotFound(NotFound):
    code = "outcome_not_found"


class InvalidOutcome(ValidationFailed):
    code = "invalid_outcome"


class OutcomeExists(Conflict):
    """The engagement already has an outcome reported on that day: correct it instead."""

    code = "outcome_exists"


class InvalidGate(ValidationFailed):
    code = "invalid_quality_gate"
