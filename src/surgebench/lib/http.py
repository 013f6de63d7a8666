"""HTTP details the framework leaves to us: the ``Allow`` header of an app registered in several
routers, content that is gzip-compressed already (sent as it is, never compressed again), how long a
request body may take to arrive, and ids in paths past what the database stores."""

from __future__ import annotations

import asyncio

from litestar import Request
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.middleware import ASGIMiddleware
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from surgebench.lib.errors import NotFound
from surgebench.lib.openapi import MAX_ID

_ALLOW_BY_PATH = "allow_by_path"

ALREADY_COMPRESSED = "already_compressed"
"""A route handler's ``opt`` key (and the app's ``CompressionConfig.exclude_opt_key``): the handler sends
content that is compressed already, and sets ``Content-Encoding`` itself, so the compression middleware
leaves it alone (it would otherwise wrap stored gzip in a second gzip layer)."""


def _allow_by_path(scope: Scope) -> dict[str, str]:
    app = scope["app"]
    cached = app.state.get(_ALLOW_BY_PATH)
    if cached is None:
        methods: dict[str, set[str]] = {}
        for route in app.routes:
            if isinstance(route, HTTPRoute):
                methods.setdefault(route.path_format, set()).update(route.methods)
        cached = {path: ", ".join(sorted(found)) for path, found in methods.items()}
        app.state[_ALLOW_BY_PATH] = cached
    return cached


async def complete_allow_header(message: Message, scope: Scope) -> None:
    """``OPTIONS`` answers list every method the path serves. Litestar builds a path's OPTIONS handler
    when the path's first handler is registered and never updates it, so ``OPTIONS /api/specialists``
    said ``GET, OPTIONS`` although POST works there."""
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    allow = _allow_by_path(scope).get(scope.get("path_template", ""))
    if allow:
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
        message["headers"] = [*headers, (b"allow", allow.encode())]


class BodyTimedOut(HTTPException):
    """The client stopped sending the body it announced: answered 408, and the connection closed."""

    status_code = 408

    def __init__(self, seconds: float) -> None:
        super().__init__(
            detail=f"The request body did not arrive: nothing came for {seconds:g} s.",
            headers={"Connection": "close"},
        )


class ClientGone(HTTPException):
    """The client went away before sending the whole body: there is nobody to answer (logged at INFO)."""

    status_code = 400

    def __init__(self) -> None:
        super().__init__(detail="The client closed the connection before sending the whole body.")


class BodyDeadline(ASGIMiddleware):
    """Waits at most ``seconds`` for each part of a request's body. Without it a request that announced a
    body (``Content-Length: 1000``) and sent nothing held its handler slot for ever (uvicorn bounds idle
    keep-alive connections only), and when its client went away Litestar logged an ERROR with a
    traceback. Once the body is complete ``receive`` is passed through untouched: a streamed CSV download
    listens on it for the client's going away, for as long as the download takes."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        complete = False

        async def receive_in_time() -> ReceiveMessage:
            nonlocal complete
            if complete:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.seconds)
            except TimeoutError:
                raise BodyTimedOut(self.seconds) from None
            if message["type"] == "http.disconnect":
                raise ClientGone()
            complete = not message.get("more_body", False)
            return message

        await next_app(scope, receive_in_time, send)


def refuse_ids_out_of_range(request: Request) -> None:
    """An id in a path past what the database stores (ids are 1 to 2³¹−1) names nothing: 404 naming the
    parameter, before any query (PostgreSQL refused such a number with an error that named nothing)."""
    for name, value in request.path_params.items():
        if isinstance(value, int) and not 1 <= value <= MAX_ID:
            raise NotFound(
                f"There is nothing with {name} {value}.", fields={name: f"ids are 1 to {MAX_ID:,}"}
            )


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether a client named gzip (or ``*``) in ``Accept-Encoding`` with a weight above 0 (RFC 9110
    §12.5.3). No header at all counts as no: ``curl`` without ``--compressed`` sends none and would save
    the gzip bytes as they came."""
    weights: dict[str, float] = {}
    for item in (accept_encoding or "").split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value.strip())
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    for coding in ("gzip", "x-gzip"):
        if coding in weights:
            return weights[coding] > 0
    return weights.get("*", 0.0) > 0
