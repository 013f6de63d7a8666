"""Background jobs (CSV imports, solves): status, progress and outcome live in the database so they
survive a restart and any instance can report them. An uploaded file lives beside its job in chunks
until the job ends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from surgebench.db.base import Base, utcnow

JOB_STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")
FINISHED = ("succeeded", "failed", "cancelled")


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')", name="status_known"
        ),
        Index("ix_jobs_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="queued")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    """Last sign of life from the worker holding the job; when stale, another instance retakes it."""
    worker: Mapped[str | None] = mapped_column(String(128))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    """Set when someone asked the job to stop (why, in words for its page): a queued job is cancelled
    at once and never runs; a running one stops at its handler's next check."""

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class JobInput(Base):
    """The uploaded file a job works on (its name and size), kept apart so listing jobs never loads it;
    the bytes are in ``JobInputChunk`` rows. Deleted in the transaction that ends the job."""

    __tablename__ = "job_inputs"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)


class JobInputChunk(Base):
    """One piece of an uploaded file, in order: a file is written and read a chunk at a time, so neither
    the request nor the job ever holds a whole upload as one value."""

    __tablename__ = "job_input_chunks"

    job_id: Mapped[int] = mapped_column(ForeignKey("job_inputs.job_id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
