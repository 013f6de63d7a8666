"""Recording changes and reading them back: every create, update, offboard and import of people or
plans lands here with who, when, which entity and which fields changed (old → new)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import AuditEntry
from surgebench.domain.audit import repository
from surgebench.domain.audit.repository import AuditFilter
from surgebench.lib.errors import ValidationFailed
from surgebench.lib.principal import Principal


@dataclass(frozen=True)
class Actor:
    """Who a change is attributed to: a signed-in user, or the command line / a system job."""

    user_id: int | None
    label: str

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls(principal.user_id, principal.email)

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(None, label)


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def record(
    db: Session, actor: Actor, action: str, entity_type: str, entity_id: object, changes: dict[str, Any]
) -> AuditEntry:
    """Add one audit entry; ``changes`` is ``{field: [old, new]}`` (or a summary for bulk actions)."""
    entry = AuditEntry(
        actor_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        changes=_plain(changes),
    )
    db.add(entry)
    return entry


def entry(
    actor: Actor, at: datetime, action: str, entity_type: str, entity_id: object, changes: dict[str, Any]
) -> list[Any]:
    """One audit entry for ``record_many``; ``changes`` as JSON values already (dates as ISO text)."""
    return [at, actor.user_id, actor.label, action, entity_type, str(entity_id), changes]


def record_many(db: Session, entries: Sequence[list[Any]]) -> None:
    """Add many audit entries at once (each from ``entry``): what imports and approvals write, thousands
    in one go, without an ORM object each."""
    repository.add_many(db, entries)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as ``{field: [old, new]}``."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


MAX_PER_PAGE = 200


@dataclass(frozen=True)
class AuditPage:
    entries: Sequence[AuditEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def browse(db: Session, found: AuditFilter, page: int = 1, per_page: int = 50) -> AuditPage:
    """One page of the log, newest first. Page numbers past the end give an empty page."""
    if page < 1:
        raise ValidationFailed("Pages are numbered from 1.", fields={"page": "must be at least 1"})
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed("Page size out of range.", fields={"per_page": f"must be 1 to {MAX_PER_PAGE}"})
    total = repository.count_entries(db, found)
    entries = repository.newest_entries(db, found, offset=(page - 1) * per_page, limit=per_page)
    return AuditPage(entries, page, per_page, total)


def filter_choices(db: Session) -> tuple[list[str], list[str]]:
    """Entity types and actions present in the log (for the page's filter form)."""
    return repository.known_values(db)
