"""Walking the application's route table (shared by the route-guard and malformed-input walkers)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

PUBLIC_ALLOWED = ("/", "/sign-in", "/health")
PUBLIC_PREFIXES = ("/static/", "/answer/")
"""``/answer/…``: the offer links people without an account open (an unguessable token each)."""
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    handler: HTTPRouteHandler

    @property
    def is_api(self) -> bool:
        return self.path == "/api" or self.path.startswith("/api/")

    @property
    def guards(self) -> list[Any]:
        return list(self.handler.resolve_guards())

    @property
    def public_allowed(self) -> bool:
        return self.path in PUBLIC_ALLOWED or self.path.startswith(PUBLIC_PREFIXES)

    def url(self, number: int | str = 1) -> str:
        """The path with every parameter filled: numbers for ``int``, ``x`` for the rest."""

        def fill(match: re.Match[str]) -> str:
            return str(number) if match.group(2) == "int" else "x"

        return _PARAM.sub(fill, self.path)


def endpoints(app: Litestar) -> Iterator[Endpoint]:
    """Every (path, method) the app serves, except Litestar's automatic CORS ``OPTIONS`` answers."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if handler.handler_name == "options_handler":
                continue
            for method in sorted(handler.http_methods):
                yield Endpoint(route.path, method, handler)
