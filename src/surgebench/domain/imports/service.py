"""Importing from CSV, all or nothing: every row is checked first, and only a file without a single
problem is written, in one transaction. Checking, and comparing the file with the database, happen
before that transaction, so others are kept waiting only while the rows are written; two instances
importing overlapping files take turns and each re-reads what the other wrote. Each kind of import
(``kinds``: the bench, engagement history) runs as a job of its own kind, so the page, the API, the
background runner and the benchmark all go through the same code and leave the same record."""

from __future__ import annotations

import gc
import io
import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from surgebench.db.orm import Job
from surgebench.db.session import take_turn, unit_of_work
from surgebench.domain.audit import service as audit
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports.errors import NoFileUploaded, NotCsvText, NotCsvType
from surgebench.domain.imports.kinds_service import BENCH_IMPORT, Checked, CsvImport, Stale
from surgebench.domain.imports.schemas import CSV_PART_TYPES
from surgebench.domain.jobs import repository as jobs_repository
from surgebench.domain.jobs import service as jobs
from surgebench.domain.jobs import wakeup_service as wakeups
from surgebench.domain.jobs.errors import JobFailed
from surgebench.domain.jobs.registry_service import Handler, JobContext
from surgebench.lib import csv_files
from surgebench.lib.clock import Clock
from surgebench.lib.csv_files import FileUnreadable

log = logging.getLogger("surgebench.imports")

KIND = BENCH_IMPORT.kind
INLINE_MAX_ROWS = 2_000
"""Files with at most this many lines may be imported within the request (same job, same code)."""
WRITE_ATTEMPTS = 3
"""Prepare-then-apply tries before the import prepares under the write lock (which always succeeds)."""
MAX_LISTED_ERRORS = 1_000
"""The outcome lists this many bad rows at most, then says how many more there are."""


def start_import(
    engine: Engine,
    actor: Actor,
    filename: str | None,
    content: bytes | IO[bytes] | None,
    *,
    inline: bool,
    spec: CsvImport = BENCH_IMPORT,
    clock: Clock | None = None,
    media_type: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> Job:
    """Queue an import job (committed at once, so any instance's runner can take it; the file is copied
    into storage a chunk at a time); when ``inline`` and the file is small, run it right here. Returns
    the job as it stands afterwards. ``params`` go with the job to its kind's check (a client's cycle).
    An upload (``media_type`` given: the type it came as) must be sent as CSV and be text, or it is
    refused here, before a job is made or its bytes kept."""
    if content is None:
        raise NoFileUploaded("Choose a CSV file to upload.", fields={"file": "Choose a CSV file to upload."})
    if media_type is not None:
        _check_upload(content, media_type)
    filename = (filename or "upload.csv").strip() or "upload.csv"
    lines = _LineCounter(io.BytesIO(content) if isinstance(content, bytes) else content)
    with unit_of_work(engine) as db:
        job_id = jobs.enqueue(
            db,
            actor,
            spec.kind,
            {**(params or {}), "filename": filename, "title": spec.title},
            input_filename=filename,
            input_file=lines,
            wake=False,
        ).id
    if inline and lines.count <= INLINE_MAX_ROWS:  # run here: a woken runner would race this request for it
        jobs.run_job(engine, job_id, job_handler(spec), clock=clock or jobs.SYSTEM_CLOCK)
    else:
        wakeups.wake_now(engine)
    with unit_of_work(engine, writes=False) as db:
        job = jobs_repository.get(db, job_id)
        assert job is not None
        return job


def _check_upload(content: bytes | IO[bytes], media_type: str) -> None:
    if media_type not in CSV_PART_TYPES:
        shown = media_type or "without a type"
        raise NotCsvType(
            f"Upload a CSV file (text/csv), not {shown}.",
            fields={"file": f"is {shown}: upload a CSV file (text/csv)"},
        )
    if isinstance(content, bytes):
        head = content[:65536]
    else:
        head = content.read(65536)
        content.seek(0)
    if problem := csv_files.binary_problem(head):
        raise NotCsvText(problem, fields={"file": problem})


class _LineCounter:
    """Reads a file through, counting its lines on the way (is it small enough to import inline?)."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.file.read(size)
        self.count += chunk.count(b"\n")
        return chunk


def job_handler(spec: CsvImport) -> Handler:
    """The job that runs imports of this kind."""

    def run(context: JobContext) -> dict[str, Any]:
        with _cyclic_gc_paused():
            return _import(context, spec)

    run.__name__ = f"run_{spec.kind}"
    return run


def run_import(context: JobContext) -> dict[str, Any]:
    """The bench import job."""
    return job_handler(BENCH_IMPORT)(context)


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


def _import(context: JobContext, spec: CsvImport) -> dict[str, Any]:
    filename, content = context.read_input()
    progress = context.progress
    progress.update(phase="checking", done=0, total=0, rows_checked=0, rows_written=0)
    started = time.perf_counter()
    try:
        text = csv_files.decode(content)
        del content
        estimate = csv_files.estimated_rows(text)
        progress.update(total=estimate, rows_total=estimate)
        with unit_of_work(context.engine, writes=False) as db:
            checked = spec.check(
                db,
                csv_files.read_rows(text, spec.columns),
                lambda n: progress.update(done=n, rows_checked=n),
                context.clock.today(),
                context,
            )
    except FileUnreadable as exc:
        raise JobFailed(exc.message, filename=filename) from None
    del text
    if not checked.rows:
        raise JobFailed(f"The file has the header row but no {spec.noun} in it.", filename=filename)
    total = checked.rows
    progress.update(done=total, total=total, rows_total=total, rows_checked=total)
    checking_seconds = round(time.perf_counter() - started, 3)
    if checked.errors or checked.ready is None:
        _refuse(checked, filename, checking_seconds)
    progress.update(phase="writing", done=0)
    summary = {"filename": filename, "rows": total}
    try:
        return _write(context, spec, checked, summary, checking_seconds, time.perf_counter())
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        message = f"Writing the rows failed, so nothing was written: {reason}"
        raise JobFailed(message, filename=filename) from None


def _write(
    context: JobContext,
    spec: CsvImport,
    checked: Checked,
    summary: dict[str, Any],
    checking_seconds: float,
    started: float,
) -> dict[str, Any]:
    """Prepare the write from a read of the database (no lock held), then apply it in one short writing
    transaction that also records the job as succeeded. If the database changed in between (someone
    edited, or another import wrote the same rows), prepare again; the last try prepares under the lock."""
    progress = context.progress
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        last = attempt == WRITE_ATTEMPTS
        try:
            if not last:
                with unit_of_work(context.engine, writes=False) as db:
                    prepared = spec.prepare(db, checked.ready, context.actor, context.clock.now())
            with progress.held_back(), unit_of_work(context.engine) as db:
                take_turn(db, spec.kind)
                context.still_held(db)
                if last:
                    prepared = spec.prepare(db, checked.ready, context.actor, context.clock.now())
                summary.update(spec.apply(db, prepared, lambda n: progress.update(done=n, rows_written=n)))
                audit.record(db, context.actor, "import", "job", context.job_id, summary)
                progress.update(phase="done", done=summary["rows"], rows_written=summary["rows"])
                outcome = {
                    **summary,
                    "checking_seconds": checking_seconds,
                    "writing_seconds": round(time.perf_counter() - started, 3),
                }
                context.succeed_in(db, outcome)
            return outcome
        except (Stale, IntegrityError) as exc:
            if last:
                raise
            log.info(
                "import job %s: the database changed while preparing (%s); preparing again",
                context.job_id,
                str(exc).splitlines()[0],
            )
    raise AssertionError("unreachable")


def _refuse(checked: Checked, filename: str, checking_seconds: float) -> None:
    bad_rows = len({error.line for error in checked.errors})
    listed = [error.as_dict() for error in checked.errors[:MAX_LISTED_ERRORS]]
    raise JobFailed(
        f"{bad_rows} of {checked.rows} rows have problems, so nothing was written. "
        "Fix every row listed below and upload the file again.",
        filename=filename,
        rows=checked.rows,
        bad_rows=bad_rows,
        errors=listed,
        more_errors=len(checked.errors) - len(listed),
        checking_seconds=checking_seconds,
    )
