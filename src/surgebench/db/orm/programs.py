"""The continuity record: a client's models, the standing program of post-training work on each, its
cycles, and the engagements (who worked which cycle, in which role, from when to when).

History is never deleted: engagements have no delete path, corrections are audited edits."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base, utcnow

CYCLE_STATUSES = ("planned", "staffing", "active", "closed")
"""In the only order a cycle moves through them."""


class Workstream(Base):
    """A kind of post-training work (golden-response SFT writing, preference ranking, …): reference data
    from ``fixtures/workstreams.csv``, extended by adding rows."""

    __tablename__ = "workstreams"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class ClientModel(Base):
    """One of a client's AI models, e.g. Aurora Labs' ``orion``."""

    __tablename__ = "client_models"
    __table_args__ = (Index("uq_client_models_client_id_name", "client_id", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(64))
    """The ``model`` of the solver's problem: lower case, e.g. ``orion``."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Program(Base):
    """The standing post-training work on one model, cycle after cycle."""

    __tablename__ = "programs"
    __table_args__ = (
        CheckConstraint(
            "gate_min_estimate_milli IS NULL OR gate_min_estimate_milli BETWEEN 0 AND 1000",
            name="gate_min_estimate_in_range",
        ),
        CheckConstraint(
            "gate_min_returning_milli IS NULL OR gate_min_returning_milli BETWEEN 0 AND 1000",
            name="gate_min_returning_in_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(ForeignKey("client_models.id", ondelete="RESTRICT"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    gate_min_estimate_milli: Mapped[int | None] = mapped_column(Integer)
    """The quality gate: the lowest acceptable quality estimate (thousandths) for the program's people
    in the skill they worked; below it a person is not rewarded as returning. Empty: no such gate."""
    gate_min_returning_milli: Mapped[int | None] = mapped_column(Integer)
    """The quality gate: the lowest outcome (thousandths) in the cycle just before for someone to count
    as returning. Empty: no such gate."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgramWorkstream(Base):
    __tablename__ = "program_workstreams"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True)
    workstream_id: Mapped[str] = mapped_column(
        ForeignKey("workstreams.id", ondelete="RESTRICT"), primary_key=True
    )


class Cycle(Base):
    """One post-training cycle of a program: numbered 1, 2, 3 … in time order."""

    __tablename__ = "cycles"
    __table_args__ = (
        Index("uq_cycles_program_id_number", "program_id", "number", unique=True),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("status IN ('planned', 'staffing', 'active', 'closed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="RESTRICT"))
    number: Mapped[int] = mapped_column(Integer)
    model_version: Mapped[str] = mapped_column(String(64))
    """The model version this cycle trains, e.g. ``orion-3.1``."""
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Engagement(Base):
    """A specialist's work on one cycle: the role asked (skill and level), weekly hours, dates, and once
    it ended, the quality outcome the lab reported."""

    __tablename__ = "engagements"
    __table_args__ = (
        Index("uq_engagements_cycle_id_specialist_id", "cycle_id", "specialist_id", unique=True),
        Index("ix_engagements_specialist_dates", "specialist_id", "starts_on", "ends_on"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_in_range"),
        CheckConstraint("weekly_hours BETWEEN 1 AND 168", name="weekly_hours_in_range"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint(
            "reported_quality_milli IS NULL OR reported_quality_milli BETWEEN 0 AND 1000",
            name="reported_quality_in_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="RESTRICT"))
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id", ondelete="RESTRICT"))
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"))
    level: Mapped[int] = mapped_column(SmallInteger)
    """The minimum level the role asked for."""
    weekly_hours: Mapped[int] = mapped_column(SmallInteger)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    """Empty while the engagement runs: it then ends with its cycle (``effective_end``)."""
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    """The person was taken off the roster on this day, before their start date: the engagement never
    began. It stays in the history as such, but counts nowhere (team, continuity, hours, rivals)."""
    end_reason: Mapped[str | None] = mapped_column(Text)
    """Why it ended before its cycle did, or was withdrawn (a removal's reason, a re-plan)."""
    reported_quality_milli: Mapped[int | None] = mapped_column(Integer)
    """The quality outcome the lab reported once it closed (thousandths), if it did."""
    role_id: Mapped[int | None] = mapped_column(ForeignKey("surge_roles.id", ondelete="SET NULL"), index=True)
    """The surge request's role this person was approved for (empty for imported history)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Outcome(Base):
    """What the lab measured of one engagement's work, as of one day: items reviewed, how many were
    accepted, and optionally a score 0–1 with a note. An engagement may have several (one per report
    day); corrections are audited edits. The specialist's per-skill quality estimate
    (``domain/outcomes/estimate.py``) is computed from these."""

    __tablename__ = "outcomes"
    __table_args__ = (
        Index("uq_outcomes_engagement_id_reported_on", "engagement_id", "reported_on", unique=True),
        CheckConstraint("items_reviewed BETWEEN 1 AND 1000000000", name="items_reviewed_in_range"),
        CheckConstraint("items_accepted BETWEEN 0 AND items_reviewed", name="items_accepted_in_range"),
        CheckConstraint("score_milli IS NULL OR score_milli BETWEEN 0 AND 1000", name="score_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(ForeignKey("engagements.id", ondelete="RESTRICT"))
    reported_on: Mapped[date] = mapped_column(Date)
    items_reviewed: Mapped[int] = mapped_column(Integer)
    items_accepted: Mapped[int] = mapped_column(Integer)
    score_milli: Mapped[int | None] = mapped_column(Integer)
    """The lab's own score (thousandths), if it gave one: it then stands for the outcome's quality in
    place of accepted ÷ reviewed."""
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reported_by: Mapped[str] = mapped_column(String(254))
    """Who entered it (the user's e-mail, or the command line's label), kept if the user goes."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
