"""Specialists on the bench, their skill levels and working languages.

Quality and rate are kept as exact integers (thousandths, cents) so both engines sort and compare
them identically; services expose them as ``Decimal``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from surgebench.db.base import Base, utcnow
from surgebench.lib.text import display_name

SPECIALIST_STATUSES = ("applicant", "vetting", "vetted", "suspended", "offboarded")


def _display_name_of_row(context: DefaultExecutionContext) -> str:
    """The default of ``display_name`` in any insert (ORM or Core) that gives ``full_name``."""
    return display_name(context.get_current_parameters()["full_name"])


class Specialist(Base):
    __tablename__ = "specialists"
    __table_args__ = (
        CheckConstraint(
            "status IN ('applicant', 'vetting', 'vetted', 'suspended', 'offboarded')", name="status_known"
        ),
        CheckConstraint("quality_milli BETWEEN 0 AND 1000", name="quality_in_range"),
        CheckConstraint("weekly_hours BETWEEN 0 AND 168", name="weekly_hours_in_range"),
        CheckConstraint("hourly_rate_cents >= 0", name="rate_not_negative"),
        Index("ix_specialists_status_name", "status", "full_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254), unique=True)
    """``email`` lower-cased: imports upsert by it, so e-mail matching is case-insensitive."""
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    display_name: Mapped[str] = mapped_column(String(200), default=_display_name_of_row)
    """All a client is shown of the name ("Asha V.", ``lib.text.display_name``), kept beside ``full_name``
    so the client portal filters and sorts on it in SQL and never reads ``full_name``. Set from
    ``full_name`` on every write: the ORM's validator, a Core insert's default, the bulk import's
    columns."""
    country: Mapped[str] = mapped_column(String(2), index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    vetting_expires: Mapped[date | None] = mapped_column(Date, index=True)
    available_from: Mapped[date | None] = mapped_column(Date, index=True)
    weekly_hours: Mapped[int] = mapped_column(SmallInteger)
    committed_hours: Mapped[int] = mapped_column(SmallInteger, default=0)
    quality_milli: Mapped[int] = mapped_column(Integer, index=True)
    hourly_rate_cents: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    offboarded_at: Mapped[datetime | None] = mapped_column()
    vetting_lapsed_on: Mapped[date | None] = mapped_column(Date)
    """The day the daily upkeep found the vetting expired (cleared when the person is vetted again). A
    vetted person whose vetting has expired is lapsed from that day on, recorded or not yet."""

    skills: Mapped[list[SpecialistSkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SpecialistSkill.skill_id"
    )
    languages: Mapped[list[SpecialistLanguage]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SpecialistLanguage.language"
    )

    @property
    def offboarded(self) -> bool:
        return self.status == "offboarded"

    def lapsed_on(self, today: date) -> bool:
        """Vetted, but the vetting ran out before ``today``: lapsed, recorded by the upkeep or not yet."""
        return self.status == "vetted" and self.vetting_expires is not None and self.vetting_expires < today

    @validates("full_name")
    def _keep_display_name(self, _key: str, value: str) -> str:
        self.display_name = display_name(value)
        return value


class SpecialistSkill(Base):
    __tablename__ = "specialist_skills"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_in_range"),
        Index("ix_specialist_skills_skill_level", "skill_id", "level", "specialist_id"),
    )

    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("specialists.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True)
    level: Mapped[int] = mapped_column(SmallInteger)


class SpecialistLanguage(Base):
    __tablename__ = "specialist_languages"
    __table_args__ = (Index("ix_specialist_languages_language", "language", "specialist_id"),)

    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("specialists.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    """ISO 639-1 code, lower case."""
