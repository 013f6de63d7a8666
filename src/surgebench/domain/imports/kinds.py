"""The kinds of CSV import, each stated once: its job kind, columns and template, how its rows are
checked (every problem, with line and column) and how a clean file is written. The import job
(``service``) runs any of them the same way: all or nothing, with progress, leaving the same record."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import history
from surgebench.domain.engagements.records import EXAMPLE_ROWS as HISTORY_EXAMPLES
from surgebench.domain.engagements.records import HISTORY_COLUMNS
from surgebench.domain.imports import csv_format
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import bulk
from surgebench.domain.specialists.records import CSV_COLUMNS
from surgebench.lib.csv_files import RowError

T = TypeVar("T")
Rows = Iterator[tuple[int, list[str]]]
Progress = Callable[[int], None]


@dataclass
class Checked(Generic[T]):
    """A file checked: how many rows, every problem, and (only when there is none) what to write."""

    rows: int
    errors: list[RowError]
    ready: T | None


@dataclass(frozen=True)
class CsvImport(Generic[T]):
    kind: str
    """The job kind (``jobs.kind``) and the outcome template's name."""
    title: str
    noun: str
    """What a row is, in the plural: "specialists", "engagements"."""
    columns: tuple[str, ...]
    examples: Sequence[Sequence[str]]
    """The template's example rows (a valid import on their own)."""
    check: Callable[[Session, Rows, Progress], Checked[T]]
    write: Callable[[Session, Any, Actor, datetime, Progress], dict[str, Any]]
    """Write a clean file (or what ``prepare`` made of it); returns the outcome's counts."""
    prepare: Callable[[Session, T, Actor, datetime], Any] | None = None
    """Optional: work out the write from a read of the database, before the writing transaction, so
    others wait only while the rows are written. ``write`` then gets its result and raises
    ``bulk.PlanIsStale`` when the database changed in between (the import then prepares again)."""


def _check_bench(db: Session, rows: Rows, progress: Progress) -> Checked[list]:
    checked = csv_format.check_rows(rows, skills.known_ids(db), progress)
    return Checked(checked.rows, checked.errors, checked.records if not checked.errors else None)


def _prepare_bench(db: Session, records: list, actor: Actor, now: datetime) -> bulk.UpsertPlan:
    return bulk.prepare(db, records, actor, now)


def _write_bench(
    db: Session, plan: bulk.UpsertPlan, actor: Actor, now: datetime, progress: Progress
) -> dict[str, Any]:
    result = bulk.apply(db, plan, progress)
    return {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}


def _check_history(db: Session, rows: Rows, progress: Progress) -> Checked[history.ResolvedHistory]:
    checked = history.check_rows(rows, skills.known_ids(db), progress)
    if checked.errors:
        return Checked(checked.rows, checked.errors, None)
    resolved, errors = history.resolve(db, checked)
    return Checked(checked.rows, errors, resolved)


def _write_history(
    db: Session, resolved: history.ResolvedHistory, actor: Actor, now: datetime, progress: Progress
) -> dict[str, Any]:
    result = history.write(db, resolved, actor, now, now.date(), progress)
    return {
        "programs_created": result.programs_created,
        "cycles_created": result.cycles_created,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


BENCH_IMPORT: CsvImport[list] = CsvImport(
    kind="specialist_import",
    title="Bench import",
    noun="specialists",
    columns=CSV_COLUMNS,
    examples=[csv_format.EXAMPLE_ROW],
    check=_check_bench,
    write=_write_bench,
    prepare=_prepare_bench,
)
HISTORY_IMPORT: CsvImport[history.ResolvedHistory] = CsvImport(
    kind="history_import",
    title="History import",
    noun="engagements",
    columns=HISTORY_COLUMNS,
    examples=HISTORY_EXAMPLES,
    check=_check_history,
    write=_write_history,
)
