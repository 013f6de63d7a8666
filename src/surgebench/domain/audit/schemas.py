"""JSON shapes of the audit API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from surgebench.db.orm import AuditEntry
from surgebench.domain.audit.service import AuditPage


class AuditEntryOut(msgspec.Struct):
    id: int
    at: datetime
    actor_id: int | None
    actor: str
    """The actor's e-mail at the time, or ``cli``/``system``."""
    action: str
    entity_type: str
    entity_id: str
    changes: dict[str, Any]
    """``{field: [old, new]}`` for changes; a summary for bulk actions."""

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(
            entry.id,
            entry.at,
            entry.actor_id,
            entry.actor_label,
            entry.action,
            entry.entity_type,
            entry.entity_id,
            entry.changes or {},
        )


class AuditPageOut(msgspec.Struct):
    items: list[AuditEntryOut]
    page: int
    per_page: int
    total: int

    @classmethod
    def of(cls, found: AuditPage) -> AuditPageOut:
        return cls([AuditEntryOut.of(e) for e in found.entries], found.page, found.per_page, found.total)
