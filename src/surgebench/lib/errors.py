"""One error vocabulary for the whole service, mapped to HTTP in one place.

Services raise these (never HTTP exceptions or bare ``ValueError``); ``exception_handlers`` turns them
into a JSON body for the API and a friendly page (or the re-rendered form) for HTML routes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """Base of every error a user can cause. ``status_code`` is the HTTP answer it deserves."""

    status_code = 400
    code = "bad_request"
    retry_after: int | None = None
    """Seconds to wait before trying again, sent as ``Retry-After`` (a 429 or 503 says when)."""

    def __init__(self, message: str, *, fields: Mapping[str, str] | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})
        self.details = details

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        if self.details is not None:
            body["details"] = self.details
        return body


class ValidationFailed(DomainError):
    """Input was understood but is not acceptable; ``fields`` maps each field to a plain message."""

    status_code = 400
    code = "validation_failed"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"


class PermissionDenied(DomainError):
    status_code = 403
    code = "forbidden"


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"


class TooLarge(DomainError):
    """The request's body (an upload) is larger than the service accepts."""

    status_code = 413
    code = "too_large"
