"""The set-based reads the problem builder makes (each one query, or one per 5,000 people when only some
are wanted; rows, never ORM objects)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from sqlalchemy import Select, String, cast, or_, select, text, type_coerce
from sqlalchemy.orm import Session

from surgebench.db.engine import WRITES
from surgebench.db.orm import (
    Client,
    ClientModel,
    Cycle,
    Engagement,
    Program,
    Specialist,
    SpecialistLanguage,
    SpecialistSkill,
)
from surgebench.domain.engagements.repository import effective_end, on_the_team

STREAM_BATCH = 10_000


def _iso(db: Session, column: Any) -> Any:
    """A date column read as its ISO text (what the problem writes), so no date object is made and
    formatted again per row: SQLite stores dates as YYYY-MM-DD text (read it as it is), PostgreSQL
    prints them so when cast to text."""
    if db.get_bind().dialect.name == "sqlite":
        return type_coerce(column, String)
    return cast(column, String)


CHUNK = 5_000
"""Ids per ``IN (…)`` list (well under both engines' parameter limits)."""


def _rows(
    db: Session, query: Select[*tuple[Any, ...]], column: Any, only: Collection[int] | None
) -> Iterator[tuple[Any, ...]]:
    """The query's rows as the driver's plain tuples: all of them, or for ``only`` these specialist ids, a
    chunk at a time. Read from the driver's cursor, past SQLAlchemy's row objects: at 200,000 people they
    took about 40% of the reading (every column here is already what the problem writes: text, numbers)."""
    conn = db.connection()
    if only is None:
        yield from _fetched(conn.execute(query))
        return
    ids = sorted(only)
    for start in range(0, len(ids), CHUNK):
        yield from _fetched(conn.execute(query.where(column.in_(ids[start : start + CHUNK]))))


def _fetched(result: Any) -> Iterator[tuple[Any, ...]]:
    cursor = result.cursor
    try:
        while batch := cursor.fetchmany(STREAM_BATCH):
            yield from batch
    finally:
        result.close()


def specialist_rows(
    db: Session, also: Collection[int] = (), only: Collection[int] | None = None
) -> Iterator[tuple[Any, ...]]:
    """Everyone not offboarded (and anyone in ``also``), by id; with ``only``, just those people."""
    query = select(
        Specialist.id,
        Specialist.status,
        _iso(db, Specialist.vetting_expires),
        Specialist.country,
        Specialist.timezone,
        _iso(db, Specialist.available_from),
        Specialist.weekly_hours,
        Specialist.committed_hours,
        Specialist.quality_milli,
        Specialist.hourly_rate_cents,
    ).order_by(Specialist.id)
    if only is None:
        wanted = Specialist.status != "offboarded"
        if also:
            wanted = or_(wanted, Specialist.id.in_(list(also)))
        query = query.where(wanted)
    yield from _rows(db, query, Specialist.id, only)


def skill_levels(db: Session, only: Collection[int] | None = None) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    query = select(SpecialistSkill.specialist_id, SpecialistSkill.skill_id, SpecialistSkill.level)
    for sid, skill, level in _rows(db, query, SpecialistSkill.specialist_id, only):
        found.setdefault(sid, {})[skill] = level
    return found


def languages(db: Session, only: Collection[int] | None = None) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    query = select(SpecialistLanguage.specialist_id, SpecialistLanguage.language).order_by(
        SpecialistLanguage.specialist_id, SpecialistLanguage.language
    )
    for sid, language in _rows(db, query, SpecialistLanguage.specialist_id, only):
        found.setdefault(sid, []).append(language)
    return {sid: tuple(spoken) for sid, spoken in found.items()}


def history(
    db: Session, ignored_cycles: Collection[int], only: Collection[int] | None = None
) -> dict[int, list[list[Any]]]:
    """Specialist id → their engagements as [client, model, cycle, ISO end date or None], oldest first.
    A running engagement is written with the day it will end (its cycle's, unless it says otherwise), so
    a cycle planned while the one before still runs sees when its people come free; engagements
    withdrawn before they began are no history at all."""
    query = _history_query(db)
    if ignored_cycles:
        query = query.where(Engagement.cycle_id.not_in(list(ignored_cycles)))
    found: dict[int, list[list[Any]]] = {}
    for sid, *engagement, _cycle_id in _rows(db, query, Engagement.specialist_id, only):
        found.setdefault(sid, []).append(engagement)
    return found


def history_with_cycles(db: Session) -> dict[int, list[tuple[int, list[Any]]]]:
    """``history`` of everyone, no cycle left out, each engagement with its cycle's id (the snapshot
    leaves out the cycles a plan staffs itself)."""
    found: dict[int, list[tuple[int, list[Any]]]] = {}
    for sid, *engagement, cycle_id in _rows(db, _history_query(db), Engagement.specialist_id, None):
        found.setdefault(sid, []).append((cycle_id, engagement))
    return found


def _history_query(db: Session) -> Select:  # type: ignore[type-arg]  # a row of eleven columns: Select[tuple[...]] spelled out says no more
    return (
        select(
            Engagement.specialist_id,
            Client.slug,
            ClientModel.name,
            Cycle.number,
            _iso(db, effective_end()),
            Engagement.cycle_id,
        )
        .select_from(Engagement)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
        .where(on_the_team())
        .order_by(Engagement.specialist_id, Engagement.starts_on, Engagement.id)
    )


WATCHED = 9
"""Tables whose writes count in ``bench_changes`` (migration ``8b1f3c5d7e92``): specialists, their skills
and languages, engagements, cycles, programs, client models, clients, outcomes."""


def bench_version(db: Session) -> tuple[int, int] | None:
    """The bench's version: it changes with every committed write to the tables a problem is read from,
    whoever wrote (``bench_changes``, kept by triggers). ``None`` when nothing may be kept under it: a
    watched table's triggers are missing (a migration rebuilt a table without making them again), or
    this transaction may have written to the bench itself (its version would count writes that a
    rollback takes back: SQLite, a transaction opened to write; PostgreSQL, one whose own change is
    counted)."""
    conn = db.connection()
    if conn.dialect.name == "sqlite":
        if conn.get_execution_options().get(WRITES):
            return None
        triggers = conn.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bench_changes_%'")
        )
        expected = WATCHED * 3
        own = "0"
    else:
        triggers = conn.scalar(
            text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'bench_changes_%' AND NOT tgisinternal")
        )
        expected = WATCHED
        own = "coalesce(bool_or(id = txid_current_if_assigned()), false)::int"
    if triggers != expected:
        return None
    count, total, written = conn.execute(
        text(f"SELECT count(*), coalesce(sum(n), 0), {own} FROM bench_changes")
    ).one()
    return None if written else (int(count), int(total))
