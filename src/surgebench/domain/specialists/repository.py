"""Queries on the bench. Listing is three small queries whatever the bench's size: the page's ids, a
count that stops at ``COUNT_CAP + 1``, and the skills/languages of just those ids.

The page's ids are read one of three ways (``page_query``), so that no page sorts the whole bench nor
reads most of it to find a few matches: a skill or a text search collects its (few) matches through
its index, then sorts them; any other filter walks the sort column's index (then id) and checks each
person until the page is full; a date sort walks the dated and the undated people separately and puts
the undated last. ``benchmarks/bench_listing.py`` times them on a 200,000-person bench."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    any_,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session, selectinload

from surgebench.db.orm import AuditEntry, QualityEstimate, Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.domain.specialists.schemas import SpecialistFilter

REF_CHUNK = 5_000
"""Ids per ``IN (…)`` when reading people's names (well under both engines' bound-parameter limits)."""
NAMED_SCAN = 2_000
"""Rows ``named`` reads containing the text, among which it looks for exact namesakes."""
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


@dataclass(frozen=True)
class PersonRef:
    """A person as a list shows them to staff: the name, and the e-mail and bench id that tell namesakes
    apart."""

    specialist_id: int
    full_name: str
    email: str


def refs(db: Session, ids: Collection[int]) -> dict[int, PersonRef]:
    ordered, found = sorted(ids), {}
    for start in range(0, len(ordered), REF_CHUNK):
        query = select(Specialist.id, Specialist.full_name, Specialist.email).where(
            Specialist.id.in_(ordered[start : start + REF_CHUNK])
        )
        found.update({sid: PersonRef(sid, name, email) for sid, name, email in db.execute(query)})
    return found


def named(db: Session, needle: str, limit: int) -> list[PersonRef]:
    """People someone names by e-mail or name (ignoring case): the exact e-mail, else everyone whose name
    is exactly that, else names or e-mails containing it (through the bench search's index), by name."""
    key = needle.strip().lower()
    if not key:
        return []
    query = select(Specialist.id, Specialist.full_name, Specialist.email)
    exact = db.execute(query.where(Specialist.email_key == key)).first()
    if exact is not None:
        return [PersonRef(*exact)]
    # enough rows that every exact namesake is among them unless thousands contain the name
    matches = db.execute(
        query.where(_text_matches(key, _dialect(db)))
        .order_by(Specialist.full_name, Specialist.id)
        .limit(NAMED_SCAN)
    ).all()
    same_name = [PersonRef(*row) for row in matches if row.full_name.lower() == key]
    return same_name[:limit] if same_name else [PersonRef(*row) for row in matches[:limit]]


def _dialect(db: Session) -> str:
    return db.get_bind().dialect.name


def _like_pattern(needle: str) -> str:
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(f: SpecialistFilter, dialect: str, walking: bool = False) -> list[ColumnElement[bool]]:
    """The filter as WHERE conditions. A skill is a semi-join driven from its (skill, level) index: few
    people hold a skill. A language is a probe of the (specialist, language) key per candidate: English
    or Hindi are spoken by a fifth to a half of the bench, and listing every speaker first costs more than
    checking the candidates. On PostgreSQL the skill's holders are an ``= ANY(ARRAY(...))`` list, which
    the planner reads by primary key (as a plain semi-join it hash-joins a scan of the whole table).
    ``walking``: the page is read by walking the sort column's index, so on SQLite the broad country
    filter is kept off its own index (unary ``+``), which SQLite would otherwise pick and then sort every
    match."""
    conditions: list[ColumnElement[bool]] = []
    if f.skill:
        holders = select(SpecialistSkill.specialist_id).where(
            SpecialistSkill.skill_id == f.skill, SpecialistSkill.level >= f.min_level
        )
        if dialect == "postgresql":
            conditions.append(Specialist.id == any_(func.array(holders.scalar_subquery())))
        else:
            conditions.append(Specialist.id.in_(holders))
        if f.min_estimate_milli is not None:
            conditions.append(_estimated_at_least(f.skill, f.min_estimate_milli))
    if f.language:
        conditions.append(
            select(SpecialistLanguage.specialist_id)
            .where(
                SpecialistLanguage.specialist_id == Specialist.id, SpecialistLanguage.language == f.language
            )
            .exists()
        )
    if f.country:
        country = Specialist.country
        if walking and dialect == "sqlite" and f.sort != "country":
            country = literal_column(f"+{Specialist.__tablename__}.country", String)
        conditions.append(country == f.country)
    if f.statuses:
        conditions.append(_status_is(f.statuses, f.today))
    if f.vetting_expires_before:
        conditions.append(Specialist.vetting_expires < f.vetting_expires_before)
    if f.available_by:
        conditions.append(
            or_(Specialist.available_from <= f.available_by, Specialist.available_from.is_(None))
        )
    if f.text:
        conditions.append(_text_matches(f.text, dialect))
    return conditions


def _estimated_at_least(skill: str, milli: int) -> ColumnElement[bool]:
    """The person's quality estimate in ``skill`` is at least ``milli``: the stored estimate
    (``quality_estimates``, written by the one rule) where they have outcomes in the skill, else their
    vetting score. Checked per candidate the skill's index found, by one primary-key probe."""
    stored = (
        select(QualityEstimate.quality_milli)
        .where(QualityEstimate.specialist_id == Specialist.id, QualityEstimate.skill_id == skill)
        .scalar_subquery()
    )
    return func.coalesce(stored, Specialist.quality_milli) >= milli


def lapsed(today: date) -> ColumnElement[bool]:
    """Vetted, but the vetting ran out before ``today``."""
    return and_(Specialist.status == "vetted", Specialist.vetting_expires < today)


def _status_is(statuses: Sequence[str], today: date | None) -> ColumnElement[bool]:
    """Any of these statuses, "lapsed" included; with ``today``, "vetted" means vetting still holds."""
    plain = [s for s in statuses if s not in ("vetted", "lapsed")]
    either: list[ColumnElement[bool]] = [Specialist.status.in_(plain)] if plain else []
    if "vetted" in statuses:
        either.append(
            Specialist.status == "vetted"
            if today is None
            else and_(
                Specialist.status == "vetted",
                or_(Specialist.vetting_expires.is_(None), Specialist.vetting_expires >= today),
            )
        )
    if "lapsed" in statuses and today is not None:
        either.append(lapsed(today))
    return or_(*either) if either else Specialist.id.is_(None)


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


def _directed(f: SpecialistFilter, column: ColumnElement[object]) -> ColumnElement[object]:
    return column.desc() if f.order == "desc" else column.asc()


def _order_by(
    f: SpecialistFilter, column: ColumnElement[object], row_id: ColumnElement[int]
) -> list[ColumnElement[object]]:
    """``column`` then id, both in the asked direction (so one index walked either way serves it)."""
    return [_directed(f, column), _directed(f, row_id)]


def page_query(f: SpecialistFilter, dialect: str, limit: int) -> Select[tuple[int]]:
    """The ids on the filter's page, in its order. A filter on a skill or a text search picks out a few
    thousand people at most: find them through that index, then sort them. Other filters match a large
    share of the bench: walk the sort column's index and check each person until the page is full."""
    if f.skill or _searches_text(f):
        return _matches_first(f, _conditions(f, dialect), limit)
    conditions = _conditions(f, dialect, walking=True)
    if f.sort in NULLABLE_SORTS:
        return _undated_last(f, conditions, limit)
    return (
        select(Specialist.id)
        .where(*conditions)
        .order_by(*_order_by(f, SORT_COLUMNS[f.sort], Specialist.id))
        .limit(limit)
        .offset(f.offset)
    )


def _searches_text(f: SpecialistFilter) -> bool:
    """Whether the filter holds a text search that the text index answers (three characters or more;
    shorter ones are checked person by person along the sort index)."""
    return len(f.text or "") >= 3


def _matches_first(
    f: SpecialistFilter, conditions: list[ColumnElement[bool]], limit: int
) -> Select[tuple[int]]:
    """The matches first (through the skill or text index), then sort just those. Walking the sort
    column's index instead, as a planner may choose, reads most of the bench before it finds a page of
    "ravi"s when their names sort late. ``OFFSET 0`` keeps both engines from merging the two steps."""
    column = SORT_COLUMNS[f.sort]
    matching = (
        select(Specialist.id.label("id"), column.label("key"))
        .where(*conditions)
        .offset(0)
        .subquery("matching")
    )
    undated_last = [matching.c.key.is_(None).asc()] if f.sort in NULLABLE_SORTS else []
    return (
        select(matching.c.id)
        .order_by(*undated_last, *_order_by(f, matching.c.key, matching.c.id))
        .limit(limit)
        .offset(f.offset)
    )


def _undated_last(
    f: SpecialistFilter, conditions: list[ColumnElement[bool]], limit: int
) -> Select[tuple[int]]:
    """A date sort with the people without a date last, whichever the direction: the dated people in
    date order (an index walk) then the undated in id order, each cut at the page's end, merged. An
    ``ORDER BY date IS NULL, date`` instead sorts the whole bench on every page."""
    column = SORT_COLUMNS[f.sort]
    depth = f.offset + limit
    dated = (
        select(Specialist.id.label("id"), literal_column("0").label("undated"), column.label("key"))
        .where(*conditions, column.is_not(None))
        .order_by(*_order_by(f, column, Specialist.id))
        .limit(depth)
        .subquery("dated")
    )
    undated = (
        select(Specialist.id.label("id"), literal_column("1").label("undated"), column.label("key"))
        .where(*conditions, column.is_(None))
        .order_by(_directed(f, Specialist.id))
        .limit(depth)
        .subquery("undated")
    )
    both = union_all(select(dated), select(undated)).subquery("both")
    return (
        select(both.c.id)
        .order_by(both.c.undated.asc(), *_order_by(f, both.c.key, both.c.id))
        .limit(limit)
        .offset(f.offset)
    )


def count_query(f: SpecialistFilter, dialect: str, cap: int = COUNT_CAP) -> Select[tuple[int]]:
    """How many specialists match, counting no further than ``cap + 1``. A language is a join here (at
    most one row per person: it is the key), so a planner may read that language's speakers from its
    index and stop at the cap, instead of probing the bench person by person."""
    matching = select(literal_column("1").label("one")).select_from(Specialist)
    if f.language:
        matching = matching.join(
            SpecialistLanguage,
            (SpecialistLanguage.specialist_id == Specialist.id) & (SpecialistLanguage.language == f.language),
        )
    others = _conditions(replace(f, language=None), dialect)
    counted = matching.where(*others).limit(cap + 1).subquery("matching")
    return select(func.count()).select_from(counted)


def page_ids(db: Session, f: SpecialistFilter, limit: int) -> list[int]:
    """Ids of the matching specialists on the filter's page (``limit`` of them at most)."""
    return list(db.scalars(page_query(f, _dialect(db), limit)))


def count(db: Session, f: SpecialistFilter, cap: int = COUNT_CAP) -> int:
    """How many specialists match, counting no further than ``cap + 1``."""
    return db.scalar(count_query(f, _dialect(db), cap)) or 0


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
