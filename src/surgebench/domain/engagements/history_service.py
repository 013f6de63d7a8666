"""The history import's rules and its write: years of past cycles brought in from a CSV, all or nothing.

Checking comes in two passes that both collect every problem with its line and column: the file on its
own (``check_rows``: each row's fields and dates, one person once per cycle, one description per cycle,
a program's cycles in date order without overlap), then against the database (``resolve``: known
people and clients, cycles already recorded described the same way, new cycles fitting between the
recorded ones). Only a file without a single problem is written (``write``): missing models, programs
and cycles are created, engagements are upserted by (cycle, person) and every change is audited."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Cycle
from surgebench.domain.audit.service import Actor, entry, record, record_many
from surgebench.domain.clients import repository as clients
from surgebench.domain.engagements import repository
from surgebench.domain.engagements.record_schemas import (
    HISTORY_COLUMNS,
    CycleKey,
    HistoryRecord,
    parse_history_row,
)
from surgebench.domain.programs import repository as programs
from surgebench.domain.programs.service import ensure_program
from surgebench.lib.csv_files import RowError, row_by_column

PROGRESS_EVERY = 5_000
WRITE_BATCH = 5_000


@dataclass
class CheckedHistory:
    records: list[HistoryRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0


@dataclass(frozen=True)
class CycleFacts:
    """How the file describes one cycle, and the first line that does."""

    model_version: str
    starts_on: date
    ends_on: date
    line: int


def check_rows(
    rows: Iterable[tuple[int, list[str]]],
    known_skills: Collection[str],
    on_progress: Callable[[int], None] | None = None,
) -> CheckedHistory:
    """Every row's own rules, then the file's: one person once per cycle, every row of a cycle giving the
    same version and dates, a program's cycles following each other in time."""
    checked = CheckedHistory()
    seen: dict[tuple[CycleKey, str], int] = {}
    cycles: dict[CycleKey, CycleFacts] = {}
    for index, (line, cells) in enumerate(rows, start=1):
        checked.rows = index
        if on_progress is not None and index % PROGRESS_EVERY == 0:
            on_progress(index)
        values = row_by_column(line, cells, HISTORY_COLUMNS)
        if isinstance(values, RowError):  # the wrong number of cells
            checked.errors.append(values)
            continue
        record_, problems = parse_history_row(line, values, known_skills)
        checked.errors += [RowError(line, column, message) for column, message in problems.items()]
        if record_ is None:
            continue
        earlier = seen.setdefault((record_.cycle, record_.email_key), line)
        if earlier != line:
            checked.errors.append(
                RowError(
                    line,
                    "email",
                    f"{record_.email_key} is already on line {earlier} "
                    f"for {record_.cycle}: a person works a cycle once",
                )
            )
            continue
        facts = CycleFacts(record_.model_version, record_.cycle_starts_on, record_.cycle_ends_on, line)
        described = cycles.setdefault(record_.cycle, facts)
        if described is not facts:
            problem = _described_differently(record_.cycle, described, facts, f"on line {described.line}")
            if problem:
                checked.errors.append(RowError(line, *problem))
                continue
        checked.records.append(record_)
    checked.errors += _out_of_order(cycles, {})
    if checked.errors:
        checked.records = []
    return checked


def _described_differently(
    key: CycleKey, known: CycleFacts | Cycle, row: CycleFacts, where: str
) -> tuple[str, str] | None:
    for column, mine, theirs in (
        ("model_version", row.model_version, known.model_version),
        ("cycle_starts_on", row.starts_on, known.starts_on),
        ("cycle_ends_on", row.ends_on, known.ends_on),
    ):
        if mine != theirs:
            return column, (
                f"{key} is {theirs} {where}, this row says {mine} "
                "(every row of a cycle must describe it the same way)"
            )
    return None


def _out_of_order(
    new: dict[CycleKey, CycleFacts], recorded: dict[tuple[str, str], list[Cycle]]
) -> list[RowError]:
    """Each new cycle must end before the next-numbered cycle of its program starts (new or recorded)."""
    by_program: dict[tuple[str, str], list[tuple[int, date, date, int | None]]] = defaultdict(list)
    for key, facts in new.items():
        by_program[(key.client, key.model)].append((key.number, facts.starts_on, facts.ends_on, facts.line))
    errors = []
    for program, cycles in by_program.items():
        known_numbers = {number for number, *_rest in cycles}
        cycles += [
            (c.number, c.starts_on, c.ends_on, None)
            for c in recorded.get(program, [])
            if c.number not in known_numbers
        ]
        cycles.sort()
        for (n1, s1, e1, line1), (n2, s2, e2, line2) in zip(cycles, cycles[1:], strict=False):
            if e1 < s2:
                continue
            line = line2 if line2 is not None else line1
            where = "in the file" if line1 is not None and line2 is not None else "as recorded"
            errors.append(
                RowError(
                    line or 0,
                    "cycle_starts_on" if line == line2 else "cycle_ends_on",
                    f"cycle {n1} of {program[0]}/{program[1]} ({s1} to {e1}) and cycle {n2} "
                    f"({s2} to {e2}) overlap or are out of order ({where}): a program's "
                    "cycles follow each other",
                )
            )
    return errors


@dataclass(frozen=True)
class ResolvedHistory:
    """A checked file with its people, clients and recorded cycles looked up."""

    records: list[HistoryRecord]
    specialist_ids: dict[str, int]
    client_ids: dict[str, int]
    cycles: dict[CycleKey, Cycle]
    """The cycles already recorded that the file names."""


def _live_roster(key: CycleKey, status: str) -> str:
    return (
        f"{key} is {status}: its roster changes only through the surge flow, checked like an approval "
        "(add people by re-planning the request, take them off with Remove on its page); history import "
        "is for cycles that have closed"
    )


def resolve(
    db: Session, checked: CheckedHistory, today: date
) -> tuple[ResolvedHistory | None, list[RowError]]:
    """Look up the file's people, clients and cycles; every row naming something unknown or contradicting
    the record is an error. A row may add to or change only a closed cycle's engagements (or bring in a
    cycle not yet recorded that has started, once, when a vendor starts using surgebench): the roster
    of a planned, staffed or active cycle is written by approving a plan, and an unchanged row for one
    is let through so re-importing a file changes nothing."""
    records = checked.records
    people = repository.specialist_ids_by_email(db, {r.email_key for r in records})
    client_ids = clients.ids_by_slug(db)
    errors = []
    for r in records:
        if r.email_key not in people:
            errors.append(
                RowError(
                    r.line,
                    "email",
                    f"no specialist on the bench has the e-mail {r.email_key} (import the bench first)",
                )
            )
        if r.cycle.client not in client_ids:
            errors.append(RowError(r.line, "client", f"unknown client {r.cycle.client!r}"))
    recorded_programs = {}
    for client, model in {(r.cycle.client, r.cycle.model) for r in records if r.cycle.client in client_ids}:
        program = programs.program_of_model(db, client_ids[client], model)
        if program is not None:
            recorded_programs[(client, model)] = program.id
    recorded: dict[tuple[str, str], list[Cycle]] = defaultdict(list)
    by_program = {pid: key for key, pid in recorded_programs.items()}
    for cycle in repository.cycles_of_programs(db, list(by_program)):
        recorded[by_program[cycle.program_id]].append(cycle)
    existing = {CycleKey(*program, c.number): c for program, cycles in recorded.items() for c in cycles}
    new: dict[CycleKey, CycleFacts] = {}
    live = [c.id for c in existing.values() if c.status != "closed"]
    on_live_rosters = repository.existing_in_cycles(db, live) if live else {}
    for r in records:
        facts = CycleFacts(r.model_version, r.cycle_starts_on, r.cycle_ends_on, r.line)
        if r.cycle in existing:
            cycle = existing[r.cycle]
            problem = _described_differently(r.cycle, cycle, facts, "in the record")
            if problem:
                errors.append(RowError(r.line, *problem))
            elif cycle.status != "closed" and r.email_key in people:
                found = on_live_rosters.get((cycle.id, people[r.email_key]))
                values = _values(r, cycle, today)
                if found is None or any(getattr(found, k) != v for k, v in values.items()):
                    errors.append(RowError(r.line, "cycle", _live_roster(r.cycle, cycle.status)))
        elif r.cycle_starts_on > today:
            errors.append(
                RowError(
                    r.line,
                    "cycle_starts_on",
                    f"{r.cycle} starts on {r.cycle_starts_on}, after today: a cycle still to come is staffed "
                    "by a surge request (request → plan → approve), not imported",
                )
            )
        else:
            new.setdefault(r.cycle, facts)
    errors += _out_of_order(new, recorded)
    if errors:
        return None, sorted(errors, key=lambda e: (e.line, e.column or ""))
    return ResolvedHistory(records, people, client_ids, existing), []


@dataclass(frozen=True)
class HistoryResult:
    programs_created: int
    cycles_created: int
    created: int
    updated: int
    unchanged: int


def cycle_status_on(starts_on: date, ends_on: date, today: date) -> str:
    """A cycle brought in from history is closed once it has ended, active while it runs, else planned."""
    if ends_on < today:
        return "closed"
    return "active" if starts_on <= today else "planned"


def write(
    db: Session,
    resolved: ResolvedHistory,
    actor: Actor,
    now: datetime,
    today: date,
    on_progress: Callable[[int], None] | None = None,
) -> HistoryResult:
    """Create what is missing, upsert every engagement by (cycle, person), audit each change."""
    cycles = dict(resolved.cycles)
    program_ids: dict[tuple[str, str], int] = {}
    programs_created = cycles_created = 0
    for r in resolved.records:
        key = r.cycle
        if key in cycles:
            continue
        program_key = (key.client, key.model)
        if program_key not in program_ids:
            existed = programs.program_of_model(db, resolved.client_ids[key.client], key.model)
            program = ensure_program(db, resolved.client_ids[key.client], key.model)
            program_ids[program_key] = program.id
            programs_created += existed is None
        cycle = Cycle(
            program_id=program_ids[program_key],
            number=key.number,
            model_version=r.model_version,
            starts_on=r.cycle_starts_on,
            ends_on=r.cycle_ends_on,
            status=cycle_status_on(r.cycle_starts_on, r.cycle_ends_on, today),
        )
        db.add(cycle)
        db.flush()
        record(
            db,
            actor,
            "create",
            "cycle",
            cycle.id,
            {"cycle": [None, str(key)], "status": [None, cycle.status], "source": [None, "history import"]},
        )
        cycles[key] = cycle
        cycles_created += 1
    existing = repository.existing_in_cycles(db, sorted({c.id for c in cycles.values()}))
    created = updated = unchanged = 0
    for start in range(0, len(resolved.records), WRITE_BATCH):
        batch = resolved.records[start : start + WRITE_BATCH]
        inserts, updates, audits = [], [], []
        for r in batch:
            cycle = cycles[r.cycle]
            sid = resolved.specialist_ids[r.email_key]
            values = _values(r, cycle, today)
            found = existing.get((cycle.id, sid))
            if found is None:
                inserts.append(
                    {
                        "cycle_id": cycle.id,
                        "specialist_id": sid,
                        "created_at": now,
                        "updated_at": now,
                        **values,
                    }
                )
                continue
            changes = {k: [getattr(found, k), v] for k, v in values.items() if getattr(found, k) != v}
            if not changes:
                unchanged += 1
                continue
            updates.append({"id": found.id, "updated_at": now, **values})
            audits.append(_audit(actor, now, "update", found.id, changes))
        if inserts:
            repository.insert_many(db, inserts)
            new_ids = repository.ids_of(db, [(row["cycle_id"], row["specialist_id"]) for row in inserts])
            audits += [
                _audit(
                    actor,
                    now,
                    "create",
                    new_ids[(row["cycle_id"], row["specialist_id"])],
                    {k: [None, row[k]] for k in _AUDITED},
                )
                for row in inserts
            ]
        if updates:
            repository.update_many(db, updates)
        record_many(db, audits)
        created, updated = created + len(inserts), updated + len(updates)
        if on_progress is not None:
            on_progress(start + len(batch))
    return HistoryResult(programs_created, cycles_created, created, updated, unchanged)


_AUDITED = (
    "cycle_id",
    "specialist_id",
    "skill_id",
    "level",
    "weekly_hours",
    "starts_on",
    "ends_on",
    "reported_quality_milli",
)


def _values(r: HistoryRecord, cycle: Cycle, today: date) -> dict[str, Any]:
    ends_on = r.ends_on if r.ends_on is not None or cycle.ends_on >= today else cycle.ends_on
    return {
        "skill_id": r.skill,
        "level": r.level,
        "weekly_hours": r.weekly_hours,
        "starts_on": r.starts_on,
        "ends_on": ends_on,
        "reported_quality_milli": r.reported_quality_milli,
    }


def _audit(
    actor: Actor, now: datetime, action: str, engagement_id: int, changes: dict[str, Any]
) -> list[Any]:
    plain = {k: [v.isoformat() if isinstance(v, date) else v for v in pair] for k, pair in changes.items()}
    return entry(actor, now, action, "engagement", engagement_id, plain)
