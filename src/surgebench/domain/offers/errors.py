"""Named errors of the offers domain."""

from surgebench.lib.errors import Conflict, NotFound, TooManyAttempts, ValidationFailed


class OfferNotFound(NotFound):
    """No offer has this link (or id): the same answer for a wrong, used-up or made-up link."""

    code = "offer_not_found"


class OfferClosed(Conflict):
    """The offer can no longer take this answer: past its deadline, already answered, or its seat was
    filled otherwise; the message says which."""

    code = "offer_closed"


class InvalidAnswer(ValidationFailed):
    code = "invalid_answer"


class TooManyTries(TooManyAttempts):
    """Too many wrong links from one address: wait (``Retry-After``)."""

    code = "too_many_tries"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
