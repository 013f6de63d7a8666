"""Recording changes: every create, update, offboard and import of people or plans lands here with
who, when, which entity and which fields changed (old → new)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import AuditEntry
from surgebench.domain.accounts.principal import Principal


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
    entry = AuditEntry(actor_id=actor.user_id, actor_label=actor.label, action=action,
                       entity_type=entity_type, entity_id=str(entity_id), changes=_plain(changes))
    db.add(entry)
    return entry


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values differ, as ``{field: [old, new]}``."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
