"""Errors of the jobs domain."""

from __future__ import annotations

from typing import Any

from surgebench.lib.errors import NotFound


class JobNotFound(NotFound):
    """No such job, or not one the caller may see (the two are not told apart)."""


class JobFailed(Exception):
    """Raised by a job handler to end its job as failed with a plain message (and details for the
    outcome, e.g. every bad row of an import). Anything else a handler raises also fails the job."""

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class JobRetaken(Exception):
    """This worker no longer holds the job (it was silent too long and another instance retook it): the
    handler's transaction rolls back, so the work is done once, by the new holder."""


class JobCancelled(Exception):
    """Someone asked the job to stop (``service.cancel``): raised at the handler's next check, so its
    transaction rolls back and the job ends "cancelled" with nothing of it written."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
