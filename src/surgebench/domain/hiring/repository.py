"""The people the hiring list names, with what a recruiter needs to reach them."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgebench.db.orm import Specialist

CHUNK = 5_000


def people(db: Session, ids: Collection[int]) -> dict[int, tuple[str, str, str]]:
    """Id → (name, e-mail, country)."""
    wanted = sorted(ids)
    found: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(Specialist.id, Specialist.full_name, Specialist.email, Specialist.country).where(
            Specialist.id.in_(wanted[start : start + CHUNK])
        )
        found.update({sid: (name, email, country) for sid, name, email, country in db.execute(query)})
    return found
