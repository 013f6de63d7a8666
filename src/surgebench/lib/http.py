"""HTTP details the framework leaves to us: the ``Allow`` header of an app registered in several
routers, and content that is gzip-compressed already (sent as it is, never compressed again)."""

from __future__ import annotations

from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

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
    allow = _allow_by_path(scope).get(scope.get("path_template", ""))  # type: ignore[arg-type]
    if allow:
        headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
        message["headers"] = [*headers, (b"allow", allow.encode())]  # type: ignore[typeddict-unknown-key]


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
