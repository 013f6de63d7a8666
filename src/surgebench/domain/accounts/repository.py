"""Queries about accounts, sessions and tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgebench.db.orm import ApiToken, User, WebSession


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
