"""Queries on the skills taxonomy."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgebench.db.orm import Skill


def list_all(db: Session) -> list[Skill]:
    """Every skill, grouped by area, then by id."""
    return list(db.scalars(select(Skill).order_by(Skill.area, Skill.id)))


def known_ids(db: Session) -> set[str]:
    return set(db.scalars(select(Skill.id)))
