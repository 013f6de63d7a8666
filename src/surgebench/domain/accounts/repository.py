"""Queries about accounts, sessions and tokens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from surgebench.db.orm import ApiToken, Client, SignInSource, SignInThrottle, User, WebSession


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


def throttle_for_update(db: Session, email: str, source: str) -> SignInThrottle | None:
    """Failed sign-ins to the account from the source, row-locked (PostgreSQL) so concurrent attempts
    each count."""
    return db.scalar(
        select(SignInThrottle)
        .where(SignInThrottle.email == email, SignInThrottle.source == source)
        .with_for_update()
    )


def count_failed_sign_in(
    db: Session, email: str, source: str, now: datetime, since: datetime
) -> tuple[int, int]:
    """Add one failure to the (account, source) counter atomically (an upsert, so two first failures
    arriving at once cannot collide) and return (failures, lockouts so far). A counter whose last failure
    is older than ``since`` starts again from this one."""
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    stale = SignInThrottle.last_failed_at < since
    statement = insert(SignInThrottle).values(
        email=email, source=source, failed_count=1, lockouts=0, last_failed_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=[SignInThrottle.email, SignInThrottle.source],
        set_={
            "failed_count": case((stale, 1), else_=SignInThrottle.failed_count + 1),
            "lockouts": case((stale, 0), else_=SignInThrottle.lockouts),
            "last_failed_at": now,
        },
    ).returning(SignInThrottle.failed_count, SignInThrottle.lockouts)
    failures, lockouts = db.execute(statement).one()
    return int(failures), int(lockouts)


def lock_out(db: Session, email: str, source: str, until: datetime, *, restart_count: bool) -> None:
    """Refuse the source (or, for the account-wide row, every source the account has not signed in
    from) until ``until``; a source's lockout counts towards the next one's length."""
    values: dict[str, object] = {"locked_until": until}
    if restart_count:
        values.update(failed_count=0, lockouts=SignInThrottle.lockouts + 1)
    db.execute(
        update(SignInThrottle)
        .where(SignInThrottle.email == email, SignInThrottle.source == source)
        .values(values)
    )


def clear_throttle(db: Session, email: str, source: str) -> None:
    db.execute(delete(SignInThrottle).where(SignInThrottle.email == email, SignInThrottle.source == source))


def drop_old_throttles(db: Session, before: datetime, now: datetime) -> None:
    """Forget counters that have been quiet since ``before`` and hold no lock (any e-mail may be tried,
    so the table would otherwise only grow)."""
    db.execute(
        delete(SignInThrottle).where(
            SignInThrottle.last_failed_at < before,
            or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now),
        )
    )


def signed_in_from(db: Session, user_id: int, source: str) -> bool:
    """Whether the account has signed in from this source before."""
    found = select(SignInSource.user_id).where(SignInSource.user_id == user_id, SignInSource.source == source)
    return db.scalar(found) is not None


def remember_source(db: Session, user_id: int, source: str, now: datetime) -> None:
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(SignInSource).values(user_id=user_id, source=source, last_signed_in_at=now)
    db.execute(
        statement.on_conflict_do_update(
            index_elements=[SignInSource.user_id, SignInSource.source], set_={"last_signed_in_at": now}
        )
    )


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
