"""Surge requests (what a program manager asks for one cycle) and plans (the solver's answers, kept as
numbered versions, one of which is approved into the cycle's roster)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base, utcnow

REQUEST_STATUSES = ("open", "approved", "cancelled")
PLAN_STATUSES = ("solving", "ready", "failed", "approved")


class SurgeRequest(Base):
    """A program manager's ask for one cycle: priority, competitors and cooldown (defaulted from the
    client), the ramp and the roles. ``revision`` counts changes, so a plan knows what it answered."""

    __tablename__ = "surge_requests"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'approved', 'cancelled')", name="status_known"),
        CheckConstraint("priority >= 1", name="priority_positive"),
        CheckConstraint("cooldown_days BETWEEN 0 AND 3650", name="cooldown_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="RESTRICT"), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=1)
    cooldown_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    """Bumped by every change; a plan remembers the revision it answered."""
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SurgeCompetitor(Base):
    __tablename__ = "surge_competitors"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), primary_key=True)


class SurgeRampDay(Base):
    """One working day of the ramp and how many new people onboarding can take on it."""

    __tablename__ = "surge_ramp_days"
    __table_args__ = (CheckConstraint("onboarding_capacity >= 0", name="capacity_not_negative"),)

    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    onboarding_capacity: Mapped[int] = mapped_column(Integer)


class SurgeRole(Base):
    """Seats asked for: a skill at a level, a quality gate, headcount and hours, languages, a UTC-offset
    window and a per-country cap."""

    __tablename__ = "surge_roles"
    __table_args__ = (
        Index("uq_surge_roles_request_id_key", "request_id", "key", unique=True),
        CheckConstraint("min_level BETWEEN 1 AND 5", name="level_in_range"),
        CheckConstraint("min_quality_milli BETWEEN 0 AND 1000", name="quality_in_range"),
        CheckConstraint("headcount >= 0", name="headcount_not_negative"),
        CheckConstraint("hours_per_week BETWEEN 1 AND 168", name="hours_in_range"),
        CheckConstraint(
            "max_country_share_pct IS NULL OR max_country_share_pct BETWEEN 0 AND 100", name="share_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("surge_requests.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(32))
    """The role's id within its request (the solver's role id), e.g. ``python``."""
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
    """Order on the page."""
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"))
    min_level: Mapped[int] = mapped_column(SmallInteger)
    min_quality_milli: Mapped[int] = mapped_column(Integer)
    headcount: Mapped[int] = mapped_column(Integer)
    hours_per_week: Mapped[int] = mapped_column(SmallInteger)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    utc_offset_min_minutes: Mapped[int | None] = mapped_column(Integer)
    utc_offset_max_minutes: Mapped[int | None] = mapped_column(Integer)
    max_country_share_pct: Mapped[int | None] = mapped_column(SmallInteger)


class SurgePin(Base):
    """A person a program manager fixed to a role: every plan must hold them there."""

    __tablename__ = "surge_pins"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="CASCADE"), primary_key=True
    )
    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("specialists.id", ondelete="RESTRICT"), primary_key=True
    )
    role_id: Mapped[int] = mapped_column(ForeignKey("surge_roles.id", ondelete="CASCADE"), index=True)


class SurgeExclusion(Base):
    """A person a program manager barred from a request, and why."""

    __tablename__ = "surge_exclusions"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="CASCADE"), primary_key=True
    )
    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("specialists.id", ondelete="RESTRICT"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(Text, default="")


class Plan(Base):
    """One version of the plan for a request (and any requests planned together with it)."""

    __tablename__ = "plans"
    __table_args__ = (
        Index("uq_plans_request_id_version", "request_id", "version", unique=True),
        CheckConstraint(
            "status IN ('solving', 'ready', 'failed', 'approved', 'cancelled')", name="status_known"
        ),
        CheckConstraint("kind IN ('plan', 'replan')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("surge_requests.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="plan")
    """``replan``: fills the seats of an approved roster's leavers, keeping everyone still eligible."""
    status: Mapped[str] = mapped_column(String(16), default="solving", index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    approved_at: Mapped[datetime | None] = mapped_column()
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    solve_status: Mapped[str | None] = mapped_column(String(16))
    """The solver's status: optimal, feasible or infeasible."""
    objective: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    levels: Mapped[list[Any] | None] = mapped_column(JSON)
    shortfall: Mapped[list[Any] | None] = mapped_column(JSON)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Figures per role for the page (filled, returning, available returning, countries, ramp)."""
    overrides: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What a re-plan adds to its requests: the roster members it keeps (pins) and its own ramp."""
    error: Mapped[str | None] = mapped_column(Text)

    @property
    def has_people(self) -> bool:
        """Ready or approved: a plan whose people can be read and compared with another version's."""
        return self.status in ("ready", "approved")


class PlanRequest(Base):
    """A request a plan answers, at the revision it answered."""

    __tablename__ = "plan_requests"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    request_revision: Mapped[int] = mapped_column(Integer)


class PlanAssignment(Base):
    __tablename__ = "plan_assignments"
    __table_args__ = (Index("ix_plan_assignments_plan_role", "plan_id", "role_id"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("surge_requests.id", ondelete="RESTRICT"), primary_key=True
    )
    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("specialists.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role_id: Mapped[int] = mapped_column(ForeignKey("surge_roles.id", ondelete="RESTRICT"))
    starts_on: Mapped[date] = mapped_column(Date)
    is_returning: Mapped[bool] = mapped_column(Boolean)
    """Worked the previous cycle of this model: needs no onboarding."""


class PlanDocument(Base):
    """The problem the plan solved and the plan as the solver wrote it (gzip-compressed JSON), kept apart
    so nothing but the downloads ever loads them."""

    __tablename__ = "plan_documents"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    problem: Mapped[bytes] = mapped_column(LargeBinary)
    plan: Mapped[bytes | None] = mapped_column(LargeBinary)
