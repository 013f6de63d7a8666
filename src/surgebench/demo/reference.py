"""Reference data from ``fixtures/``: the skills taxonomy, the workstreams of post-training work and the
demo client organisations.
Loading is idempotent: rows already present are left alone."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgebench.db.orm import Client, Skill, Workstream
from surgebench.settings import get_settings


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def skills_by_area(fixtures_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The skills taxonomy from ``skills.csv``: area → its skill ids, in file order."""
    fixtures_dir = fixtures_dir or get_settings().paths.fixtures
    found: dict[str, list[str]] = {}
    for row in _rows(fixtures_dir / "skills.csv"):
        found.setdefault(row["area"], []).append(row["id"])
    return {area: tuple(ids) for area, ids in found.items()}


def load_reference_data(db: Session, fixtures_dir: Path | None = None) -> dict[str, int]:
    """Insert the skills, workstreams and clients that are missing; returns how many of each were added."""
    fixtures_dir = fixtures_dir or get_settings().paths.fixtures
    known_skills = set(db.scalars(select(Skill.id)))
    new_skills = [Skill(**row) for row in _rows(fixtures_dir / "skills.csv") if row["id"] not in known_skills]
    known_streams = set(db.scalars(select(Workstream.id)))
    new_streams = [
        Workstream(**row) for row in _rows(fixtures_dir / "workstreams.csv") if row["id"] not in known_streams
    ]
    known_clients = set(db.scalars(select(Client.slug)))
    new_clients = [
        Client(**row) for row in _rows(fixtures_dir / "clients.csv") if row["slug"] not in known_clients
    ]
    db.add_all([*new_skills, *new_streams, *new_clients])
    db.flush()
    return {"skills": len(new_skills), "workstreams": len(new_streams), "clients": len(new_clients)}
