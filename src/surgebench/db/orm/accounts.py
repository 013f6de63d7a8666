"""Accounts, their server-side sessions, API tokens and sign-in throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surgebench.db.base import Base, utcnow
from surgebench.db.orm.clients import Client

ROLES = ("admin", "program_manager", "recruiter", "client")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'program_manager', 'recruiter', 'client')", name="role_known"),
        CheckConstraint("(role = 'client') = (client_id IS NOT NULL)", name="client_role_has_client"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    """Stored lower-cased: sign-in is case-insensitive."""
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client | None] = relationship(lazy="raise")


class WebSession(Base):
    """A signed-in browser. The cookie carries a random token; only its SHA-256 is stored."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ApiToken(Base):
    """A bearer token for scripts. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class SignInThrottle(Base):
    """Failed sign-ins to one account (keyed by the lower-cased e-mail tried, so unknown e-mails are
    throttled alike) from one source address, shared by every instance. The row whose ``source`` is
    ``ACCOUNT_WIDE`` counts the account's failures from every source (its ceiling)."""

    __tablename__ = "sign_in_throttles"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    """The client's address (an IPv6 address by its /64 network), or ``ACCOUNT_WIDE``."""
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    """Failures since the last lockout (since the window began, for the account-wide row)."""
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    """Lockouts in a row for this source: each one lasts twice as long as the one before."""
    last_failed_at: Mapped[datetime | None] = mapped_column(index=True)
    locked_until: Mapped[datetime | None] = mapped_column()


ACCOUNT_WIDE = "*"
"""``SignInThrottle.source`` of an account's row counting failures from every source."""


class SignInSource(Base):
    """A source address an account has signed in from: the account-wide ceiling never slows it, so a
    stranger's failures elsewhere never keep the owner out of the places they use."""

    __tablename__ = "sign_in_sources"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_signed_in_at: Mapped[datetime] = mapped_column(default=utcnow)
