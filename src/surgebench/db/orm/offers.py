"""The live ramp: the offer made for each new seat of an approved roster, the terms a request sets for
its offers, and the outbox their messages leave through.

How offers and the roster relate: approval writes the roster row (``engagements``) of a new seat and
its offer together. While the offer is open the row holds the seat (hours, rivals, headcount: the
person may not be booked twice while deciding). Declined or expired, the row is withdrawn in the same
transaction (``withdrawn_on``: it counts nowhere — not the team, not the continuity record, not hours)
and the person is excluded from the request, so no backfill offers them the seat again. Accepted, the
row stands and enters the continuity record from its start date, as every roster row does. The deadline
is never after the seat's start day, so an unanswered offer never reaches its start date on the team."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base, utcnow

OFFER_STATES = ("offered", "accepted", "declined", "expired", "started", "withdrawn")
"""``withdrawn``: the seat was taken away before an answer or, once accepted, before the first day (a
re-plan dropped it, a removal)."""
DECLINE_REASONS = ("busy", "rate", "not_interested", "other")
BACKFILL_MODES = ("approval", "auto")
MESSAGE_STATES = ("pending", "sending", "sent")


class OfferTerms(Base):
    """What a request's offers say and how its open seats are filled again (one row per request; none
    means the defaults)."""

    __tablename__ = "offer_terms"
    __table_args__ = (
        CheckConstraint("answer_hours BETWEEN 1 AND 336", name="answer_hours_in_range"),
        CheckConstraint("backfill IN ('approval', 'auto')", name="backfill_known"),
    )

    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="CASCADE"), primary_key=True
    )
    answer_hours: Mapped[int] = mapped_column(SmallInteger, default=24)
    """How long a person has to answer (never past the seat's start day)."""
    program_name: Mapped[str | None] = mapped_column(String(200))
    """The program's name as the offers show it (empty: the program's own name)."""
    backfill: Mapped[str] = mapped_column(String(16), default="approval")
    """``approval``: a backfill re-plan waits for a manager; ``auto``: it is approved by the system."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Offer(Base):
    """One seat offered to one person: what the offer said, its deadline, the answer."""

    __tablename__ = "offers"
    __table_args__ = (
        Index("ix_offers_request_id_state", "request_id", "state"),
        Index("ix_offers_state_deadline", "state", "deadline"),
        CheckConstraint(
            "state IN ('offered', 'accepted', 'declined', 'expired', 'started', 'withdrawn')",
            name="state_known",
        ),
        CheckConstraint(
            "decline_reason IS NULL OR decline_reason IN ('busy', 'rate', 'not_interested', 'other')",
            name="decline_reason_known",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("surge_requests.id", ondelete="RESTRICT"))
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="RESTRICT"), index=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id", ondelete="RESTRICT"), index=True)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("surge_roles.id", ondelete="SET NULL"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(16), default="offered")
    role_name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    weekly_hours: Mapped[int] = mapped_column(SmallInteger)
    hourly_rate_cents: Mapped[int] = mapped_column(Integer)
    program_name: Mapped[str] = mapped_column(String(200))
    is_returning: Mapped[bool] = mapped_column(Boolean, default=False)
    """The person worked the program's previous cycle (the offer says so)."""
    deadline: Mapped[datetime] = mapped_column()
    offered_at: Mapped[datetime] = mapped_column()
    answered_at: Mapped[datetime | None] = mapped_column()
    decline_reason: Mapped[str | None] = mapped_column(String(16))
    decline_note: Mapped[str | None] = mapped_column(Text)
    started_on: Mapped[date | None] = mapped_column(Date)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the link's token; the token itself is never stored with the offer."""
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OutboxMessage(Base):
    """A message written in the same transaction as what it announces, sent later by the outbox sender
    (at least once at the SMTP boundary, always with the same ``Message-ID``)."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        Index("ix_outbox_messages_state_id", "state", "id"),
        CheckConstraint("state IN ('pending', 'sending', 'sent')", name="state_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    """The text, link included while unsent; the link is blanked once the message is sent."""
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="SET NULL"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[datetime | None] = mapped_column()
    """A sender's lease: past it, another sender may take the message (and send it again)."""
    sent_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
