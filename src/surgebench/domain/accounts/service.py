"""Account rules: who may exist with which role, how sign-in works, sessions and API tokens.

Services never commit; the caller's unit of work does. Every change to an account or token is audited
(never with a password, hash or token in it)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.orm import ApiToken, Client, User, WebSession
from surgebench.db.orm.accounts import ROLES
from surgebench.domain.accounts import repository
from surgebench.domain.accounts.errors import (
    AccountLocked,
    EmailTaken,
    InvalidAccount,
    LastAdmin,
    TokenNotFound,
    UserNotFound,
)
from surgebench.domain.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from surgebench.domain.audit.service import Actor, diff, record
from surgebench.lib.text import control_character_problem
from surgebench.lib.tokens import digest, new_token
from surgebench.settings import AuthSettings, get_settings

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_EMAIL, MAX_NAME, MAX_TOKEN_NAME, MAX_PASSWORD = 254, 200, 100, 1024


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = _Unchanged()
"""Marks a field an update leaves as it is (``None`` is a real value for ``client``)."""


@dataclass(frozen=True)
class NewSession:
    token: str
    """Goes into the cookie; only its digest is stored."""
    session: WebSession


@dataclass(frozen=True)
class NewToken:
    token: str
    """Shown to the user once; only its digest is stored."""
    row: ApiToken


@dataclass(frozen=True)
class AccountChanges:
    """What an administrator changes on an account; fields left ``UNCHANGED`` keep their value."""

    role: str | _Unchanged = UNCHANGED
    full_name: str | _Unchanged = UNCHANGED
    is_active: bool | _Unchanged = UNCHANGED
    client: str | None | _Unchanged = UNCHANGED
    """Client organisation slug; ``None`` detaches the account from its client."""


# ---------------------------------------------------------------- field rules


def _text_problem(value: str, limit: int) -> str | None:
    if not value.strip():
        return "must not be empty"
    if len(value) > limit:
        return f"must be at most {limit} characters"
    return control_character_problem(value)


def _client_for_role(
    db: Session, role: str, client_slug: str | None, errors: dict[str, str]
) -> Client | None:
    """A client account belongs to exactly one existing client organisation; staff accounts to none."""
    if role == "client":
        client = repository.client_by_slug(db, client_slug) if client_slug else None
        if client is None:
            errors["client"] = "a client account needs an existing client organisation"
        return client
    if client_slug:
        errors["client"] = "only client accounts belong to a client organisation"
    return None


# ---------------------------------------------------------------- accounts


def create_user(
    db: Session,
    actor: Actor,
    *,
    email: str,
    full_name: str,
    role: str,
    password: str,
    client_slug: str | None = None,
) -> User:
    """An account has a unique e-mail, a known role, a strong-enough password, and — exactly when its
    role is ``client`` — one client organisation."""
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if len(email) > MAX_EMAIL or not EMAIL_RE.match(email) or control_character_problem(email):
        errors["email"] = "must be an e-mail address"
    if problem := _text_problem(full_name, MAX_NAME):
        errors["full_name"] = problem
    if role not in ROLES:
        errors["role"] = f"must be one of {', '.join(ROLES)}"
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"must be at least {MIN_PASSWORD_LENGTH} characters"
    elif len(password) > MAX_PASSWORD:
        errors["password"] = f"must be at most {MAX_PASSWORD} characters"
    client = _client_for_role(db, role, client_slug or None, errors)
    if errors:
        raise InvalidAccount("The account is not valid.", fields=errors)
    if repository.email_in_use(db, email):
        raise EmailTaken(
            f"An account with e-mail {email} already exists.", fields={"email": "already in use"}
        )
    user = User(
        email=email,
        full_name=full_name.strip(),
        role=role,
        client_id=client.id if client else None,
        password_hash=hash_password(password),
        is_active=True,
    )
    db.add(user)
    db.flush()
    user.client = client
    record(
        db,
        actor,
        "create",
        "user",
        user.id,
        {
            "email": [None, email],
            "full_name": [None, user.full_name],
            "role": [None, role],
            "client": [None, client.slug if client else None],
            "is_active": [None, True],
        },
    )
    return user


def list_users(db: Session) -> Sequence[User]:
    return repository.list_users(db)


def get_user(db: Session, user_id: int) -> User:
    """The account with its client organisation loaded."""
    user = repository.user_with_client(db, user_id)
    if user is None:
        raise UserNotFound(f"No account with id {user_id}.")
    return user


def get_user_by_email(db: Session, email: str) -> User:
    user = repository.user_by_email(db, email.strip().lower())
    if user is None:
        raise UserNotFound(f"No account with e-mail {email}.")
    return user


def list_clients(db: Session) -> Sequence[Client]:
    return repository.list_clients(db)


def _snapshot(user: User) -> dict[str, object]:
    return {
        "full_name": user.full_name,
        "role": user.role,
        "client": user.client.slug if user.client else None,
        "is_active": user.is_active,
    }


def update_user(db: Session, actor: Actor, user_id: int, changes: AccountChanges) -> User:
    """Change an account's name, role, client organisation or whether it may sign in. Moving an account
    out of the ``client`` role detaches it from its client; the last active admin stays an active admin.
    A deactivated account's sessions end and its API tokens are revoked at once, so re-activating it
    later does not bring old tokens back to life: it needs new ones."""
    user = get_user(db, user_id)
    before = _snapshot(user)
    errors: dict[str, str] = {}
    full_name = user.full_name if isinstance(changes.full_name, _Unchanged) else changes.full_name
    if problem := _text_problem(full_name, MAX_NAME):
        errors["full_name"] = problem
    role = user.role if isinstance(changes.role, _Unchanged) else changes.role
    if role not in ROLES:
        errors["role"] = f"must be one of {', '.join(ROLES)}"
    if isinstance(changes.client, _Unchanged):
        slug = before["client"] if role == "client" else None
    else:
        slug = changes.client or None
    client = _client_for_role(db, role, slug, errors) if role in ROLES else None  # type: ignore[arg-type]
    is_active = user.is_active if isinstance(changes.is_active, _Unchanged) else bool(changes.is_active)
    if errors:
        raise InvalidAccount("The account is not valid.", fields=errors)
    stays_admin = role == "admin" and is_active
    if (
        user.role == "admin"
        and user.is_active
        and not stays_admin
        and repository.count_active_admins(db) <= 1
    ):
        raise LastAdmin(
            "This is the last active admin; make another admin first.",
            fields={"role" if role != "admin" else "is_active": "the last active admin must stay"},
        )
    user.full_name, user.role, user.is_active = full_name.strip(), role, is_active
    user.client_id, user.client = (client.id if client else None), client
    revoked: list[int] = []
    if not is_active:
        repository.end_sessions_of(db, user.id)
        revoked = repository.revoke_tokens_of(db, user.id, utcnow())
    db.flush()
    if changes_made := diff(before, _snapshot(user)):
        if revoked:
            changes_made["api_tokens_revoked"] = [None, revoked]
        action = "update"
        if "is_active" in changes_made:
            action = "reactivate" if is_active else "deactivate"
        record(db, actor, action, "user", user.id, changes_made)
    return user


def set_active(db: Session, actor: Actor, user_id: int, active: bool) -> User:
    return update_user(db, actor, user_id, AccountChanges(is_active=active))


# ---------------------------------------------------------------- API tokens


def list_tokens(db: Session, user_id: int) -> Sequence[ApiToken]:
    get_user(db, user_id)
    return repository.tokens_of(db, user_id)


def issue_api_token(db: Session, actor: Actor, user_id: int, name: str) -> NewToken:
    """A new bearer token for the account; the token is returned once and only its digest is kept."""
    user = get_user(db, user_id)
    if problem := _text_problem(name, MAX_TOKEN_NAME):
        raise InvalidAccount("The token is not valid.", fields={"name": problem})
    token = new_token("sb_")
    row = ApiToken(user_id=user.id, name=name.strip(), token_hash=digest(token), created_at=utcnow())
    db.add(row)
    db.flush()
    record(db, actor, "create", "api_token", row.id, {"user_id": [None, user.id], "name": [None, row.name]})
    return NewToken(token, row)


def create_api_token(db: Session, actor: Actor, user: User, name: str) -> str:
    """Returns the token once; only its digest is kept."""
    return issue_api_token(db, actor, user.id, name).token


def revoke_api_token(db: Session, actor: Actor, token_id: int) -> ApiToken:
    """Stop a token from working. Revoking a revoked token changes nothing."""
    row = db.get(ApiToken, token_id)
    if row is None:
        raise TokenNotFound(f"No API token with id {token_id}.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.flush()
        record(db, actor, "revoke", "api_token", row.id, {"revoked_at": [None, row.revoked_at]})
    return row


# ---------------------------------------------------------------- sign-in and sessions


def sign_in(
    db: Session, email: str, password: str, settings: AuthSettings | None = None
) -> NewSession | None:
    """Check the password and open a session, or count the failure and answer ``None`` (the failure is
    written, so the caller's unit of work must still commit). After ``max_failed_sign_ins`` failures the
    account is locked for ``lockout`` (counted in the database, so it holds across service instances).
    Every sign-in gets a brand-new session id, so a session id planted before sign-in is worthless."""
    settings = settings or get_settings().auth
    email = email.strip().lower()[:MAX_EMAIL]
    now = utcnow()
    throttle = repository.throttle_for_update(db, email)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        raise AccountLocked("Too many failed sign-ins. Try again later.")
    user = repository.user_by_email(db, email)
    ok = (
        verify_password(user.password_hash if user else None, password)
        and user is not None
        and user.is_active
    )
    if not ok:
        if repository.count_failed_sign_in(db, email, now) >= settings.max_failed_sign_ins:
            repository.lock_account(db, email, now + settings.lockout)
        return None
    if throttle is not None:
        db.delete(throttle)
    assert user is not None
    token = new_token()
    web_session = WebSession(
        id=digest(token),
        user_id=user.id,
        csrf_token=new_token(),
        created_at=now,
        expires_at=now + settings.session_lifetime,
    )
    db.add(web_session)
    repository.drop_expired_sessions(db, now)
    return NewSession(token=token, session=web_session)


def sign_out(db: Session, session_id: str) -> None:
    repository.end_session(db, session_id)
