"""Sign-in and sign-out pages."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from surgebench.domain.accounts import routes, service
from surgebench.domain.accounts.errors import SignInThrottled
from surgebench.domain.accounts.guards import public, signed_in
from surgebench.lib.csrf import PRE_SESSION_CSRF_COOKIE
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page
from surgebench.lib.tokens import new_token
from surgebench.settings import AuthSettings, Settings

FormBody = URLEncodedBody[dict[str, str]]


def _safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a signed-in user to another host. Browsers drop tabs and
    newlines and read ``\\`` as ``/``, so ``/<tab>/evil.example`` would become ``//evil.example``."""
    if not target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return "/"
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _auth_settings(request: Request) -> AuthSettings:
    """The serving app's auth settings (tests run apps with different settings side by side)."""
    settings: Settings = request.app.state.settings
    return settings.auth


def _sign_in_form(request: Request, status_code: int = 200, **context: object) -> Template:
    csrf = request.cookies.get(PRE_SESSION_CSRF_COOKIE) or new_token()
    auth = _auth_settings(request)
    response = page(request, "accounts/sign_in.html", status_code=status_code, **context)
    response.context["csrf_token"] = csrf
    response.cookies.append(
        Cookie(
            key=PRE_SESSION_CSRF_COOKIE,
            value=csrf,
            httponly=True,
            samesite="strict",
            secure=auth.cookie_secure,
            path="/",
        )
    )
    return response


@get(
    routes.SIGN_IN.path,
    name=routes.SIGN_IN.name,
    guards=[public],
    include_in_schema=False,
    sync_to_thread=False,
)
def sign_in_form(request: Request) -> Template:
    return _sign_in_form(request, next=_safe_next(request.query_params.get("next")))


@post(routes.SIGN_IN.path, guards=[public], include_in_schema=False, sync_to_thread=True)
def sign_in(request: Request, db: DB, data: FormBody) -> Template | Redirect:
    email = str(data.get("email", ""))
    target = _safe_next(str(data.get("next", "")))
    source = request.client.host if request.client else None
    try:
        opened = service.sign_in(db, email, str(data.get("password", "")), _auth_settings(request), source)
    except SignInThrottled as exc:
        refused = _sign_in_form(request, 429, error=exc.message, email=email, next=target)
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    if opened is None:
        return _sign_in_form(request, 400, error="E-mail or password is wrong.", email=email, next=target)
    auth = _auth_settings(request)
    response = Redirect(path=target)
    response.cookies.append(
        Cookie(
            key=auth.session_cookie,
            value=opened.token,
            httponly=True,
            samesite="lax",
            secure=auth.cookie_secure,
            max_age=int(auth.session_lifetime.total_seconds()),
            path="/",
        )
    )
    return response


@post(
    routes.SIGN_OUT.path,
    name=routes.SIGN_OUT.name,
    guards=[signed_in],
    include_in_schema=False,
    sync_to_thread=True,
)
def sign_out(request: Request, db: DB, principal: CurrentPrincipal) -> Redirect:
    if principal.session_id:
        service.sign_out(db, principal.session_id)
    response = Redirect(path=routes.SIGN_IN.url())
    response.delete_cookie(_auth_settings(request).session_cookie, path="/")
    return response
