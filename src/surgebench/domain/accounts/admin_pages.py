"""Account administration pages (admins only): list and create accounts, edit one, (de)activate it,
issue and revoke its API tokens. Invalid input re-renders the form with a message per field."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.orm import Session

from surgebench.db.orm.accounts import ROLES
from surgebench.domain.accounts import routes, service
from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.accounts.service import AccountChanges
from surgebench.domain.audit.service import Actor
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page, refusals

FormBody = URLEncodedBody[dict[str, Any]]
LEAST_PRIVILEGED_ROLE = "client"
"""What the new-account form proposes: the role that can see least (its own organisation's work); an
admin who means more must choose it."""


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


def _users_page(request: Request, db: Session, status_code: int = 200, **context: Any) -> Template:
    return page(
        request,
        "accounts/users.html",
        status_code=status_code,
        users=service.list_users(db),
        clients=service.list_clients(db),
        roles=ROLES,
        **context,
    )


def _user_page(
    request: Request, db: Session, user_id: int, status_code: int = 200, **context: Any
) -> Template:
    return page(
        request,
        "accounts/user.html",
        status_code=status_code,
        user=service.get_user(db, user_id),
        tokens=service.list_tokens(db, user_id),
        clients=service.list_clients(db),
        roles=ROLES,
        **context,
    )


@get(
    routes.USERS.path,
    name=routes.USERS.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def users_page(request: Request, db: DB) -> Template:
    return _users_page(request, db, values={"role": LEAST_PRIVILEGED_ROLE})


@post(routes.USERS.path, guards=[admin_only], include_in_schema=False, sync_to_thread=True)
def create_user(request: Request, db: DB, principal: CurrentPrincipal, data: FormBody) -> Template | Redirect:
    values = {k: _text(data, k) for k in ("email", "full_name", "role", "client")}
    with refusals(
        db,
        lambda exc: _users_page(
            request, db, exc.status_code, error=exc.message, errors=exc.fields, values=values
        ),
    ):
        user = service.create_user(
            db,
            Actor.of(principal),
            email=values["email"],
            full_name=values["full_name"],
            role=values["role"],
            password=_text(data, "password"),
            client_slug=values["client"] or None,
        )
    return Redirect(path=routes.USER.url(user_id=user.id), status_code=303)


@get(
    routes.USER.path, name=routes.USER.name, guards=[admin_only], include_in_schema=False, sync_to_thread=True
)
def user_page(request: Request, db: DB, user_id: FromPath[int]) -> Template:
    return _user_page(request, db, user_id)


@post(routes.USER.path, guards=[admin_only], include_in_schema=False, sync_to_thread=True)
def update_user(
    request: Request, db: DB, principal: CurrentPrincipal, user_id: FromPath[int], data: FormBody
) -> Template | Redirect:
    changes = AccountChanges(
        full_name=_text(data, "full_name"), role=_text(data, "role"), client=_text(data, "client") or None
    )
    with refusals(
        db,
        lambda exc: _user_page(request, db, user_id, exc.status_code, error=exc.message, errors=exc.fields),
    ):
        service.update_user(db, Actor.of(principal), user_id, changes)
    return Redirect(path=routes.USER.url(user_id=user_id), status_code=303)


def _set_active(
    request: Request, db: Session, principal: Any, user_id: int, active: bool
) -> Template | Redirect:
    with refusals(db, lambda exc: _user_page(request, db, user_id, exc.status_code, error=exc.message)):
        service.set_active(db, Actor.of(principal), user_id, active)
    return Redirect(path=routes.USER.url(user_id=user_id), status_code=303)


@post(
    routes.DEACTIVATE_USER.path,
    name=routes.DEACTIVATE_USER.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def deactivate_user(
    request: Request, db: DB, principal: CurrentPrincipal, user_id: FromPath[int]
) -> Template | Redirect:
    return _set_active(request, db, principal, user_id, False)


@post(
    routes.REACTIVATE_USER.path,
    name=routes.REACTIVATE_USER.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def reactivate_user(
    request: Request, db: DB, principal: CurrentPrincipal, user_id: FromPath[int]
) -> Template | Redirect:
    return _set_active(request, db, principal, user_id, True)


@post(
    routes.CREATE_TOKEN.path,
    name=routes.CREATE_TOKEN.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def create_token(
    request: Request, db: DB, principal: CurrentPrincipal, user_id: FromPath[int], data: FormBody
) -> Template:
    """The new token is shown on this answer only; it is never shown again."""
    with refusals(
        db,
        lambda exc: _user_page(
            request, db, user_id, exc.status_code, error=exc.message, token_errors=exc.fields
        ),
    ):
        issued = service.issue_api_token(db, Actor.of(principal), user_id, _text(data, "name"))
    return _user_page(request, db, user_id, 201, new_token=issued.token, new_token_name=issued.row.name)


@post(
    routes.REVOKE_TOKEN.path,
    name=routes.REVOKE_TOKEN.name,
    guards=[admin_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def revoke_token(db: DB, principal: CurrentPrincipal, token_id: FromPath[int]) -> Redirect:
    row = service.revoke_api_token(db, Actor.of(principal), token_id)
    return Redirect(path=routes.USER.url(user_id=row.user_id), status_code=303)


route_handlers = [
    users_page,
    create_user,
    user_page,
    update_user,
    deactivate_user,
    reactivate_user,
    create_token,
    revoke_token,
]
