"""Named errors of the accounts domain."""

from surgebench.lib.errors import Conflict, NotFound, TooManyAttempts, ValidationFailed


class SignInThrottled(TooManyAttempts):
    """Too many failed sign-ins to this account from here (or from everywhere, for a new source)."""

    code = "too_many_sign_ins"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UserNotFound(NotFound):
    code = "user_not_found"


class EmailTaken(Conflict):
    code = "email_taken"


class InvalidAccount(ValidationFailed):
    code = "invalid_account"


class TokenNotFound(NotFound):
    code = "token_not_found"


class LastAdmin(Conflict):
    code = "last_admin"
