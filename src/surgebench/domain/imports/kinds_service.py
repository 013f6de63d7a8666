"""The kinds of CSV import, each stated once: its job kind, columns and template, how its rows are
checked (every problem, with line and column), how a clean file's write is prepared from a read of the
database, and how it is applied in the short writing transaction. The import job (``service``) runs any
of them the same way: all or nothing, with progress, leaving the same record."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import history_service as history
from surgebench.domain.engagements.record_schemas import EXAMPLE_ROWS as HISTORY_EXAMPLES
from surgebench.domain.engagements.record_schemas import HISTORY_COLUMNS
from surgebench.domain.imports import csv_schemas as csv_format
from surgebench.domain.jobs.registry_service import JobContext
from surgebench.domain.outcomes import upload_service as outcome_records
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import bulk_service as bulk
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS
from surgebench.lib.csv_files import RowError

T = TypeVar("T")
P = TypeVar("P")
Rows = Iterator[tuple[int, list[str]]]
Progress = Callable[[int], None]


class Stale(Exception):
    """What was prepared no longer matches the database (another writer got in): prepare again."""


@dataclass
class Checked(Generic[T]):
    """A file checked: how many rows, every problem, and (only when there is none) what to write."""

    rows: int
    errors: list[RowError]
    ready: T | None


@dataclass(frozen=True)
class CsvImport(Generic[T, P]):
    kind: str
    """The job kind (``jobs.kind``) and the outcome template's name."""
    title: str
    noun: str
    """What a row is, in the plural: "specialists", "engagements"."""
    columns: tuple[str, ...]
    examples: Sequence[Sequence[str]]
    """The template's example rows (a valid import on their own)."""
    check: Callable[[Session, Rows, Progress, date, JobContext], Checked[T]]
    """Check every row (the job's context says who asked and with which parameters: a client's upload
    is checked against that client's roster)."""
    prepare: Callable[[Session, T, Actor, datetime], P]
    """Work out the write from a read of the database (no write lock held)."""
    apply: Callable[[Session, P, Progress], dict[str, Any]]
    """Write what was prepared, in the writing transaction; ``Stale`` when the database moved on.
    Returns the outcome's counts."""


def _check_bench(db: Session, rows: Rows, progress: Progress, today: date, _job: JobContext) -> Checked[list]:
    checked = csv_format.check_rows(rows, skills.known_ids(db), progress)
    return Checked(checked.rows, checked.errors, checked.records if not checked.errors else None)


def _apply_bench(db: Session, plan: bulk.UpsertPlan, progress: Progress) -> dict[str, Any]:
    try:
        result = bulk.apply(db, plan, progress)
    except bulk.PlanIsStale as exc:
        raise Stale(str(exc)) from None
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def _check_history(
    db: Session, rows: Rows, progress: Progress, today: date, _job: JobContext
) -> Checked[history.CheckedHistory]:
    checked = history.check_rows(rows, skills.known_ids(db), progress)
    if checked.errors:
        return Checked(checked.rows, checked.errors, None)
    _resolved, errors = history.resolve(db, checked, today)
    return Checked(checked.rows, errors, checked if not errors else None)


def _prepare_history(
    db: Session, checked: history.CheckedHistory, actor: Actor, now: datetime
) -> tuple[history.ResolvedHistory, Actor, datetime]:
    resolved, errors = history.resolve(db, checked, now.date())
    if resolved is None:  # someone changed the record since the file was checked
        raise Stale(f"the record changed while the import was being prepared: {errors[0].message}")
    return resolved, actor, now


def _apply_history(
    db: Session, prepared: tuple[history.ResolvedHistory, Actor, datetime], progress: Progress
) -> dict[str, Any]:
    resolved, actor, now = prepared
    result = history.write(db, resolved, actor, now, now.date(), progress)
    return {
        "programs_created": result.programs_created,
        "cycles_created": result.cycles_created,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


BENCH_IMPORT: CsvImport = CsvImport(
    kind="specialist_import",
    title="Bench import",
    noun="specialists",
    columns=CSV_COLUMNS,
    examples=[csv_format.EXAMPLE_ROW],
    check=_check_bench,
    prepare=bulk.prepare,
    apply=_apply_bench,
)
HISTORY_IMPORT: CsvImport = CsvImport(
    kind="history_import",
    title="History import",
    noun="engagements",
    columns=HISTORY_COLUMNS,
    examples=HISTORY_EXAMPLES,
    check=_check_history,
    prepare=_prepare_history,
    apply=_apply_history,
)


def _check_outcomes(
    db: Session, rows: Rows, progress: Progress, today: date, _job: JobContext
) -> Checked[list]:
    count, found, errors = outcome_records.check_rows(db, rows, today, progress)
    return Checked(count, errors, found if not errors else None)


def _prepare_outcomes(db: Session, found: list, actor: Actor, now: datetime) -> tuple[list, Actor, date]:
    return found, actor, now.date()


def _apply_outcomes(db: Session, prepared: tuple[list, Actor, date], progress: Progress) -> dict[str, Any]:
    found, actor, today = prepared
    return outcome_records.write(db, found, actor, today)


OUTCOME_IMPORT: CsvImport = CsvImport(
    kind="outcome_import",
    title="Outcome import",
    noun="outcomes",
    columns=outcome_records.OUTCOME_COLUMNS,
    examples=outcome_records.EXAMPLE_ROWS,
    check=_check_outcomes,
    prepare=_prepare_outcomes,
    apply=_apply_outcomes,
)
"""Outcomes (program managers): engagement id, reported on, items reviewed and accepted, score, note;
new ones inserted, those of an engagement and day already recorded corrected (audited)."""
