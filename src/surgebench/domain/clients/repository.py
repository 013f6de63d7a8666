"""Queries about client organisations and whom each will not share people with."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from surgebench.db.orm import Client, ClientCompetitor


def list_clients(db: Session) -> Sequence[Client]:
    return db.scalars(select(Client).order_by(Client.name)).all()


def get(db: Session, client_id: int, *, lock: bool = False) -> Client | None:
    query = select(Client).where(Client.id == client_id)
    return db.scalar(query.with_for_update() if lock else query)


def by_slug(db: Session, slug: str) -> Client | None:
    return db.scalar(select(Client).where(Client.slug == slug))


def ids_by_slug(db: Session) -> dict[str, int]:
    return {slug: cid for slug, cid in db.execute(select(Client.slug, Client.id))}


def competitors_of(db: Session, client_ids: Collection[int]) -> dict[int, list[Client]]:
    """Client id → the clients it will not share people with, by name."""
    query = (
        select(ClientCompetitor.client_id, Client)
        .join(Client, Client.id == ClientCompetitor.competitor_id)
        .where(ClientCompetitor.client_id.in_(list(client_ids)))
        .order_by(Client.name)
    )
    found: dict[int, list[Client]] = {cid: [] for cid in client_ids}
    for client_id, competitor in db.execute(query):
        found[client_id].append(competitor)
    return found


def listed_by(db: Session, client_ids: Collection[int]) -> dict[int, list[Client]]:
    """Client id → the clients whose terms say they will not share people with it, by name."""
    query = (
        select(ClientCompetitor.competitor_id, Client)
        .join(Client, Client.id == ClientCompetitor.client_id)
        .where(ClientCompetitor.competitor_id.in_(list(client_ids)))
        .order_by(Client.name)
    )
    found: dict[int, list[Client]] = {cid: [] for cid in client_ids}
    for named, client in db.execute(query):
        found[named].append(client)
    return found


def replace_competitors(db: Session, client_id: int, competitor_ids: Collection[int]) -> None:
    db.execute(delete(ClientCompetitor).where(ClientCompetitor.client_id == client_id))
    if competitor_ids:
        db.execute(
            insert(ClientCompetitor),
            [{"client_id": client_id, "competitor_id": c} for c in sorted(competitor_ids)],
        )


def add_competitor(db: Session, client_id: int, competitor_id: int) -> None:
    exists = db.scalar(
        select(ClientCompetitor.client_id).where(
            ClientCompetitor.client_id == client_id, ClientCompetitor.competitor_id == competitor_id
        )
    )
    if exists is None:
        db.execute(insert(ClientCompetitor).values(client_id=client_id, competitor_id=competitor_id))
