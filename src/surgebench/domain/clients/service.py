"""Client organisations (the tenants). Read-only for now: they come from the reference data."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from surgebench.db.orm import Client
from surgebench.domain.clients import repository


def list_clients(db: Session) -> Sequence[Client]:
    return repository.list_clients(db)
