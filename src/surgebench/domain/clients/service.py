"""Client organisations (the tenants) and their staffing terms: the clients each will not share people
with, and how long a specialist stays barred after an engagement with one of them ends. Clients
themselves come from the reference data; their terms are edited here, every change audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surgebench.db.orm import Client
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.clients import repository
from surgebench.domain.clients.errors import ClientNotFound, InvalidStaffingTerms

MAX_COOLDOWN_DAYS = 3650


@dataclass(frozen=True)
class ClientTerms:
    client: Client
    competitors: list[Client]
    """Clients this one will not share people with."""


def list_clients(db: Session) -> Sequence[Client]:
    return repository.list_clients(db)


def list_with_terms(db: Session) -> list[ClientTerms]:
    clients = repository.list_clients(db)
    competitors = repository.competitors_of(db, [c.id for c in clients])
    return [ClientTerms(c, competitors[c.id]) for c in clients]


def get_terms(db: Session, client_id: int) -> ClientTerms:
    client = repository.get(db, client_id)
    if client is None:
        raise ClientNotFound(f"There is no client {client_id}.")
    return ClientTerms(client, repository.competitors_of(db, [client_id])[client_id])


def set_terms(
    db: Session,
    actor: Actor,
    client_id: int,
    competitors: Sequence[str] | None,
    cooldown_days: object,
    *,
    both_ways: bool = False,
) -> ClientTerms:
    """Replace a client's competitors (by slug) and cooldown. ``both_ways`` also lists this client among
    each new competitor's own (rivalry is usually mutual; removing never touches the other side)."""
    if repository.get(db, client_id, lock=True) is None:  # held until the transaction ends
        raise ClientNotFound(f"There is no client {client_id}.")
    before = get_terms(db, client_id)
    errors: dict[str, str] = {}
    cooldown = _cooldown(cooldown_days, before.client.cooldown_days, errors)
    ids = repository.ids_by_slug(db)
    slugs = sorted(
        {
            s.strip().lower()
            for s in (competitors if competitors is not None else [c.slug for c in before.competitors])
            if s.strip()
        }
    )
    unknown = [s for s in slugs if s not in ids]
    if unknown:
        errors["competitors"] = f"unknown client {unknown[0]!r}"
    elif before.client.slug in slugs:
        errors["competitors"] = "a client cannot be its own competitor"
    if errors:
        raise InvalidStaffingTerms("The staffing terms are not valid.", fields=errors)
    client = before.client
    old_slugs, old_cooldown = [c.slug for c in before.competitors], client.cooldown_days
    repository.replace_competitors(db, client_id, [ids[s] for s in slugs])
    client.cooldown_days = cooldown
    if both_ways:
        for slug in set(slugs) - set(old_slugs):
            repository.add_competitor(db, ids[slug], client_id)
    changes = {}
    if old_slugs != slugs:
        changes["competitors"] = [old_slugs, slugs]
    if old_cooldown != cooldown:
        changes["cooldown_days"] = [old_cooldown, cooldown]
    if both_ways and set(slugs) - set(old_slugs):
        changes["mutual"] = sorted(set(slugs) - set(old_slugs))
    if changes:
        db.flush()
        record(db, actor, "update", "client", client_id, changes)
    return get_terms(db, client_id)


def _cooldown(value: object, current: int, errors: dict[str, str]) -> int:
    if value is None or value == "":
        return current
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or int(text) > MAX_COOLDOWN_DAYS:
        errors["cooldown_days"] = f"must be a whole number of days 0–{MAX_COOLDOWN_DAYS}, got {text!r}"
        return current
    return int(text)
