"""Errors → responses, in one place. API paths (``/api/…``) get JSON; pages get a page or a redirect."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap
from sqlalchemy.exc import DataError, OperationalError

from surgebench.lib.errors import DomainError, NotAuthenticated
from surgebench.lib.http import BodyTimedOut, ClientGone
from surgebench.lib.templating import Refused

log = logging.getLogger("surgebench")


HEADINGS = {404: "Not found", 403: "Not allowed", 400: "That did not work"}
"""The error page's heading by HTTP status."""


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


def _error_page(request: Request, status: int, message: str) -> Template:
    principal = request.scope.get("user")
    return Template(
        template_name="error.html",
        status_code=status,
        context={
            "status": status,
            "heading": HEADINGS.get(status, "Something went wrong"),
            "message": message,
            "principal": principal,
            "csrf_token": principal.csrf_token if principal else "",
            "csrf_field": "_csrf",
            "path": request.url.path,
        },
    )


def _respond(
    request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> Response[Any]:
    if _is_api(request):
        return Response(content=body, status_code=status, headers=headers)
    page = _error_page(request, status, body.get("message", "Something went wrong."))
    page.headers.update(headers or {})
    return page


def domain_error_handler(request: Request, exc: DomainError) -> Response[Any]:
    if isinstance(exc, NotAuthenticated) and not _is_api(request):
        # by the route's name (``accounts.routes.SIGN_IN``): lib/ imports no domain
        sign_in = request.app.route_reverse("accounts.sign_in")
        return Redirect(path=f"{sign_in}?next={quote(request.url.path)}")
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after is not None else None
    return _respond(request, exc.status_code, exc.to_json(), headers=headers)


def validation_exception_handler(request: Request, exc: ValidationException) -> Response[Any]:
    fields: dict[str, str] = {}
    for item in exc.extra or []:
        if isinstance(item, dict):
            key = str(item.get("key") or item.get("source") or "body")
            message = str(item.get("message", "invalid"))
            if key == "data":  # the handler's body parameter: call it what the client sent
                key, message = "body", ("a request body is required" if message == "'data'" else message)
            fields[key] = message
    body: dict[str, Any] = {"error": "validation_failed", "message": exc.detail or "Invalid input."}
    if fields:
        body["fields"] = fields
    return _respond(request, 400, body)


def http_exception_handler(request: Request, exc: HTTPException) -> Response[Any]:
    if isinstance(exc, ClientGone):  # nobody to answer: say so in the log, plainly
        log.info("%s %s: %s", request.method, request.url.path, exc.detail)
    elif isinstance(exc, BodyTimedOut):
        log.info("%s %s: %s (answered 408, connection closed)", request.method, request.url.path, exc.detail)
    body: dict[str, Any] = {"error": "http_error", "message": exc.detail}
    if exc.status_code == 400:  # Litestar's 400s are about the request body (malformed JSON or form)
        body["fields"] = {"body": exc.detail}
    return _respond(request, exc.status_code, body, headers=exc.headers)  # e.g. a 405's Allow


def out_of_range_handler(request: Request, exc: Exception) -> Response[Any]:
    """A number too large for the database's integers, or text it cannot store (NUL): the client's input,
    not our failure."""
    message = "A value is out of the range this service stores (a number too large, or a NUL character)."
    body: dict[str, Any] = {"error": "validation_failed", "message": message}
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        body["fields"] = {"body": "contains a value out of range"}
    return _respond(request, 400, body)


def database_busy_handler(request: Request, exc: OperationalError) -> Response[Any]:
    """A writer that waited its whole turn (the SQLite busy timeout) without getting the lock: the
    service is overloaded, not broken, so say so and when to come back. Other operational errors are
    our failure."""
    if "locked" not in str(exc.orig).lower():
        return internal_error_handler(request, exc)
    log.warning("database busy on %s %s: %s", request.method, request.url.path, exc.orig)
    response = _respond(request, 503, {"error": "busy", "message": "The service is busy; try again shortly."})
    response.headers["Retry-After"] = "5"
    return response


def internal_error_handler(request: Request, exc: Exception) -> Response[Any]:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        {"error": "internal_error", "message": "Something went wrong on our side."},
    )


def refused_handler(request: Request, exc: Refused) -> Response[Any]:
    """A page's own answer to an action its service refused (``templating.refusals``)."""
    return exc.response


exception_handlers: ExceptionHandlersMap = {
    Refused: refused_handler,
    DomainError: domain_error_handler,
    ValidationException: validation_exception_handler,
    HTTPException: http_exception_handler,
    DataError: out_of_range_handler,  # PostgreSQL: integer out of range, NUL in text
    OverflowError: out_of_range_handler,  # SQLite: integer wider than 64 bits
    OperationalError: database_busy_handler,
    HTTP_500_INTERNAL_SERVER_ERROR: internal_error_handler,
}
