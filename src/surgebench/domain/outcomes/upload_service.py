"""Outcomes from CSV, with the import's rules: every row checked (its fields, its engagement, one row per
engagement and day), every problem named with line and column, and only a clean file written — new
outcomes inserted, ones already recorded for that engagement and day corrected (audited), in one
transaction. A client's upload may only name engagements on its own approved rosters
(``allowed_engagements``); any other id is refused as unknown, never confirmed to exist."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Outcome
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.outcomes import estimate_service as estimate
from surgebench.domain.outcomes import repository
from surgebench.domain.outcomes.service import FIELDS, check_fields
from surgebench.lib.csv_files import RowError, row_by_column
from surgebench.lib.fields import FieldInvalid, parse_whole

OUTCOME_COLUMNS = ("engagement_id", *FIELDS)
EXAMPLE_ROWS = (
    ("1", "2026-02-27", "120", "108", "", "SFT batch 4"),
    ("1", "2026-03-27", "200", "170", "0.860", ""),
)
PROGRESS_EVERY = 5_000


@dataclass(frozen=True)
class OutcomeRecord:
    line: int
    engagement_id: int
    values: dict[str, Any]
    """reported_on, items_reviewed, items_accepted, score_milli, note."""


@dataclass(frozen=True)
class EngagementFacts:
    """What an outcome's checks read of its engagement."""

    id: int
    starts_on: date
    withdrawn_on: date | None


def engagement_facts(db: Session, ids: Collection[int]) -> dict[int, EngagementFacts]:
    return {eid: EngagementFacts(eid, s, w) for eid, s, w in repository.engagement_dates(db, ids)}


def check_record(
    line: int,
    engagement: EngagementFacts | None,
    raw: Mapping[str, Any],
    today: date,
    seen: dict[tuple[int, date], int],
    named: str,
) -> tuple[OutcomeRecord | None, list[RowError]]:
    """One row's outcome fields, against its engagement (None: the row names none it may report on) and
    the rows before it (``seen``: one row per engagement and day). ``named``: how messages name the
    engagement ("engagement 12", "entry 3")."""
    values, problems = check_fields(raw, engagement, today)  # type: ignore[arg-type]  # EngagementFacts has every field check_fields reads
    errors = [RowError(line, column, message) for column, message in problems.items()]
    if problems or engagement is None:
        return None, errors
    key = (engagement.id, values["reported_on"])
    earlier = seen.setdefault(key, line)
    if earlier != line:
        return None, [RowError(line, "reported_on", f"{named} on {key[1]} is already on line {earlier}")]
    return OutcomeRecord(line, engagement.id, values), []


def check_rows(
    db: Session,
    rows: Iterable[tuple[int, list[str]]],
    today: date,
    on_progress: Callable[[int], None] | None = None,
    allowed_engagements: Callable[[Session, Collection[int]], set[int]] | None = None,
) -> tuple[int, list[OutcomeRecord], list[RowError]]:
    """How many rows, the clean records, and every problem with its line and column."""
    parsed: list[tuple[int, int | None, dict[str, str]]] = []
    errors: list[RowError] = []
    count = 0
    for count, (line, cells) in enumerate(rows, start=1):
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
        values = row_by_column(line, cells, OUTCOME_COLUMNS)
        if isinstance(values, RowError):  # the wrong number of cells
            errors.append(values)
            continue
        try:
            eid: int | None = parse_whole(values["engagement_id"], 1, 2**31 - 1, "an engagement id")
        except FieldInvalid as exc:
            errors.append(RowError(line, "engagement_id", str(exc)))
            eid = None
        parsed.append((line, eid, values))
    ids = {eid for _line, eid, _v in parsed if eid is not None}
    facts = engagement_facts(db, ids)
    if allowed_engagements is not None:
        allowed = allowed_engagements(db, ids)
        facts = {eid: f for eid, f in facts.items() if eid in allowed}
    records: list[OutcomeRecord] = []
    seen: dict[tuple[int, date], int] = {}
    for line, eid, raw in parsed:
        engagement = facts.get(eid) if eid is not None else None
        if eid is not None and engagement is None:
            errors.append(RowError(line, "engagement_id", f"there is no engagement {eid} you can report on"))
        record, problems = check_record(line, engagement, raw, today, seen, f"engagement {eid}")
        errors.extend(problems)
        if record is not None:
            records.append(record)
    errors.sort(
        key=lambda e: (e.line, OUTCOME_COLUMNS.index(e.column) if e.column in OUTCOME_COLUMNS else -1)
    )
    return count, records, errors


def write(db: Session, records: list[OutcomeRecord], actor: Actor, today: date) -> dict[str, int]:
    """Insert the new outcomes and correct the ones recorded for the same engagement and day (each
    change audited), then store the estimates of the people whose outcomes changed as of ``today``;
    counts of created, updated and unchanged."""
    existing = repository.existing(db, [(r.engagement_id, r.values["reported_on"]) for r in records])
    created = updated = unchanged = 0
    touched: set[int] = set()
    for r in records:
        current = existing.get((r.engagement_id, r.values["reported_on"]))
        if current is None:
            outcome = Outcome(
                engagement_id=r.engagement_id,
                reported_by_id=actor.user_id,
                reported_by=actor.label,
                **r.values,
            )
            db.add(outcome)
            db.flush()
            record(db, actor, "create", "outcome", outcome.id, {k: [None, v] for k, v in r.values.items()})
            created += 1
            touched.add(r.engagement_id)
            continue
        changed = {k: [getattr(current, k), v] for k, v in r.values.items() if getattr(current, k) != v}
        if not changed:
            unchanged += 1
            continue
        for name, (_old, new) in changed.items():
            setattr(current, name, new)
        current.reported_by_id, current.reported_by = actor.user_id, actor.label
        record(db, actor, "correct", "outcome", current.id, changed)
        updated += 1
        touched.add(r.engagement_id)
    db.flush()
    if touched:
        estimate.refresh(db, today, repository.specialists_of_engagements(db, touched))
    return {"created": created, "updated": updated, "unchanged": unchanged}
