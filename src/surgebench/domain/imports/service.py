"""Importing the bench from CSV, all or nothing: every row is checked first, and only a file without a
single problem is written, in one transaction. Checking, and comparing the file with the bench, happen
before that transaction, so others are kept waiting only while the rows are written; two instances
importing overlapping files take turns and each re-reads what the other wrote. Runs as a
``specialist_import`` job, so the page, the API, the background runner and the benchmark all go through
the same code and leave the same record."""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from surgebench.db.base import utcnow
from surgebench.db.orm import Job
from surgebench.db.session import take_turn, unit_of_work
from surgebench.domain.audit import service as audit
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import csv_format
from surgebench.domain.imports.csv_format import FileUnreadable
from surgebench.domain.imports.errors import NoFileUploaded
from surgebench.domain.jobs import repository as jobs_repository
from surgebench.domain.jobs import service as jobs
from surgebench.domain.jobs.errors import JobFailed
from surgebench.domain.jobs.registry import JobContext
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import bulk

log = logging.getLogger("surgebench.imports")

KIND = "specialist_import"
INLINE_MAX_ROWS = 2_000
"""Files with at most this many lines may be imported within the request (same job, same code)."""
WRITE_ATTEMPTS = 3
"""Prepare-then-apply tries before the import prepares under the write lock (which always succeeds)."""
MAX_LISTED_ERRORS = 1_000
"""The outcome lists this many bad rows at most, then says how many more there are."""


def start_import(engine: Engine, actor: Actor, filename: str | None, content: bytes | None, *,
                 inline: bool) -> Job:
    """Queue an import job (committed at once, so any instance's runner can take it); when ``inline``
    and the file is small, run it right here. Returns the job as it stands afterwards."""
    if content is None:
        raise NoFileUploaded("Choose a CSV file to upload.", fields={"file": "Choose a CSV file to upload."})
    filename = (filename or "upload.csv").strip() or "upload.csv"
    with unit_of_work(engine) as db:
        job_id = jobs.enqueue(db, actor, KIND, {"filename": filename, "title": "Bench import"},
                              input_filename=filename, input_bytes=content).id
    if inline and content.count(b"\n") <= INLINE_MAX_ROWS:
        jobs.run_job(engine, job_id, run_import)
    with unit_of_work(engine, writes=False) as db:
        job = jobs_repository.get(db, job_id)
        assert job is not None
        return job


def run_import(context: JobContext) -> dict[str, Any]:
    """The job: read and check every row; if all are good, upsert them in one transaction."""
    with _cyclic_gc_paused():
        return _import(context)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Building hundreds of thousands of small records makes Python's cycle collector rescan them
    again and again (a quarter of the import's time); records hold no cycles, so pause it meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(context: JobContext) -> dict[str, Any]:
    filename, content = context.read_input()
    progress = context.progress
    progress.update(phase="checking", done=0, total=0, rows_checked=0, rows_written=0)
    started = time.perf_counter()
    with unit_of_work(context.engine, writes=False) as db:
        known_skills = skills.known_ids(db)
    try:
        text = csv_format.decode(content)
        del content
        estimate = csv_format.estimated_rows(text)
        progress.update(total=estimate, rows_total=estimate)
        checked = csv_format.check_rows(csv_format.read_rows(text), known_skills,
                                        lambda n: progress.update(done=n, rows_checked=n))
    except FileUnreadable as exc:
        raise JobFailed(exc.message, filename=filename) from None
    del text
    if not checked.rows:
        raise JobFailed("The file has the header row but no specialists in it.", filename=filename)
    total = checked.rows
    progress.update(done=total, total=total, rows_total=total, rows_checked=total)
    checking_seconds = round(time.perf_counter() - started, 3)
    if checked.errors:
        _refuse(checked, filename, checking_seconds)
    progress.update(phase="writing", done=0)
    started = time.perf_counter()
    summary = {"filename": filename, "rows": total}
    try:
        result = _write(context, checked.records, summary, checking_seconds, started)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        message = f"Writing the rows failed, so nothing was written: {reason}"
        raise JobFailed(message, filename=filename) from None
    return result


def _write(context: JobContext, records: list, summary: dict[str, Any], checking_seconds: float,
           started: float) -> dict[str, Any]:
    """Prepare the upsert from a read of the bench (no lock held), then apply it in one short writing
    transaction that also records the job as succeeded. If the bench changed in between (someone edited
    or another import wrote the same people), prepare again; the last try prepares under the lock."""
    progress = context.progress
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        last = attempt == WRITE_ATTEMPTS
        try:
            if not last:
                with unit_of_work(context.engine, writes=False) as db:
                    plan = bulk.prepare(db, records, context.actor, utcnow())
            with progress.held_back(), unit_of_work(context.engine) as db:
                take_turn(db, KIND)
                context.still_held(db)
                if last:
                    plan = bulk.prepare(db, records, context.actor, utcnow())
                result = bulk.apply(db, plan)
                summary.update(created=result.created, updated=result.updated, unchanged=result.unchanged)
                audit.record(db, context.actor, "import", "job", context.job_id, summary)
                progress.update(phase="done", done=summary["rows"], rows_written=summary["rows"])
                outcome = {**summary, "checking_seconds": checking_seconds,
                           "writing_seconds": round(time.perf_counter() - started, 3)}
                context.succeed_in(db, outcome)
            return outcome
        except (bulk.PlanIsStale, IntegrityError) as exc:
            if last:
                raise
            log.info("import job %s: the bench changed while preparing (%s); preparing again",
                     context.job_id, str(exc).splitlines()[0])
    raise AssertionError("unreachable")


def _refuse(checked: csv_format.CheckedFile, filename: str, checking_seconds: float) -> None:
    bad_rows = len({error.line for error in checked.errors})
    listed = [error.as_dict() for error in checked.errors[:MAX_LISTED_ERRORS]]
    raise JobFailed(
        f"{bad_rows} of {checked.rows} rows have problems, so nothing was written. "
        "Fix every row listed below and upload the file again.",
        filename=filename, rows=checked.rows, bad_rows=bad_rows, errors=listed,
        more_errors=len(checked.errors) - len(listed), checking_seconds=checking_seconds,
    )

