"""Queries on outcomes: the bench's outcomes as integer sums for the estimate (one query, or one per
5,000 people), an engagement's or a cycle's outcomes, and the last-cycle outcome the gate reads."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Select, String, and_, case, cast, delete, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from surgebench.db.bulk import insert_plain
from surgebench.db.orm import (
    Client,
    ClientModel,
    Cycle,
    Engagement,
    Outcome,
    Program,
    QualityEstimate,
    Specialist,
)
from surgebench.domain.engagements.repository import on_the_team, worked_by

CHUNK = 5_000
STREAM_BATCH = 10_000


def points_milli() -> Any:
    """An outcome's items reviewed × its quality, in thousandths: accepted × 1000, or the lab's score ×
    reviewed when it gave one (a whole number on both engines; 64-bit so 10⁹ items cannot overflow)."""
    return case(
        (Outcome.score_milli.is_(None), cast(Outcome.items_accepted, BigInteger) * 1000),
        else_=cast(Outcome.score_milli, BigInteger) * Outcome.items_reviewed,
    )


def _day_text(db: Session, column: Any) -> Any:
    """A date column as ISO text (no date object made per row)."""
    if db.get_bind().dialect.name == "sqlite":
        return type_coerce(column, String)
    return cast(column, String)


def outcome_rows(
    db: Session, today: date, only: Collection[int] | None = None
) -> Iterator[tuple[int, str, int, str, int, int, int]]:
    """Per (specialist, skill, report day) — in that order — for outcomes reported on or before
    ``today`` of engagements that began: (specialist id, skill, vetting score in thousandths, the day
    as ISO text, Σ items reviewed, Σ points in thousandths, how many outcomes). The whole bench
    streamed, or for ``only`` these people a chunk at a time (each person's rows in one chunk)."""
    day = _day_text(db, Outcome.reported_on)
    query = (
        select(
            Engagement.specialist_id,
            Engagement.skill_id,
            Specialist.quality_milli,
            day,
            func.sum(Outcome.items_reviewed),
            func.sum(points_milli()),
            func.count(),
        )
        .select_from(Outcome)
        .join(Engagement, Engagement.id == Outcome.engagement_id)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .where(Outcome.reported_on <= today, on_the_team())
        .group_by(
            Engagement.specialist_id, Engagement.skill_id, Specialist.quality_milli, Outcome.reported_on
        )
        .order_by(Engagement.specialist_id, Engagement.skill_id, Outcome.reported_on)
    )
    conn = db.connection()
    if only is None:
        for batch in conn.execute(query.execution_options(yield_per=STREAM_BATCH)).partitions():
            yield from batch
        return
    ids = sorted(only)
    for start in range(0, len(ids), CHUNK):
        yield from conn.execute(query.where(Engagement.specialist_id.in_(ids[start : start + CHUNK])))


@dataclass(frozen=True)
class OutcomeRow:
    id: int
    engagement_id: int
    reported_on: date
    items_reviewed: int
    items_accepted: int
    score_milli: int | None
    note: str
    reported_by: str
    updated_at: datetime

    @property
    def rate_milli(self) -> int:
        """The outcome's quality in thousandths: the score, else accepted ÷ reviewed (half up)."""
        if self.score_milli is not None:
            return self.score_milli
        return (self.items_accepted * 2000 + self.items_reviewed) // (2 * self.items_reviewed)


def _columns() -> Select[*tuple[Any, ...]]:
    return select(
        Outcome.id,
        Outcome.engagement_id,
        Outcome.reported_on,
        Outcome.items_reviewed,
        Outcome.items_accepted,
        Outcome.score_milli,
        Outcome.note,
        Outcome.reported_by,
        Outcome.updated_at,
    )


def get(db: Session, outcome_id: int) -> OutcomeRow | None:
    row = db.execute(_columns().where(Outcome.id == outcome_id)).first()
    return OutcomeRow(*row) if row else None


def entity(db: Session, outcome_id: int, *, lock: bool = False) -> Outcome | None:
    query = select(Outcome).where(Outcome.id == outcome_id)
    return db.scalar(query.with_for_update() if lock else query)


def of_engagements(db: Session, engagement_ids: Collection[int]) -> dict[int, list[OutcomeRow]]:
    """Engagement id → its outcomes, oldest first."""
    found: dict[int, list[OutcomeRow]] = {}
    ids = sorted(engagement_ids)
    for start in range(0, len(ids), CHUNK):
        query = (
            _columns()
            .where(Outcome.engagement_id.in_(ids[start : start + CHUNK]))
            .order_by(Outcome.engagement_id, Outcome.reported_on)
        )
        for row in db.execute(query):
            found.setdefault(row.engagement_id, []).append(OutcomeRow(*row))
    return found


def existing(db: Session, keys: Collection[tuple[int, date]]) -> dict[tuple[int, date], Outcome]:
    """(engagement id, reported on) → the outcome already recorded, for these keys."""
    wanted = set(keys)
    engagements = sorted({e for e, _d in wanted})
    found: dict[tuple[int, date], Outcome] = {}
    for start in range(0, len(engagements), CHUNK):
        query = select(Outcome).where(Outcome.engagement_id.in_(engagements[start : start + CHUNK]))
        for o in db.scalars(query):
            if (o.engagement_id, o.reported_on) in wanted:
                found[(o.engagement_id, o.reported_on)] = o
    return found


@dataclass(frozen=True)
class EngagementOutcome:
    """All of one engagement's outcomes in one figure: Σ points ÷ Σ items reviewed."""

    engagement_id: int
    specialist_id: int
    skill_id: str
    items: int
    points_milli: int

    @property
    def rate_milli(self) -> int:
        return (2 * self.points_milli + self.items) // (2 * self.items)


def outcomes_of_cycles(db: Session, cycle_ids: Collection[int]) -> dict[int, dict[int, EngagementOutcome]]:
    """Cycle id → specialist id → their engagement's outcome, for engagements with any outcome."""
    found: dict[int, dict[int, EngagementOutcome]] = {}
    if not cycle_ids:
        return found
    query = (
        select(
            Engagement.cycle_id,
            Engagement.id,
            Engagement.specialist_id,
            Engagement.skill_id,
            func.sum(Outcome.items_reviewed),
            func.sum(points_milli()),
        )
        .select_from(Outcome)
        .join(Engagement, Engagement.id == Outcome.engagement_id)
        .where(Engagement.cycle_id.in_(sorted(cycle_ids)), on_the_team())
        .group_by(Engagement.cycle_id, Engagement.id, Engagement.specialist_id, Engagement.skill_id)
    )
    for cycle_id, eid, sid, skill, items, points in db.execute(query):
        found.setdefault(cycle_id, {})[sid] = EngagementOutcome(eid, sid, skill, int(items), int(points))
    return found


def history_points(db: Session, specialist_id: int) -> list[tuple[str, date, int, int]]:
    """A person's outcomes as (skill, reported on, items reviewed, points), oldest first: the profile's
    history chart replays the estimate over them."""
    query = (
        select(Engagement.skill_id, Outcome.reported_on, Outcome.items_reviewed, points_milli())
        .select_from(Outcome)
        .join(Engagement, Engagement.id == Outcome.engagement_id)
        .where(Engagement.specialist_id == specialist_id, on_the_team())
        .order_by(Outcome.reported_on, Outcome.id)
    )
    return [(skill, day, int(n), int(p)) for skill, day, n, p in db.execute(query)]


@dataclass(frozen=True)
class Gate:
    program_id: int
    program_name: str
    client: str
    model: str
    min_estimate_milli: int | None
    min_returning_milli: int | None

    @property
    def is_set(self) -> bool:
        return self.min_estimate_milli is not None or self.min_returning_milli is not None


def _gates() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Program.id,
            Program.name,
            Client.slug,
            ClientModel.name,
            Program.gate_min_estimate_milli,
            Program.gate_min_returning_milli,
        )
        .select_from(Program)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
    )


def gate_of(db: Session, program_id: int) -> Gate | None:
    row = db.execute(_gates().where(Program.id == program_id)).first()
    return Gate(*row) if row else None


def gates(db: Session, pairs: Collection[tuple[str, str]] | None = None) -> list[Gate]:
    """The programs' gates: of these (client slug, model) pairs, or every program with a gate set."""
    if pairs is None:
        query = _gates().where(
            Program.gate_min_estimate_milli.is_not(None) | Program.gate_min_returning_milli.is_not(None)
        )
        return [Gate(*row) for row in db.execute(query.order_by(Program.id))]
    found = []
    for client, model in sorted(set(pairs)):
        row = db.execute(_gates().where(Client.slug == client, ClientModel.name == model)).first()
        if row:
            found.append(Gate(*row))
    return found


def program_entity(db: Session, program_id: int, *, lock: bool = False) -> Program | None:
    query = select(Program).where(Program.id == program_id)
    return db.scalar(query.with_for_update() if lock else query)


@dataclass(frozen=True)
class TeamMember:
    cycle_id: int
    cycle_number: int
    specialist_id: int
    full_name: str
    skill_id: str
    vetting_milli: int


def cycle_teams(
    db: Session, cycles: Collection[tuple[int, int]], only: Collection[int] | None = None
) -> list[TeamMember]:
    """The team (people who began or will begin) of each (program id, cycle number) given."""
    found: list[TeamMember] = []
    for program_id, number in sorted(set(cycles)):
        query = (
            select(
                Cycle.id,
                Cycle.number,
                Engagement.specialist_id,
                Specialist.full_name,
                Engagement.skill_id,
                Specialist.quality_milli,
            )
            .select_from(Engagement)
            .join(Cycle, Cycle.id == Engagement.cycle_id)
            .join(Specialist, Specialist.id == Engagement.specialist_id)
            .where(Cycle.program_id == program_id, Cycle.number == number, on_the_team())
            .order_by(Engagement.specialist_id)
        )
        if only is None:
            found.extend(TeamMember(*row) for row in db.execute(query))
            continue
        ids = sorted(only)
        for start in range(0, len(ids), CHUNK):
            chunk = query.where(Engagement.specialist_id.in_(ids[start : start + CHUNK]))
            found.extend(TeamMember(*row) for row in db.execute(chunk))
    return found


def latest_closed_cycle(db: Session, program_id: int) -> int | None:
    """The number of the program's latest closed cycle, if any."""
    return db.scalar(
        select(func.max(Cycle.number)).where(Cycle.program_id == program_id, Cycle.status == "closed")
    )


def people_of_cycles(db: Session, cycles: Collection[tuple[str, str, int]]) -> set[int]:
    """Everyone on the team of these (client slug, model, cycle number) cycles."""
    found: set[int] = set()
    for client, model, number in sorted(set(cycles)):
        query = (
            select(Engagement.specialist_id)
            .select_from(Engagement)
            .join(Cycle, Cycle.id == Engagement.cycle_id)
            .join(Program, Program.id == Cycle.program_id)
            .join(ClientModel, ClientModel.id == Program.model_id)
            .join(Client, Client.id == ClientModel.client_id)
            .where(Client.slug == client, ClientModel.name == model, Cycle.number == number, on_the_team())
        )
        found.update(db.scalars(query))
    return found


@dataclass(frozen=True)
class MemberOutcome:
    """One person on a cycle's team with all their outcomes there in one figure."""

    engagement_id: int
    specialist_id: int
    full_name: str
    skill_id: str
    starts_on: date
    outcomes: int
    items: int
    points_milli: int

    @property
    def rate_milli(self) -> int | None:
        return None if not self.items else (2 * self.points_milli + self.items) // (2 * self.items)


def cycle_members(db: Session, cycle_id: int, offset: int, limit: int) -> tuple[int, list[MemberOutcome]]:
    """How many are on the cycle's team, and a page of them by name with their outcomes summed."""
    total = db.scalar(select(func.count(Engagement.id)).where(Engagement.cycle_id == cycle_id, on_the_team()))
    sums = (
        select(
            Outcome.engagement_id.label("eid"),
            func.count(Outcome.id).label("n"),
            func.sum(Outcome.items_reviewed).label("reviewed"),
            func.sum(points_milli()).label("quality_points"),
        )
        .group_by(Outcome.engagement_id)
        .subquery()
    )
    query = (
        select(
            Engagement.id,
            Engagement.specialist_id,
            Specialist.full_name,
            Engagement.skill_id,
            Engagement.starts_on,
            func.coalesce(sums.c.n, 0),
            func.coalesce(sums.c.reviewed, 0),
            func.coalesce(sums.c.quality_points, 0),
        )
        .select_from(Engagement)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .outerjoin(sums, sums.c.eid == Engagement.id)
        .where(Engagement.cycle_id == cycle_id, on_the_team())
        .order_by(Specialist.full_name, Engagement.id)
        .offset(offset)
        .limit(limit)
    )
    rows = [
        MemberOutcome(a, b, c, d, e, int(f), int(g), int(h)) for a, b, c, d, e, f, g, h in db.execute(query)
    ]
    return int(total or 0), rows


def outcome_by_continuity(db: Session, program_id: int) -> list[tuple[int, bool, int, int, int]]:
    """Per cycle of the program and per returning (worked the cycle before) or new: (cycle number,
    returning, people with outcomes, items reviewed, points in thousandths)."""
    before = aliased(Cycle)
    earlier = aliased(Engagement)
    returning = earlier.id.is_not(None)
    query = (
        select(
            Cycle.number,
            returning,
            func.count(func.distinct(Engagement.id)),
            func.sum(Outcome.items_reviewed),
            func.sum(points_milli()),
        )
        .select_from(Outcome)
        .join(Engagement, Engagement.id == Outcome.engagement_id)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .outerjoin(before, and_(before.program_id == Cycle.program_id, before.number == Cycle.number - 1))
        .outerjoin(earlier, worked_by(earlier, before.id, Engagement.specialist_id))
        .where(Cycle.program_id == program_id, on_the_team())
        .group_by(Cycle.number, returning)
        .order_by(Cycle.number)
    )
    return [(n, bool(r), int(p), int(i), int(pts)) for n, r, p, i, pts in db.execute(query)]


def engagement_dates(db: Session, ids: Collection[int]) -> Iterator[tuple[int, date, date | None]]:
    """(id, starts_on, withdrawn_on) of the engagements named, 5,000 ids to a query."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), 5_000):
        query = select(Engagement.id, Engagement.starts_on, Engagement.withdrawn_on).where(
            Engagement.id.in_(ordered[start : start + 5_000])
        )
        for row in db.execute(query):
            yield row.id, row.starts_on, row.withdrawn_on


def still_on_the_bench(db: Session, ids: Collection[int]) -> set[int]:
    """Which of these people are not offboarded."""
    found: set[int] = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        query = select(Specialist.id).where(
            Specialist.id.in_(ordered[start : start + CHUNK]), Specialist.status != "offboarded"
        )
        found.update(db.scalars(query))
    return found


ESTIMATE_COLUMNS = (
    "specialist_id",
    "skill_id",
    "quality_milli",
    "items",
    "outcomes",
    "last_reported_on",
    "as_of",
)
ESTIMATE_BATCH = 5_000


def replace_estimates(db: Session, rows: list[list[Any]], only: Collection[int] | None = None) -> None:
    """Store these estimates (``ESTIMATE_COLUMNS`` order) in place of the stored ones of the whole bench,
    or of ``only`` these people: deleted, then inserted as plain multi-row inserts."""
    if only is None:
        db.execute(delete(QualityEstimate))
    else:
        ids = sorted(only)
        for start in range(0, len(ids), CHUNK):
            db.execute(
                delete(QualityEstimate).where(QualityEstimate.specialist_id.in_(ids[start : start + CHUNK]))
            )
    for start in range(0, len(rows), ESTIMATE_BATCH):
        insert_plain(db, QualityEstimate, ESTIMATE_COLUMNS, rows[start : start + ESTIMATE_BATCH])


def stored_estimates(db: Session) -> list[tuple[int, str, int, int, int, date | None, date]]:
    """Every stored estimate, by person and skill (for checks and tests)."""
    query = select(*(QualityEstimate.__table__.c[name] for name in ESTIMATE_COLUMNS)).order_by(
        QualityEstimate.specialist_id, QualityEstimate.skill_id
    )
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]  # the selected columns are ESTIMATE_COLUMNS, in order


def specialists_of_engagements(db: Session, engagement_ids: Collection[int]) -> set[int]:
    return set(db.scalars(select(Engagement.specialist_id).where(Engagement.id.in_(list(engagement_ids)))))
