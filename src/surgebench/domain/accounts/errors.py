"""Named errors of the accounts domain."""

from surgebench.lib.errors import Conflict, NotAuthenticated, NotFound, TooManyAttempts, ValidationFailed


class SignInFailed(NotAuthenticated):
    code = "sign_in_failed"


class AccountLocked(TooManyAttempts):
    code = "account_locked"


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
