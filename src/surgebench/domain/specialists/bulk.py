"""Fast bulk upsert of specialist records by e-mail (ignoring case), for imports of any size.

Work goes in batches: one query finds which e-mails already exist (with their skills and languages),
then plain multi-row INSERTs / UPDATEs by primary key write the batch, its skills and languages, and its
audit entries. Nothing here commits: the caller's unit of work makes the whole upsert one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Table, bindparam, delete, select
from sqlalchemy.orm import Session

from surgebench.db.orm import AuditEntry, Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.domain.audit.service import Actor
from surgebench.domain.specialists.records import SpecialistRecord
from surgebench.lib.text import display_name

BATCH = 5_000
"""Records per round trip (well under both engines' bound-parameter limits per statement)."""

_specialists: Table = Specialist.__table__  # type: ignore[assignment]
_skills: Table = SpecialistSkill.__table__  # type: ignore[assignment]
_languages: Table = SpecialistLanguage.__table__  # type: ignore[assignment]
_audit: Table = AuditEntry.__table__  # type: ignore[assignment]

_SCALAR_COLUMNS = (
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


@dataclass(frozen=True)
class BulkResult:
    created: int
    updated: int
    unchanged: int


def format_milli(value: int) -> str:
    return f"{value // 1000}.{value % 1000:03d}"


def format_cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def state(
    email: str,
    full_name: str,
    country: str,
    timezone: str,
    languages: Sequence[str],
    skills: Sequence[tuple[str, int]],
    status: str,
    vetting_expires: date | None,
    available_from: date | None,
    weekly_hours: int,
    quality_milli: int,
    hourly_rate_cents: int,
) -> dict[str, Any]:
    """A specialist's CSV fields in canonical plain form (sorted lists, fixed decimals, ISO dates): what
    imports compare, audit entries record and exports write."""
    return {
        "email": email,
        "full_name": full_name,
        "country": country,
        "timezone": timezone,
        "languages": ";".join(sorted(languages)),
        "skills": ";".join(f"{skill}:{level}" for skill, level in sorted(skills)),
        "status": status,
        "vetting_expires": vetting_expires.isoformat() if vetting_expires else None,
        "available_from": available_from.isoformat() if available_from else None,
        "weekly_hours": weekly_hours,
        "quality": format_milli(quality_milli),
        "hourly_rate": format_cents(hourly_rate_cents),
    }


def state_of_record(r: SpecialistRecord) -> dict[str, Any]:
    return state(
        r.email,
        r.full_name,
        r.country,
        r.timezone,
        r.languages,
        r.skills,
        r.status,
        r.vetting_expires,
        r.available_from,
        r.weekly_hours,
        r.quality_milli,
        r.hourly_rate_cents,
    )


def states_by_id(db: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Canonical states of these specialists, with their skills and languages (three queries)."""
    if not ids:
        return {}
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
        select(_specialists.c.id, *(_specialists.c[c] for c in _SCALAR_COLUMNS)).where(
            _specialists.c.id.in_(ids)
        )
    )
    return {
        row.id: state(
            row.email,
            row.full_name,
            row.country,
            row.timezone,
            languages.get(row.id, ()),
            skills.get(row.id, ()),
            row.status,
            row.vetting_expires,
            row.available_from,
            row.weekly_hours,
            row.quality_milli,
            row.hourly_rate_cents,
        )
        for row in rows
    }


class PlanIsStale(Exception):
    """The bench changed between ``prepare`` and ``apply`` (another writer got in): prepare again."""


@dataclass
class UpsertPlan:
    """Everything an upsert will write, worked out from one read of the bench (``prepare``), so that
    ``apply`` only checks that read still holds and writes: the write lock is held for the writing
    alone, not for the reading and comparing (half of a 100,000-row import's writing time)."""

    actor: Actor
    now: datetime
    seen: dict[str, tuple[int, datetime]] = field(default_factory=dict)
    """email_key → (id, updated_at) of every specialist the file names who was on the bench."""
    new: list[tuple[SpecialistRecord, dict[str, list[Any]]]] = field(default_factory=list)
    changed: list[tuple[int, SpecialistRecord, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def result(self) -> BulkResult:
        return BulkResult(len(self.new), len(self.changed), self.unchanged)


def prepare(db: Session, records: Sequence[SpecialistRecord], actor: Actor, now: datetime) -> UpsertPlan:
    """Compare every record with the bench as it stands (reads only): which are new, which change and
    how (the audit entries' changes), which are already as the file says."""
    plan = UpsertPlan(actor, now)
    for _done, batch in _batches(records):
        seen = _seen(db, [r.email_key for r in batch])
        plan.seen.update(seen)
        before = states_by_id(db, [sid for sid, _at in seen.values()])
        for record in batch:
            if record.email_key not in seen:
                plan.new.append((record, _created(record)))
                continue
            sid = seen[record.email_key][0]
            old = before[sid]
            changes = {k: [old[k], v] for k, v in state_of_record(record).items() if old[k] != v}
            if changes:
                plan.changed.append((sid, record, changes))
            else:
                plan.unchanged += 1
    return plan


def apply(db: Session, plan: UpsertPlan, on_progress: Callable[[int], None] | None = None) -> BulkResult:
    """Write a prepared upsert, after checking (in this transaction) that the bench still is as
    ``prepare`` read it; ``PlanIsStale`` otherwise. One audit entry per created or updated specialist."""
    keys = [r.email_key for r, _c in plan.new] + list(plan.seen)
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        if _seen(db, chunk) != {k: plan.seen[k] for k in chunk if k in plan.seen}:
            raise PlanIsStale("the bench changed while the import was being prepared")
    done = 0
    for start in range(0, len(plan.new), BATCH):
        batch = plan.new[start : start + BATCH]
        ids = _insert(db, [r for r, _c in batch], plan.now)
        _insert_plain(
            db,
            _audit,
            _AUDIT_COLUMNS,
            [
                _audit_row(plan.actor, plan.now, "create", sid, changes)
                for sid, (_r, changes) in zip(ids, batch, strict=True)
            ],
        )
        done += len(batch)
        if on_progress is not None:
            on_progress(done)
    for start in range(0, len(plan.changed), BATCH):
        batch = plan.changed[start : start + BATCH]
        _update(db, batch, plan.now)
        _insert_plain(
            db,
            _audit,
            _AUDIT_COLUMNS,
            [_audit_row(plan.actor, plan.now, "update", sid, changes) for sid, _r, changes in batch],
        )
        done += len(batch)
        if on_progress is not None:
            on_progress(done)
    return plan.result


def upsert(
    db: Session,
    records: Sequence[SpecialistRecord],
    actor: Actor,
    now: datetime,
    on_progress: Callable[[int], None] | None = None,
) -> BulkResult:
    """Insert new e-mails, update existing ones (replacing skills and languages; committed hours kept),
    leave identical ones alone, all in the caller's transaction (``prepare`` then ``apply``)."""
    return apply(db, prepare(db, records, actor, now), on_progress)


def _batches(records: Sequence[SpecialistRecord]) -> Iterator[tuple[int, Sequence[SpecialistRecord]]]:
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        yield start + len(batch), batch


def _seen(db: Session, email_keys: Sequence[str]) -> dict[str, tuple[int, datetime]]:
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


_INSERTED_COLUMNS = (*_SCALAR_COLUMNS, "email_key", "committed_hours", "created_at", "updated_at")


def _insert(db: Session, records: Sequence[SpecialistRecord], now: datetime) -> list[int]:
    """Insert the specialists and their skills and languages; their new ids in ``records`` order."""
    if not records:
        return []
    _insert_plain(
        db,
        _specialists,
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


def _update(
    db: Session, changed: Sequence[tuple[int, SpecialistRecord, dict[str, list[Any]]]], now: datetime
) -> None:
    if not changed:
        return
    statement = (
        _specialists.update()
        .where(_specialists.c.id == bindparam("_id"))
        .values({c: bindparam(c) for c in (*_SCALAR_COLUMNS, "updated_at")})
    )
    rows = []
    for sid, record, _changes in changed:
        columns = _columns(record)
        rows.append({"_id": sid, "updated_at": now, **{c: columns[c] for c in _SCALAR_COLUMNS}})
    db.execute(statement, rows)
    relisted = [(sid, r) for sid, r, changes in changed if "skills" in changes or "languages" in changes]
    if relisted:
        ids = [sid for sid, _r in relisted]
        db.execute(delete(_skills).where(_skills.c.specialist_id.in_(ids)))
        db.execute(delete(_languages).where(_languages.c.specialist_id.in_(ids)))
        _insert_skills_and_languages(db, relisted)


def _insert_skills_and_languages(db: Session, pairs: Sequence[tuple[int, SpecialistRecord]]) -> None:
    _insert_plain(
        db,
        _skills,
        ("specialist_id", "skill_id", "level"),
        [[sid, skill, level] for sid, r in pairs for skill, level in r.skills],
    )
    _insert_plain(
        db,
        _languages,
        ("specialist_id", "language"),
        [[sid, language] for sid, r in pairs for language in r.languages],
    )


def _insert_plain(db: Session, table: Table, columns: Sequence[str], rows: list[list[Any]]) -> None:
    """One driver-level executemany: each column's own bind conversion (dates, UTC timestamps, JSON) is
    applied column by column, skipping SQLAlchemy's per-row parameter handling, which would otherwise
    take most of a large import's time."""
    if not rows:
        return
    dialect = db.get_bind().dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    placeholders = []
    for index, column in enumerate(columns):
        column_type = table.c[column].type
        convert = column_type.bind_processor(dialect)
        placeholder = mark
        if convert is None and isinstance(column_type, JSON):  # psycopg: SQLAlchemy leaves JSON to a cast
            convert, placeholder = json.dumps, f"CAST({mark} AS JSON)"
        placeholders.append(placeholder)
        if convert is not None:
            for row in rows:
                row[index] = convert(row[index])
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join(placeholders)})"
    db.connection().exec_driver_sql(sql, [tuple(row) for row in rows])


def _created(record: SpecialistRecord) -> dict[str, list[Any]]:
    return {field: [None, value] for field, value in state_of_record(record).items()}


_AUDIT_COLUMNS = ("at", "actor_id", "actor_label", "action", "entity_type", "entity_id", "changes")


def _audit_row(
    actor: Actor, now: datetime, action: str, sid: int, changes: dict[str, list[Any]]
) -> list[Any]:
    return [now, actor.user_id, actor.label, action, "specialist", str(sid), changes]
