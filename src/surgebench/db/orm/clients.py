"""Client organisations: the tenants whose programs the vendor staffs, and whom each will not share
people with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base, utcnow


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (CheckConstraint("cooldown_days BETWEEN 0 AND 3650", name="cooldown_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    """Stable id: the ``client`` of the solver's problem and of history imports."""
    name: Mapped[str] = mapped_column(String(200))
    cooldown_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """After an engagement with one of this client's competitors ends, how many days a specialist stays
    barred from this client's work."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClientCompetitor(Base):
    """``client`` will not share people with ``competitor`` (one direction; the page sets both when asked)."""

    __tablename__ = "client_competitors"
    __table_args__ = (CheckConstraint("client_id <> competitor_id", name="not_self"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True)
    competitor_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True, index=True
    )
