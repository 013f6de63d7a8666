"""Route guards. Every route handler carries exactly one of these (a test walks the route table).

- ``requires_role(*roles)``: signed in with one of the roles; unsafe requests made with the session
  cookie must carry the session's CSRF token (form field ``_csrf`` or header ``X-CSRF-Token``).
  Bearer-token requests carry no ambient credentials, so they need no CSRF token.
- ``public``: anyone (sign-in page, health check). Unsafe public requests use a double-submit CSRF
  cookie, since there is no session yet.
"""

from __future__ import annotations

from typing import Protocol, cast

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from surgebench.lib.csrf import CSRF_FIELD, CSRF_HEADER, PRE_SESSION_CSRF_COOKIE
from surgebench.lib.errors import NotAuthenticated, PermissionDenied
from surgebench.lib.principal import Principal
from surgebench.lib.tokens import same

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

STALE_FORM = "The form expired or did not come from this site; reload and try again."
ALL_ROLES = ("admin", "program_manager", "recruiter", "client")
STAFF = ("admin", "program_manager", "recruiter")


async def _submitted_csrf(connection: ASGIConnection) -> str | None:
    header = connection.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = connection.headers.get("content-type", "")
    form_sent = content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
    if form_sent and isinstance(connection, Request):
        form = await connection.form()
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def principal_of(connection: ASGIConnection) -> Principal | None:
    principal: Principal | None = connection.scope.get("user")
    return principal


class RoleGuard(Protocol):
    """A guard that lets in the principals of its ``roles`` (the roles templates ask it about)."""

    roles: frozenset[str]
    __name__: str

    async def __call__(self, connection: ASGIConnection, handler: BaseRouteHandler, /) -> None: ...


def requires_role(*roles: str) -> RoleGuard:
    allowed = frozenset(roles)

    async def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if principal is None:
            raise NotAuthenticated("Sign in first.")
        if principal.role not in allowed:
            raise PermissionDenied("Your role may not do this.")
        if connection.scope.get("method", "GET") not in SAFE_METHODS and principal.via == "session":
            if not same(await _submitted_csrf(connection), principal.csrf_token):
                raise PermissionDenied(STALE_FORM)

    typed = cast(RoleGuard, guard)  # the function, with the roles it lets in set on it just below
    typed.roles = allowed
    typed.__name__ = f"requires_role({', '.join(sorted(allowed))})"
    return typed


async def public(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
    """Anyone may call this route; unsafe calls still need the double-submit CSRF token."""
    if connection.scope.get("method", "GET") in SAFE_METHODS:
        return
    if not same(await _submitted_csrf(connection), connection.cookies.get(PRE_SESSION_CSRF_COOKIE)):
        raise PermissionDenied(STALE_FORM)


cast(RoleGuard, public).roles = frozenset()  # the function, with the roles it lets in: none required

admin_only = requires_role("admin")
staff_only = requires_role(*STAFF)
recruiters = requires_role("admin", "recruiter")
managers = requires_role("admin", "program_manager")
"""Program managers (and admins): clients' staffing terms, programs, cycles, surge requests and plans."""
clients_only = requires_role("client")
"""A client organisation's users: the portal (their own programs and rosters, nothing else)."""
signed_in = requires_role(*ALL_ROLES)

GUARDS = {
    "admin_only": admin_only,
    "staff_only": staff_only,
    "recruiters": recruiters,
    "managers": managers,
    "clients_only": clients_only,
    "signed_in": signed_in,
}
"""The guards by name, for templates: ``may("managers")`` (see ``lets_in``)."""


def lets_in(principal: Principal | None, guard_name: str) -> bool:
    """Whether the guard named ``guard_name`` lets ``principal`` in (by role; CSRF aside). Templates ask
    this before offering an action (``may("managers")``), so a page offers what its routes allow."""
    return principal is not None and principal.role in GUARDS[guard_name].roles
