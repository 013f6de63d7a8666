"""HTTP details the framework gets wrong for an app registered in several routers."""

from __future__ import annotations

from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

_ALLOW_BY_PATH = "allow_by_path"


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
