"""Stored quality estimates: what the bench filter reads instead of rolling every person's outcomes on
each request."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base


class QualityEstimate(Base):
    """A specialist's quality estimate in one skill they have outcomes in, exactly as the one rule
    (``domain/outcomes/estimate_service.estimates``) computed it on ``as_of``. Written by the daily
    ``quality_estimates`` upkeep job for the whole bench, and again for a person whenever their outcomes
    change. A person with no row for a skill has their vetting score as their estimate there."""

    __tablename__ = "quality_estimates"
    __table_args__ = (
        Index("ix_quality_estimates_skill_id_quality_milli", "skill_id", "quality_milli", "specialist_id"),
        CheckConstraint("quality_milli BETWEEN 0 AND 1000", name="quality_in_range"),
    )

    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("specialists.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True)
    quality_milli: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(BigInteger)
    """Items reviewed in the outcomes it rests on (undiscounted)."""
    outcomes: Mapped[int] = mapped_column(Integer)
    last_reported_on: Mapped[date | None] = mapped_column(Date)
    as_of: Mapped[date] = mapped_column(Date)
    """The day it was computed for (outcomes reported after it do not count; age is reckoned to it)."""
