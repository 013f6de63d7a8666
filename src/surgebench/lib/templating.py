"""Rendering pages: every template gets the principal, its CSRF token and the current path."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from surgebench.lib.csrf import CSRF_FIELD, PRE_SESSION_CSRF_COOKIE


def page(request: Request, template: str, status_code: int = 200, **context: Any) -> Template:
    principal = request.scope.get("user")
    csrf = principal.csrf_token if principal is not None else request.cookies.get(PRE_SESSION_CSRF_COOKIE)
    return Template(
        template_name=template,
        status_code=status_code,
        context={"principal": principal, "csrf_token": csrf or "", "csrf_field": CSRF_FIELD,
                 "today": request.app.state.clock.today(),
                 "path": request.url.path, "query": request.query_params, **context},
    )
