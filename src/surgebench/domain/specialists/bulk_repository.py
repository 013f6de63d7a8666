"""The bulk upsert's queries (``bulk.py`` decides what to write): which e-mails exist, the states of many
specialists in three queries, and plain multi-row INSERTs / UPDATEs by primary key."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.orm import Session

from surgebench.db.bulk import insert_plain, table_of
from surgebench.db.orm import Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.domain.specialists.record_schemas import SpecialistRecord
from surgebench.lib.text import display_name

_specialists = table_of(Specialist)
_skills = table_of(SpecialistSkill)
_languages = table_of(SpecialistLanguage)

SCALAR_COLUMNS = (
    "email",
    "full_name",
    "display_name",
    "country",
    "timezone",
    "status",
    "vetting_expires",
    "available_from",
    "weekly_hours",
    "quality_milli",
    "hourly_rate_cents",
)


def states_of(
    db: Session, ids: Sequence[int]
) -> tuple[dict[int, list[tuple[str, int]]], dict[int, list[str]], Sequence[Row[Any]]]:
    """(skills by id, languages by id, the rows of ``SCALAR_COLUMNS`` with ``id``) of these specialists."""
    skills: dict[int, list[tuple[str, int]]] = {}
    for sid, skill, level in db.execute(
        select(_skills.c.specialist_id, _skills.c.skill_id, _skills.c.level).where(
            _skills.c.specialist_id.in_(ids)
        )
    ):
        skills.setdefault(sid, []).append((skill, level))
    languages: dict[int, list[str]] = {}
    for sid, language in db.execute(
        select(_languages.c.specialist_id, _languages.c.language).where(_languages.c.specialist_id.in_(ids))
    ):
        languages.setdefault(sid, []).append(language)
    rows = db.execute(
        select(_specialists.c.id, *(_specialists.c[c] for c in SCALAR_COLUMNS)).where(
            _specialists.c.id.in_(ids)
        )
    ).all()
    return skills, languages, rows


def seen(db: Session, email_keys: Sequence[str]) -> dict[str, tuple[int, datetime]]:
    """email_key → (id, updated_at) of the specialists with these keys (every write stamps updated_at)."""
    query = select(_specialists.c.email_key, _specialists.c.id, _specialists.c.updated_at).where(
        _specialists.c.email_key.in_(email_keys)
    )
    return {key: (sid, at) for key, sid, at in db.execute(query)}


def _existing_ids(db: Session, email_keys: Sequence[str]) -> dict[str, int]:
    query = select(_specialists.c.email_key, _specialists.c.id).where(
        _specialists.c.email_key.in_(email_keys)
    )
    return {key: sid for key, sid in db.execute(query)}


def _columns(record: SpecialistRecord) -> dict[str, Any]:
    return {
        "email": record.email,
        "email_key": record.email_key,
        "full_name": record.full_name,
        "display_name": display_name(record.full_name),
        "country": record.country,
        "timezone": record.timezone,
        "status": record.status,
        "vetting_expires": record.vetting_expires,
        "available_from": record.available_from,
        "weekly_hours": record.weekly_hours,
        "quality_milli": record.quality_milli,
        "hourly_rate_cents": record.hourly_rate_cents,
    }


_INSERTED_COLUMNS = (*SCALAR_COLUMNS, "email_key", "committed_hours", "created_at", "updated_at")


def insert(db: Session, records: Sequence[SpecialistRecord], now: datetime) -> list[int]:
    """Insert the specialists and their skills and languages; their new ids in ``records`` order."""
    if not records:
        return []
    insert_plain(
        db,
        Specialist,
        _INSERTED_COLUMNS,
        [
            [
                r.email,
                r.full_name,
                display_name(r.full_name),
                r.country,
                r.timezone,
                r.status,
                r.vetting_expires,
                r.available_from,
                r.weekly_hours,
                r.quality_milli,
                r.hourly_rate_cents,
                r.email_key,
                0,
                now,
                now,
            ]
            for r in records
        ],
    )
    id_of = _existing_ids(db, [r.email_key for r in records])
    ids = [id_of[r.email_key] for r in records]
    _insert_skills_and_languages(db, list(zip(ids, records, strict=True)))
    return ids


def update(
    db: Session, changed: Sequence[tuple[int, SpecialistRecord, dict[str, list[Any]]]], now: datetime
) -> None:
    """Write the changed records by id; skills and languages replaced where ``changes`` names them."""
    if not changed:
        return
    statement = (
        _specialists.update()
        .where(_specialists.c.id == bindparam("_id"))
        .values({c: bindparam(c) for c in (*SCALAR_COLUMNS, "updated_at")})
    )
    rows = []
    for sid, record, _changes in changed:
        columns = _columns(record)
        rows.append({"_id": sid, "updated_at": now, **{c: columns[c] for c in SCALAR_COLUMNS}})
    db.execute(statement, rows)
    relisted = [(sid, r) for sid, r, changes in changed if "skills" in changes or "languages" in changes]
    if relisted:
        ids = [sid for sid, _r in relisted]
        db.execute(delete(_skills).where(_skills.c.specialist_id.in_(ids)))
        db.execute(delete(_languages).where(_languages.c.specialist_id.in_(ids)))
        _insert_skills_and_languages(db, relisted)


def _insert_skills_and_languages(db: Session, pairs: Sequence[tuple[int, SpecialistRecord]]) -> None:
    insert_plain(
        db,
        SpecialistSkill,
        ("specialist_id", "skill_id", "level"),
        [[sid, skill, level] for sid, r in pairs for skill, level in r.skills],
    )
    insert_plain(
        db,
        SpecialistLanguage,
        ("specialist_id", "language"),
        [[sid, language] for sid, r in pairs for language in r.languages],
    )
