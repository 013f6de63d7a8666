"""The schedule's ledger: one row per scheduled job and time slot, so each slot runs once however many
instances run the scheduler."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base


class ScheduleRun(Base):
    __tablename__ = "schedule_runs"
    __table_args__ = (
        Index("uq_schedule_runs_job_slot", "job", "slot", unique=True),
        CheckConstraint("status IN ('running', 'succeeded', 'failed')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    slot: Mapped[datetime] = mapped_column()
    """The scheduled time this run answers (a manual run: the moment it was asked for)."""
    manual: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="running")
    instance: Mapped[str] = mapped_column(String(128))
    """Which instance holds (or held) the run."""
    started_at: Mapped[datetime] = mapped_column()
    heartbeat_at: Mapped[datetime] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """What the run changed (counts and names), or the error."""
