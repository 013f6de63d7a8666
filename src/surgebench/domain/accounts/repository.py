"""Queries about accounts, sessions and tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from surgebench.db.orm import ApiToken, Client, SignInThrottle, User, WebSession


def user_for_session(db: Session, session_id: str, now: datetime) -> tuple[User, WebSession] | None:
    row = db.execute(
        select(User, WebSession)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.id == session_id, WebSession.expires_at > now, User.is_active.is_(True))
    ).first()
    return (row[0], row[1]) if row else None


def user_for_api_token(db: Session, token_hash: str) -> User | None:
    return db.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None), User.is_active.is_(True))
    )


def user_with_client(db: Session, user_id: int) -> User | None:
    return db.scalar(select(User).options(selectinload(User.client)).where(User.id == user_id))


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).options(selectinload(User.client)).where(User.email == email))


def email_in_use(db: Session, email: str) -> bool:
    return db.scalar(select(User.id).where(User.email == email)) is not None


def list_users(db: Session) -> Sequence[User]:
    """Every account, clients loaded, active first then by e-mail."""
    return db.scalars(
        select(User).options(selectinload(User.client)).order_by(User.is_active.desc(), User.email)
    ).all()


def count_active_admins(db: Session) -> int:
    return db.scalar(select(func.count(User.id)).where(User.role == "admin", User.is_active.is_(True))) or 0


def client_by_slug(db: Session, slug: str) -> Client | None:
    return db.scalar(select(Client).where(Client.slug == slug))


def list_clients(db: Session) -> Sequence[Client]:
    return db.scalars(select(Client).order_by(Client.name)).all()


def tokens_of(db: Session, user_id: int) -> Sequence[ApiToken]:
    """A user's API tokens, live ones first, newest first."""
    return db.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()


def throttle_for_update(db: Session, email: str) -> SignInThrottle | None:
    """The account's failed-sign-in counter, row-locked (PostgreSQL) so concurrent attempts each count."""
    return db.scalar(select(SignInThrottle).where(SignInThrottle.email == email).with_for_update())


def count_failed_sign_in(db: Session, email: str, now: datetime) -> int:
    """Add one failure to the account's counter atomically (an upsert, so two first failures arriving
    at once cannot collide) and return the new count."""
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SignInThrottle).values(email=email, failed_count=1, last_failed_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[SignInThrottle.email],
        set_={"failed_count": SignInThrottle.failed_count + 1, "last_failed_at": now},
    ).returning(SignInThrottle.failed_count)
    return int(db.execute(statement).scalar_one())


def lock_account(db: Session, email: str, until: datetime) -> None:
    db.execute(update(SignInThrottle).where(SignInThrottle.email == email)
               .values(locked_until=until, failed_count=0))


def revoke_tokens_of(db: Session, user_id: int, now: datetime) -> list[int]:
    """Revoke every live API token of the account; returns their ids."""
    live = select(ApiToken.id).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ids = list(db.scalars(live))
    if ids:
        db.execute(update(ApiToken).where(ApiToken.id.in_(ids)).values(revoked_at=now))
    return ids


def end_sessions_of(db: Session, user_id: int) -> None:
    db.execute(delete(WebSession).where(WebSession.user_id == user_id))


def end_session(db: Session, session_id: str) -> None:
    db.execute(delete(WebSession).where(WebSession.id == session_id))


def drop_expired_sessions(db: Session, now: datetime) -> None:
    db.execute(delete(WebSession).where(WebSession.expires_at <= now))
