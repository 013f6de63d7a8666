"""The queries the demo loader needs to decide whether a database already holds data."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surgebench.db.orm import Specialist, User


def count_specialists(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Specialist)) or 0


def existing_emails(db: Session, emails: Collection[str]) -> set[str]:
    """Which of these (lower-case) account e-mails already exist."""
    return set(db.scalars(select(User.email).where(User.email.in_(list(emails))))) if emails else set()
