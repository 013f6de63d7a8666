"""Resolves the request's ``Principal`` from a bearer API token or the session cookie.

Anonymous requests pass through with ``scope["user"] = None``; refusing them is the guards' job, so
every route states its own rule."""

from __future__ import annotations

from anyio import to_thread
from litestar.datastructures import Cookie  # noqa: F401  (re-exported for pages that set cookies)
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.domain.accounts import repository
from surgebench.lib.principal import Principal, as_role
from surgebench.lib.tokens import digest


def _resolve(engine: Engine, authorization: str | None, cookie_token: str | None) -> Principal | None:
    with Session(bind=engine) as db:
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
            user = repository.user_for_api_token(db, digest(token)) if token else None
            if user is None:
                return None
            return Principal(user.id, user.email, user.full_name, as_role(user.role), user.client_id, "token")
        if cookie_token:
            found = repository.user_for_session(db, digest(cookie_token), utcnow())
            if found is None:
                return None
            user, web_session = found
            return Principal(
                user.id,
                user.email,
                user.full_name,
                as_role(user.role),
                user.client_id,
                "session",
                session_id=web_session.id,
                csrf_token=web_session.csrf_token,
            )
    return None


def _cookie(headers: list[tuple[bytes, bytes]], name: str) -> str | None:
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> str | None:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


class AuthMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            headers = scope["headers"]
            authorization = _header(headers, b"authorization")
            cookie_token = _cookie(headers, scope["app"].state.settings.auth.session_cookie)
            principal = None
            if authorization or cookie_token:
                engine = scope["app"].state.engine
                principal = await to_thread.run_sync(_resolve, engine, authorization, cookie_token)
            scope["user"] = principal
            scope["auth"] = principal.via if principal else None
        await self.app(scope, receive, send)
