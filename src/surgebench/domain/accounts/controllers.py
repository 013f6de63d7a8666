"""JSON API for administering accounts and their API tokens (admins only)."""

from __future__ import annotations

from litestar import delete, get, patch, post
from litestar.params import FromPath, JSONBody

from surgebench.domain.accounts import routes, service
from surgebench.domain.accounts.guards import admin_only
from surgebench.domain.accounts.schemas import (
    NewTokenOut,
    TokenCreate,
    TokenOut,
    UserCreate,
    UserOut,
    UserPatch,
    changes_from,
)
from surgebench.domain.audit.service import Actor
from surgebench.lib.deps import DB, CurrentPrincipal

TAGS = ["accounts"]


@get(routes.API_USERS.path, name=routes.API_USERS.name, guards=[admin_only], tags=TAGS, sync_to_thread=True)
def list_users(db: DB) -> list[UserOut]:
    """Every account, active ones first."""
    return [UserOut.of(user) for user in service.list_users(db)]


@post(routes.API_USERS.path, guards=[admin_only], tags=TAGS, sync_to_thread=True)
def create_user(db: DB, principal: CurrentPrincipal, data: JSONBody[UserCreate]) -> UserOut:
    """Create an account with an initial password."""
    user = service.create_user(
        db,
        Actor.of(principal),
        email=data.email,
        full_name=data.full_name,
        role=data.role,
        password=data.password,
        client_slug=data.client,
    )
    return UserOut.of(user)


@get(routes.API_USER.path, name=routes.API_USER.name, guards=[admin_only], tags=TAGS, sync_to_thread=True)
def get_user(db: DB, user_id: FromPath[int]) -> UserOut:
    return UserOut.of(service.get_user(db, user_id))


@patch(routes.API_USER.path, guards=[admin_only], tags=TAGS, sync_to_thread=True)
def update_user(
    db: DB, principal: CurrentPrincipal, user_id: FromPath[int], data: JSONBody[UserPatch]
) -> UserOut:
    """Change role, full name, client organisation or whether the account may sign in."""
    return UserOut.of(service.update_user(db, Actor.of(principal), user_id, changes_from(data)))


@get(routes.API_TOKENS.path, name=routes.API_TOKENS.name, guards=[admin_only], tags=TAGS, sync_to_thread=True)
def list_tokens(db: DB, user_id: FromPath[int]) -> list[TokenOut]:
    """The account's API tokens (never the tokens themselves)."""
    return [TokenOut.of(row) for row in service.list_tokens(db, user_id)]


@post(routes.API_TOKENS.path, guards=[admin_only], tags=TAGS, sync_to_thread=True)
def create_token(
    db: DB, principal: CurrentPrincipal, user_id: FromPath[int], data: JSONBody[TokenCreate]
) -> NewTokenOut:
    """Issue a bearer token for the account. The answer carries the token once."""
    issued = service.issue_api_token(db, Actor.of(principal), user_id, data.name)
    return NewTokenOut(issued.row.id, issued.row.user_id, issued.row.name, issued.token)


@delete(
    routes.API_REVOKE_TOKEN.path,
    name=routes.API_REVOKE_TOKEN.name,
    guards=[admin_only],
    tags=TAGS,
    status_code=200,
    sync_to_thread=True,
)
def revoke_token(db: DB, principal: CurrentPrincipal, token_id: FromPath[int]) -> TokenOut:
    """Revoke a token; it stops working at once."""
    return TokenOut.of(service.revoke_api_token(db, Actor.of(principal), token_id))


route_handlers = [list_users, create_user, get_user, update_user, list_tokens, create_token, revoke_token]
