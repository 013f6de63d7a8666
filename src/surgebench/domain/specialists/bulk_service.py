"""Fast bulk upsert of specialist records by e-mail (ignoring case), for imports of any size.

Work goes in batches: one query finds which e-mails already exist (with their skills and languages),
then plain multi-row INSERTs / UPDATEs by primary key write the batch, its skills and languages, and its
audit entries. Nothing here commits: the caller's unit of work makes the whole upsert one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from surgebench.domain.audit.service import Actor, entry, record_many
from surgebench.domain.specialists import bulk_repository
from surgebench.domain.specialists.record_schemas import SpecialistRecord

BATCH = 5_000
"""Records per round trip (well under both engines' bound-parameter limits per statement)."""


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
    skills, languages, rows = bulk_repository.states_of(db, ids)
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
        seen = bulk_repository.seen(db, [r.email_key for r in batch])
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
        if bulk_repository.seen(db, chunk) != {k: plan.seen[k] for k in chunk if k in plan.seen}:
            raise PlanIsStale("the bench changed while the import was being prepared")
    done = 0
    for start in range(0, len(plan.new), BATCH):
        batch = plan.new[start : start + BATCH]
        ids = bulk_repository.insert(db, [r for r, _c in batch], plan.now)
        record_many(
            db,
            [
                entry(plan.actor, plan.now, "create", "specialist", sid, changes)
                for sid, (_r, changes) in zip(ids, batch, strict=True)
            ],
        )
        done += len(batch)
        if on_progress is not None:
            on_progress(done)
    for start in range(0, len(plan.changed), BATCH):
        batch = plan.changed[start : start + BATCH]
        bulk_repository.update(db, batch, plan.now)
        record_many(db, [entry(plan.actor, plan.now, "update", "specialist", sid, c) for sid, _r, c in batch])
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


def _created(record: SpecialistRecord) -> dict[str, list[Any]]:
    return {field: [None, value] for field, value in state_of_record(record).items()}
