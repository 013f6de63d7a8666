"""Queries over the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from surgebench.db.bulk import insert_plain
from surgebench.db.orm import AuditEntry

ENTRY_COLUMNS = ("at", "actor_id", "actor_label", "action", "entity_type", "entity_id", "changes")
"""The columns of a row for ``add_many``, in order."""
BATCH = 5_000
"""Rows per statement (well under both engines' bound-parameter limits)."""


@dataclass(frozen=True)
class AuditFilter:
    """Every given criterion must match; ``actor`` is the actor's e-mail or label (any case)."""

    entity_type: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    action: str | None = None

    @classmethod
    def of_form(
        cls, entity_type: str | None, entity_id: str | None, actor: str | None, action: str | None
    ) -> AuditFilter:
        """The filter a form asks for: a field left empty is no criterion."""
        return cls(entity_type or None, entity_id or None, actor or None, action or None)


def _where(query: Select[Any], found: AuditFilter) -> Select[Any]:
    if found.entity_type:
        query = query.where(AuditEntry.entity_type == found.entity_type)
    if found.entity_id:
        query = query.where(AuditEntry.entity_id == found.entity_id)
    if found.actor:
        query = query.where(func.lower(AuditEntry.actor_label) == found.actor.strip().lower())
    if found.action:
        query = query.where(AuditEntry.action == found.action)
    return query


def count_entries(db: Session, found: AuditFilter) -> int:
    return db.scalar(_where(select(func.count(AuditEntry.id)), found)) or 0


def newest_entries(db: Session, found: AuditFilter, *, offset: int, limit: int) -> Sequence[AuditEntry]:
    query = _where(select(AuditEntry), found).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return db.scalars(query.offset(offset).limit(limit)).all()


def known_values(db: Session) -> tuple[list[str], list[str]]:
    """The entity types and actions that occur, for the filter form's choices."""
    types = db.scalars(select(AuditEntry.entity_type).distinct().order_by(AuditEntry.entity_type)).all()
    actions = db.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    return list(types), list(actions)


def add_many(db: Session, rows: Sequence[list[Any]]) -> None:
    """Insert entries given as rows of ``ENTRY_COLUMNS``, a few thousand per statement."""
    for start in range(0, len(rows), BATCH):
        insert_plain(db, AuditEntry, ENTRY_COLUMNS, list(rows[start : start + BATCH]))
