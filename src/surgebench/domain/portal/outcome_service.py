"""A lab's own outcomes: its users enter and correct what they measured of the people on their approved
rosters, once the cycle has begun — on the page, through the API and by CSV upload alike.

A row is named by its **roster entry**: its place (1 …) in the roster's default listing (by display name,
nothing filtered; the roster API's ``entry_id`` when asked with no filter or sort), never by a record id.
The page's form, the API (optionally) and the upload (always) also give the entry's display name (and the
upload its role), so a roster that changed since it was read is refused, never written to the wrong
person. Every write goes through the outcomes service with the client user as the actor (audited; an
outcome already recorded for the day is corrected). A cycle of another client, one not approved or not
begun, and an entry past the roster's end all get the answer a missing one gets (404). What a client sees
of an outcome is what the lab measured: never who typed it, nor any estimate of the person."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports.kinds_service import Checked, CsvImport, Progress, Rows
from surgebench.domain.jobs.errors import JobFailed
from surgebench.domain.jobs.registry_service import JobContext
from surgebench.domain.outcomes import repository as outcomes_repository
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.outcomes import upload_service as uploads
from surgebench.domain.outcomes.errors import InvalidOutcome
from surgebench.domain.outcomes.repository import OutcomeRow
from surgebench.domain.portal import repository
from surgebench.domain.portal.errors import NotYours
from surgebench.domain.portal.repository import ClientCycle, RosterEntry
from surgebench.domain.portal.schemas import not_yours
from surgebench.lib.csv_files import RowError, format_rows, row_by_column
from surgebench.lib.fields import FieldInvalid, parse_whole
from surgebench.lib.principal import Principal

UPLOAD_COLUMNS = ("entry_id", "display_name", "role", *outcomes.FIELDS)
"""The client's outcome file: the entry, what the client sees of it (checked), then the outcome."""
TEMPLATE_BATCH = 1_000


@dataclass(frozen=True)
class ClientOutcome:
    """An outcome as its lab sees it: what was measured, no record id, not who entered it."""

    reported_on: date
    items_reviewed: int
    items_accepted: int
    score_milli: int | None
    note: str
    rate_milli: int
    """The outcome's quality: the score when given, else accepted ÷ reviewed (thousandths)."""

    @classmethod
    def of(cls, o: OutcomeRow) -> ClientOutcome:
        return cls(o.reported_on, o.items_reviewed, o.items_accepted, o.score_milli, o.note, o.rate_milli)

    def editable(self) -> dict[str, Any]:
        """The form's values for a correction."""
        score = None if self.score_milli is None else f"{self.score_milli / 1000:.3f}"
        return {
            "reported_on": self.reported_on,
            "items_reviewed": self.items_reviewed,
            "items_accepted": self.items_accepted,
            "score": score,
            "note": self.note,
        }


@dataclass(frozen=True)
class EntryOutcomes:
    entry: RosterEntry
    outcomes: list[ClientOutcome]

    @property
    def items(self) -> int:
        return sum(o.items_reviewed for o in self.outcomes)

    @property
    def rate_milli(self) -> int | None:
        """All its outcomes in one figure: Σ (quality × items reviewed) ÷ Σ items reviewed, half up."""
        if not self.items:
            return None
        points = sum(o.rate_milli * o.items_reviewed for o in self.outcomes)
        return (2 * points + self.items) // (2 * self.items)


@dataclass(frozen=True)
class OutcomeSheet:
    cycle: ClientCycle
    entries: list[EntryOutcomes]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Saved:
    entry: EntryOutcomes
    outcome: ClientOutcome
    change: outcomes.Change


def _client(principal: Principal) -> int:
    assert principal.client_id is not None, "client routes are guarded to client users"
    return principal.client_id


def reportable_cycle(db: Session, client_id: int, cycle_id: int, today: date) -> ClientCycle:
    """One of the client's cycles whose roster is approved and has begun; any other is not there."""
    found = repository.cycle(db, client_id, cycle_id)
    if found is None or not found.takes_outcomes(today):
        raise not_yours("cycle", cycle_id)
    return found


def cycle(db: Session, principal: Principal, cycle_id: int, today: date) -> ClientCycle:
    return reportable_cycle(db, _client(principal), cycle_id, today)


def _with_outcomes(db: Session, rows: list[tuple[RosterEntry, int]]) -> list[EntryOutcomes]:
    found = outcomes_repository.of_engagements(db, [eid for _e, eid in rows])
    return [EntryOutcomes(e, [ClientOutcome.of(o) for o in found.get(eid, [])]) for e, eid in rows]


def sheet(
    db: Session, principal: Principal, cycle_id: int, page: int, per_page: int, today: date
) -> OutcomeSheet:
    """A page of the roster's entries (default listing) with their outcomes."""
    c = cycle(db, principal, cycle_id, today)
    rows = list(repository.entries_with_engagements(db, c, (page - 1) * per_page, per_page))
    return OutcomeSheet(c, _with_outcomes(db, rows), repository.roster_size(db, c), page, per_page)


def _entry(db: Session, c: ClientCycle, entry_id: int) -> tuple[RosterEntry, int]:
    found = next(repository.entries_with_engagements(db, c, entry_id - 1, 1), None) if entry_id >= 1 else None
    if found is None:
        raise not_yours(f"entry {entry_id} on the roster of cycle", c.number)
    return found


def entry(db: Session, principal: Principal, cycle_id: int, entry_id: int, today: date) -> EntryOutcomes:
    c = cycle(db, principal, cycle_id, today)
    return _with_outcomes(db, [_entry(db, c, entry_id)])[0]


def enter(
    db: Session, principal: Principal, cycle_id: int, entry_id: int, raw: Mapping[str, Any], today: date
) -> Saved:
    """Report the outcome of an entry on a day, or correct the one that day already has (audited, the
    client user as the actor). ``display_name``, when given, must be the entry's (else the roster changed
    since it was read: nothing is written)."""
    c = cycle(db, principal, cycle_id, today)
    e, engagement_id = _entry(db, c, entry_id)
    expected = raw.get("display_name")
    if expected not in (None, "") and expected != e.display_name:
        raise InvalidOutcome(
            f"Entry {entry_id} is {e.display_name} now, not {expected}: the roster changed since you "
            "read it. Nothing was saved; open it again.",
            fields={"display_name": f"entry {entry_id} is {e.display_name}, not {expected}"},
        )
    values = {name: raw.get(name) for name in outcomes.FIELDS}
    row, change = outcomes.report_or_correct(db, Actor.of(principal), engagement_id, values, today)
    return Saved(_with_outcomes(db, [(e, engagement_id)])[0], ClientOutcome.of(row), change)


# --- the CSV upload: a kind of import (``imports.kinds_service``), run as a job like every other ---------


def template(
    engine: Engine, db: Session, principal: Principal, cycle_id: int, today: date
) -> tuple[str, Iterator[bytes]]:
    """The file to fill in, and its name: the header and one row per entry of the roster (its entry,
    display name and role), the outcome's cells empty. The cycle is checked in the request's transaction;
    the rows are streamed afterwards from a read of their own."""
    c = cycle(db, principal, cycle_id, today)
    return f"outcomes-{c.model}-cycle{c.number}.csv", _template(engine, c)


def _template(engine: Engine, c: ClientCycle) -> Iterator[bytes]:
    yield format_rows([dict(zip(UPLOAD_COLUMNS, UPLOAD_COLUMNS, strict=True))], UPLOAD_COLUMNS)
    with unit_of_work(engine, writes=False) as db:
        batch: list[dict[str, Any]] = []
        for e, _eid in repository.entries_with_engagements(db, c):
            batch.append({"entry_id": e.entry, "display_name": e.display_name, "role": e.role})
            if len(batch) == TEMPLATE_BATCH:
                yield _blank_outcomes(batch)
                batch = []
        if batch:
            yield _blank_outcomes(batch)


def _blank_outcomes(rows: list[dict[str, Any]]) -> bytes:
    return format_rows([{**row, **dict.fromkeys(outcomes.FIELDS)} for row in rows], UPLOAD_COLUMNS)


@dataclass(frozen=True)
class CheckedUpload:
    cycle: ClientCycle
    engagements: dict[int, int]
    """Entry → the engagement it stood for when the file was checked."""
    records: list[uploads.OutcomeRecord]
    skipped: int


def upload_params(principal: Principal, cycle_id: int) -> dict[str, int]:
    """The upload job's parameters: whose and which cycle (from the signed-in client, never the file)."""
    return {"client_id": _client(principal), "cycle_id": cycle_id}


def _check_upload(
    db: Session, rows: Rows, progress: Progress, today: date, job: JobContext
) -> Checked[CheckedUpload]:
    """Every row against the client's roster as it is now: the entry exists, its display name and role
    are the file's, and the outcome keeps the outcome rules. A row whose outcome cells are all empty (as
    the template comes) is skipped."""
    try:
        c = reportable_cycle(db, job.params["client_id"], job.params["cycle_id"], today)
    except NotYours as exc:
        raise JobFailed(f"{exc.message} Nothing was written.") from None
    roster = dict(_entries(db, c))
    errors: list[RowError] = []
    records: list[uploads.OutcomeRecord] = []
    used: dict[int, int] = {}
    seen: dict[tuple[int, date], int] = {}
    count = skipped = 0
    for count, (line, cells) in enumerate(rows, start=1):
        if count % uploads.PROGRESS_EVERY == 0:
            progress(count)
        values = row_by_column(line, cells, UPLOAD_COLUMNS)
        if isinstance(values, RowError):  # the wrong number of cells
            errors.append(values)
            continue
        if not any(values[name].strip() for name in outcomes.FIELDS):
            skipped += 1
            continue
        found, problems = _entry_of_row(line, values, roster)
        errors.extend(problems)
        facts = None if found is None else uploads.EngagementFacts(found[1], found[0].starts_on, None)
        named = f"entry {found[0].entry}" if found else "this entry"
        record, problems = uploads.check_record(line, facts, values, today, seen, named)
        errors.extend(problems)
        if record is not None and found is not None:
            records.append(record)
            used[found[0].entry] = found[1]
    errors.sort(key=lambda e: (e.line, UPLOAD_COLUMNS.index(e.column) if e.column in UPLOAD_COLUMNS else -1))
    if count and not errors and not records:
        raise JobFailed(f"None of the {count} rows has an outcome filled in, so nothing was written.")
    ready = CheckedUpload(c, used, records, skipped) if not errors else None
    return Checked(count, errors, ready)


def _entries(db: Session, c: ClientCycle) -> Iterator[tuple[int, tuple[RosterEntry, int]]]:
    for e, eid in repository.entries_with_engagements(db, c):
        yield e.entry, (e, eid)


def _entry_of_row(
    line: int, values: Mapping[str, str], roster: Mapping[int, tuple[RosterEntry, int]]
) -> tuple[tuple[RosterEntry, int] | None, list[RowError]]:
    try:
        number = parse_whole(values["entry_id"], 1, 2**31 - 1, "an entry of the roster")
    except FieldInvalid as exc:
        return None, [RowError(line, "entry_id", str(exc))]
    found = roster.get(number)
    if found is None:
        return None, [
            RowError(line, "entry_id", f"the roster has no entry {number} (it has {len(roster):,} entries)")
        ]
    e = found[0]
    problems = [
        RowError(line, column, f"entry {number} is {shown!r}, not {values[column].strip()!r}: {STALE_HINT}")
        for column, shown in (("display_name", e.display_name), ("role", e.role))
        if values[column].strip() != shown
    ]
    return (None if problems else found), problems


STALE_HINT = "the roster changed since the file was made; download the template again"


def _prepare_upload(
    db: Session, checked: CheckedUpload, actor: Actor, now: datetime
) -> tuple[CheckedUpload, Actor, date]:
    """The entries the file names must still stand for the people they stood for when it was checked
    (preparing again cannot help when they do not: the file itself is out of date)."""
    now_standing = {e.entry: eid for e, eid in repository.entries_with_engagements(db, checked.cycle)}
    moved = [entry for entry, eid in checked.engagements.items() if now_standing.get(entry) != eid]
    if moved:
        shown = ", ".join(map(str, sorted(moved)[:10]))
        raise JobFailed(
            f"Entries {shown} moved on the roster while the file was checked, so nothing was "
            f"written: {STALE_HINT}."
        )
    return checked, actor, now.date()


def _apply_upload(
    db: Session, prepared: tuple[CheckedUpload, Actor, date], progress: Progress
) -> dict[str, Any]:
    checked, actor, today = prepared
    return {**uploads.write(db, checked.records, actor, today), "skipped": checked.skipped}


CLIENT_OUTCOME_IMPORT: CsvImport = CsvImport(
    kind="client_outcome_import",
    title="Outcome upload",
    noun="outcomes",
    columns=UPLOAD_COLUMNS,
    examples=(),
    check=_check_upload,
    prepare=_prepare_upload,
    apply=_apply_upload,
)
"""A client's outcomes for one of its cycles (job parameters ``client_id``, ``cycle_id``: set by the
upload route from the signed-in client, never from the request), keyed by roster entry."""
