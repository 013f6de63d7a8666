"""Queries about client organisations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgebench.db.orm import Client


def list_clients(db: Session) -> Sequence[Client]:
    return db.scalars(select(Client).order_by(Client.name)).all()
