"""Account rules: who may exist with which role, how sign-in works, sessions and API tokens.

Services never commit; the caller's unit of work does."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.orm import ApiToken, Client, SignInThrottle, User, WebSession
from surgebench.db.orm.accounts import ROLES
from surgebench.domain.accounts.errors import AccountLocked, EmailTaken, InvalidAccount, UserNotFound
from surgebench.domain.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from surgebench.domain.audit.service import Actor, record
from surgebench.lib.tokens import digest, new_token
from surgebench.settings import AuthSettings, get_settings

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class NewSession:
    token: str
    """Goes into the cookie; only its digest is stored."""
    session: WebSession


def create_user(
    db: Session, actor: Actor, *, email: str, full_name: str, role: str, password: str,
    client_slug: str | None = None,
) -> User:
    """An account has a unique e-mail, a known role, a strong-enough password, and — exactly when its
    role is ``client`` — one client organisation."""
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if not EMAIL_RE.match(email):
        errors["email"] = "must be an e-mail address"
    if not full_name.strip():
        errors["full_name"] = "must not be empty"
    if role not in ROLES:
        errors["role"] = f"must be one of {', '.join(ROLES)}"
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"must be at least {MIN_PASSWORD_LENGTH} characters"
    client_id = None
    if role == "client":
        client = db.scalar(select(Client).where(Client.slug == (client_slug or "")))
        if client is None:
            errors["client"] = "a client account needs an existing client organisation"
        else:
            client_id = client.id
    elif client_slug:
        errors["client"] = "only client accounts belong to a client organisation"
    if errors:
        raise InvalidAccount("The account is not valid.", fields=errors)
    if db.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken(f"An account with e-mail {email} already exists.", fields={"email": "already in use"})
    user = User(email=email, full_name=full_name.strip(), role=role, client_id=client_id,
                password_hash=hash_password(password), is_active=True)
    db.add(user)
    db.flush()
    record(db, actor, "create", "user", user.id,
           {"email": [None, email], "role": [None, role], "client_id": [None, client_id]})
    return user


def get_user(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise UserNotFound(f"No account with id {user_id}.")
    return user


def sign_in(db: Session, email: str, password: str, settings: AuthSettings | None = None) -> NewSession | None:
    """Check the password and open a session, or count the failure and answer ``None`` (the failure is
    written, so the caller's unit of work must still commit). After ``max_failed_sign_ins`` failures the account is locked for ``lockout``
    (counted in the database, so it holds across service instances). Every sign-in gets a brand-new
    session id, so a session id planted before sign-in is worthless."""
    settings = settings or get_settings().auth
    email = email.strip().lower()
    now = utcnow()
    throttle = _throttle_row_locked(db, email)
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        raise AccountLocked("Too many failed sign-ins. Try again later.")
    user = db.scalar(select(User).where(User.email == email))
    ok = verify_password(user.password_hash if user else None, password) and user is not None and user.is_active
    if not ok:
        if throttle is None:
            throttle = SignInThrottle(email=email, failed_count=0)
            db.add(throttle)
        throttle.failed_count = (throttle.failed_count or 0) + 1
        throttle.last_failed_at = now
        if throttle.failed_count >= settings.max_failed_sign_ins:
            throttle.locked_until = now + settings.lockout
            throttle.failed_count = 0
        return None
    if throttle is not None:
        db.delete(throttle)
    assert user is not None
    token = new_token()
    web_session = WebSession(id=digest(token), user_id=user.id, csrf_token=new_token(),
                             created_at=now, expires_at=now + settings.session_lifetime)
    db.add(web_session)
    db.execute(delete(WebSession).where(WebSession.expires_at <= now))
    return NewSession(token=token, session=web_session)


def _throttle_row_locked(db: Session, email: str) -> SignInThrottle | None:
    return db.scalar(select(SignInThrottle).where(SignInThrottle.email == email).with_for_update())


def sign_out(db: Session, session_id: str) -> None:
    db.execute(delete(WebSession).where(WebSession.id == session_id))


def create_api_token(db: Session, actor: Actor, user: User, name: str) -> str:
    """Returns the token once; only its digest is kept."""
    if not name.strip():
        raise InvalidAccount("A token needs a name.", fields={"name": "must not be empty"})
    token = new_token("sb_")
    row = ApiToken(user_id=user.id, name=name.strip(), token_hash=digest(token))
    db.add(row)
    db.flush()
    record(db, actor, "create", "api_token", row.id, {"user_id": [None, user.id], "name": [None, row.name]})
    return token
