"""Account rules: who may exist with which role, how sign-in works, sessions and API tokens.

Services never commit; the caller's unit of work does. Every change to an account or token is audited
(never with a password, hash or token in it)."""

from __future__ import annotations

import ipaddress
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.orm import ApiToken, Client, SignInThrottle, User, WebSession
from surgebench.db.orm.accounts import ACCOUNT_WIDE, ROLES
from surgebench.domain.accounts import repository
from surgebench.domain.accounts.errors import (
    EmailTaken,
    InvalidAccount,
    LastAdmin,
    SignInThrottled,
    TokenNotFound,
    UserNotFound,
)
from surgebench.domain.accounts.password_service import MIN_PASSWORD_LENGTH, hash_password, verify_password
from surgebench.domain.audit.service import Actor, diff, record
from surgebench.lib.text import control_character_problem
from surgebench.lib.tokens import digest, new_token
from surgebench.settings import AuthSettings, get_settings

log = logging.getLogger("surgebench")
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
    client = _client_for_role(db, role, slug, errors) if role in ROLES else None  # type: ignore[arg-type]  # slug: str | None, read from the snapshot
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


def source_address(host: str | None) -> str:
    """The address sign-ins are throttled by: the client's IP address as the server sees it (behind a
    proxy, uvicorn's ``FORWARDED_ALLOW_IPS`` decides whose ``X-Forwarded-For`` it believes); an IPv6
    address by its /64 network, since anyone holding one /64 holds all of its addresses."""
    try:
        address = ipaddress.ip_address((host or "").strip())
    except ValueError:
        return (host or "unknown").strip()[:64] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def sign_in(
    db: Session, email: str, password: str, settings: AuthSettings | None = None, source: str | None = None
) -> NewSession | None:
    """Check the password and open a session, or count the failure and answer ``None`` (the failure is
    written, so the caller's unit of work must still commit). Throttled by account and source, counted
    in the database (so it holds across instances):

    - ``max_failed_sign_ins`` failures to an account from one source address refuse that source for
      that account for ``lockout``, twice as long for each further lockout in a row (up to
      ``max_lockout``); other sources are not affected, so a stranger cannot lock the owner out.
    - ``account_ceiling`` failures from anywhere within ``account_window`` slow the account down for
      sources it has never signed in from (one try per ``account_slowdown``); the sources it has
      signed in from are never slowed.

    A refused attempt raises ``SignInThrottled`` (429 with ``Retry-After``) without the password being
    checked, so it reveals nothing. Lockouts go to the app log, and to the audit log for real accounts.
    Every sign-in gets a brand-new session id, so a session id planted before sign-in is worthless."""
    settings = settings or get_settings().auth
    email = email.strip().lower()[:MAX_EMAIL]
    source = source_address(source)
    now = utcnow()
    _refuse_while_locked(repository.throttle_for_update(db, email, source), now)
    user = repository.user_by_email(db, email)
    known = user is not None and repository.signed_in_from(db, user.id, source)
    if not known:
        _refuse_while_locked(repository.throttle_for_update(db, email, ACCOUNT_WIDE), now)
    ok = (
        verify_password(user.password_hash if user else None, password)
        and user is not None
        and user.is_active
    )
    if not ok:
        _count_failure(db, email, user, source, now, settings)
        return None
    assert user is not None
    repository.clear_throttle(db, email, source)
    repository.remember_source(db, user.id, source, now)
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


def _refuse_while_locked(throttle: SignInThrottle | None, now: datetime) -> None:
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        wait = throttle.locked_until - now
        raise SignInThrottled(
            f"Too many failed sign-ins. Try again in {_in_words(wait)}.",
            retry_after=math.ceil(wait.total_seconds()),
        )


def _in_words(wait: timedelta) -> str:
    seconds = math.ceil(wait.total_seconds())
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{math.ceil(seconds / 60)} minutes"


def _count_failure(
    db: Session, email: str, user: User | None, source: str, now: datetime, settings: AuthSettings
) -> None:
    actor = Actor.system("sign-in throttle")
    failures, lockouts = repository.count_failed_sign_in(
        db, email, source, now, since=now - settings.throttle_memory
    )
    if failures >= settings.max_failed_sign_ins:
        until = now + min(settings.lockout * 2**lockouts, settings.max_lockout)
        repository.lock_out(db, email, source, until, restart_count=True)
        log.warning(
            "sign-in: %r refused from %s until %s after %d failures (lockout %d in a row)",
            email,
            source,
            until.isoformat(timespec="seconds"),
            failures,
            lockouts + 1,
        )
        if user is not None:
            changes = {"source": [None, source], "until": [None, until], "failures": [None, failures]}
            record(db, actor, "sign_in_lockout", "user", user.id, changes)
    everywhere, _ = repository.count_failed_sign_in(
        db, email, ACCOUNT_WIDE, now, since=now - settings.account_window
    )
    if everywhere >= settings.account_ceiling:
        until = now + settings.account_slowdown
        repository.lock_out(db, email, ACCOUNT_WIDE, until, restart_count=False)
        if everywhere == settings.account_ceiling:  # once per window, not once per failure
            log.warning(
                "sign-in: %r slowed down for new sources after %d failures from everywhere within %s",
                email,
                everywhere,
                settings.account_window,
            )
            if user is not None:
                record(db, actor, "sign_in_slowdown", "user", user.id, {"failures": [None, everywhere]})
    repository.drop_old_throttles(db, before=now - settings.throttle_memory, now=now)


def sign_out(db: Session, session_id: str) -> None:
    repository.end_session(db, session_id)
