"""Queries on the bench. Listing is three small queries whatever the bench's size: the page's ids
(filters as semi-joins on the skill/language indexes, ORDER BY an indexed column then id, LIMIT/OFFSET),
a count that stops at ``COUNT_CAP + 1``, and the skills/languages of just those ids."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session, selectinload

from surgebench.db.orm import AuditEntry, Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.domain.specialists.schemas import SpecialistFilter

COUNT_CAP = 10_000
"""Counting stops after this many matches (the page shows "10,000+"): an exact count of a broad
filter over a large bench costs more than it tells."""

SORT_COLUMNS = {
    "name": Specialist.full_name,
    "email": Specialist.email_key,
    "country": Specialist.country,
    "status": Specialist.status,
    "quality": Specialist.quality_milli,
    "hourly_rate": Specialist.hourly_rate_cents,
    "available_from": Specialist.available_from,
    "vetting_expires": Specialist.vetting_expires,
}
NULLABLE_SORTS = frozenset({"available_from", "vetting_expires"})


def get(db: Session, specialist_id: int) -> Specialist | None:
    """One specialist with skills and languages loaded."""
    return db.scalar(
        select(Specialist)
        .where(Specialist.id == specialist_id)
        .options(selectinload(Specialist.skills), selectinload(Specialist.languages))
    )


def id_with_email(db: Session, email_key: str) -> int | None:
    return db.scalar(select(Specialist.id).where(Specialist.email_key == email_key))


def _dialect(db: Session) -> str:
    return db.get_bind().dialect.name


def _like_pattern(needle: str) -> str:
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(f: SpecialistFilter, dialect: str) -> list[ColumnElement[bool]]:
    """The filter as WHERE conditions; skills and languages as semi-joins on their indexes."""
    conditions: list[ColumnElement[bool]] = []
    if f.skill:
        conditions.append(
            Specialist.id.in_(
                select(SpecialistSkill.specialist_id).where(
                    SpecialistSkill.skill_id == f.skill, SpecialistSkill.level >= f.min_level
                )
            )
        )
    if f.language:
        conditions.append(
            Specialist.id.in_(
                select(SpecialistLanguage.specialist_id).where(SpecialistLanguage.language == f.language)
            )
        )
    if f.country:
        conditions.append(Specialist.country == f.country)
    if f.statuses:
        conditions.append(Specialist.status.in_(f.statuses))
    if f.vetting_expires_before:
        conditions.append(Specialist.vetting_expires < f.vetting_expires_before)
    if f.available_by:
        conditions.append(
            or_(Specialist.available_from <= f.available_by, Specialist.available_from.is_(None))
        )
    if f.text:
        conditions.append(_text_matches(f.text, dialect))
    return conditions


def _text_matches(needle: str, dialect: str) -> ColumnElement[bool]:
    """Case-insensitive substring of name or e-mail. SQLite answers from its FTS5 trigram table
    (three characters or more); PostgreSQL's LIKE uses the pg_trgm indexes on the same expressions."""
    if dialect == "sqlite" and len(needle) >= 3:
        phrase = '"' + needle.replace('"', '""') + '"'
        return Specialist.id.in_(
            select(literal_column("rowid"))
            .select_from(table("specialists_search"))
            .where(text("specialists_search MATCH :phrase").bindparams(phrase=phrase))
        )
    pattern = _like_pattern(needle)
    return or_(
        func.lower(Specialist.full_name).like(pattern, escape="\\"),
        Specialist.email_key.like(pattern, escape="\\"),
    )


def _order_by(f: SpecialistFilter) -> list[ColumnElement[object]]:
    """The sort column then id, both in the asked direction (so one index walked either way serves
    it); people without a date come last whichever the direction."""
    column = SORT_COLUMNS[f.sort]
    descending = f.order == "desc"
    ordered = column.desc() if descending else column.asc()
    tie = Specialist.id.desc() if descending else Specialist.id.asc()
    if f.sort in NULLABLE_SORTS:
        return [column.is_(None).asc(), ordered, tie]
    return [ordered, tie]


def page_ids(db: Session, f: SpecialistFilter, limit: int) -> list[int]:
    """Ids of the matching specialists on the filter's page (``limit`` of them at most)."""
    query = (
        select(Specialist.id)
        .where(*_conditions(f, _dialect(db)))
        .order_by(*_order_by(f))
        .limit(limit)
        .offset(f.offset)
    )
    return list(db.scalars(query))


def count(db: Session, f: SpecialistFilter, cap: int = COUNT_CAP) -> int:
    """How many specialists match, counting no further than ``cap + 1``."""
    matching = select(Specialist.id).where(*_conditions(f, _dialect(db))).limit(cap + 1).subquery()
    return db.scalar(select(func.count()).select_from(matching)) or 0


def load_in_order(db: Session, ids: Sequence[int]) -> list[Specialist]:
    """The specialists with these ids, skills and languages loaded (one query each), in ``ids`` order."""
    if not ids:
        return []
    found = db.scalars(
        select(Specialist)
        .where(Specialist.id.in_(ids))
        .options(selectinload(Specialist.skills), selectinload(Specialist.languages))
    ).all()
    by_id = {s.id: s for s in found}
    return [by_id[i] for i in ids if i in by_id]


def history(db: Session, specialist_id: int, limit: int = 200) -> list[AuditEntry]:
    """This specialist's audit entries, newest first."""
    return list(
        db.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "specialist", AuditEntry.entity_id == str(specialist_id))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
