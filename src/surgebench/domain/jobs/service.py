"""Jobs: enqueue, claim one, run it, record how it went. The job row is the single source of truth,
so any instance can claim work and any instance can report on it."""

from __future__ import annotations

import io
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.orm import Job
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import repository
from surgebench.domain.jobs import wakeup_service as wakeups
from surgebench.domain.jobs.errors import JobCancelled, JobFailed, JobNotFound, JobRetaken
from surgebench.domain.jobs.progress_service import Heartbeat, ProgressReporter
from surgebench.domain.jobs.registry_service import Handler, JobContext, JobKinds
from surgebench.lib.clock import Clock
from surgebench.lib.principal import Principal
from surgebench.settings import JobSettings, get_settings

log = logging.getLogger("surgebench.jobs")

THIS_WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
SYSTEM_CLOCK = Clock()
INPUT_CHUNK_BYTES = 1024 * 1024
"""An upload is stored (and read back) in pieces of this size: one piece in memory at a time, and far
below either engine's limits on one value."""
LANES = ("short", "general")
"""A runner's lanes: ``short`` takes only short kinds; ``general`` takes any kind, short ones first."""


def enqueue(
    db: Session,
    actor: Actor,
    kind: str,
    params: dict[str, Any] | None = None,
    input_filename: str | None = None,
    input_file: bytes | BinaryIO | None = None,
    *,
    wake: bool = True,
) -> Job:
    """Queue a job (written with the caller's unit of work; runnable once that commits, when the runners
    are woken to take it at once, unless ``wake`` is off: a caller about to run it itself). An input file
    (bytes or a readable binary file) is copied into storage a chunk at a time."""
    job = Job(kind=kind, status="queued", created_by_id=actor.user_id, params=dict(params or {}), progress={})
    db.add(job)
    db.flush()
    if input_file is not None:
        stream = io.BytesIO(input_file) if isinstance(input_file, bytes | bytearray) else input_file
        repository.add_input(db, job.id, (input_filename or "upload")[:255])
        size = seq = 0
        while chunk := stream.read(INPUT_CHUNK_BYTES):
            repository.add_input_chunk(db, job.id, seq, chunk)
            size, seq = size + len(chunk), seq + 1
        repository.set_input_size(db, job.id, size)
    if wake:
        wakeups.on_commit(db)
    return job


def cancel(db: Session, job_id: int, reason: str) -> None:
    """Stop a job, saying why: one still queued ends cancelled now (and never runs; its upload is
    deleted); a running one is asked to stop and ends cancelled at its handler's next check. A finished
    job is left as it is."""
    if repository.cancel_queued(db, job_id, reason, utcnow()):
        repository.delete_input(db, job_id)
        return
    repository.ask_to_stop(db, job_id, reason)


def get_visible(db: Session, principal: Principal, job_id: int) -> Job:
    """The job, if ``principal`` created it or is an admin; otherwise it does not exist for them."""
    job = repository.get(db, job_id)
    if job is None or (principal.role != "admin" and job.created_by_id != principal.user_id):
        raise JobNotFound(f"There is no job {job_id}.")
    return job


def recent_for(db: Session, principal: Principal, kind: str, limit: int = 10) -> Sequence[Job]:
    return repository.recent_by(db, principal.user_id, kind, limit)


def is_finished(job: Job) -> bool:
    return job.status in ("succeeded", "failed", "cancelled")


def is_stalled(job: Job, settings: JobSettings | None = None) -> bool:
    """Running, but its worker has not been heard from for ``stale_after``: it most likely died, and the
    next instance that polls retakes the job (its progress so far means nothing)."""
    stale_after = (settings or get_settings().jobs).stale_after
    return job.status == "running" and (job.heartbeat_at is None or job.heartbeat_at < utcnow() - stale_after)


def run_next(
    engine: Engine,
    job_kinds: JobKinds,
    worker: str = THIS_WORKER,
    settings: JobSettings | None = None,
    clock: Clock = SYSTEM_CLOCK,
    lane: str = "general",
) -> bool:
    """Claim one job (queued, or running with a stale heartbeat) and run it: in the ``general`` lane of
    any kind in ``job_kinds``, short kinds first; in the ``short`` lane of a short kind only. False when
    there was none."""
    settings = settings or get_settings().jobs
    kinds = job_kinds.short if lane == "short" else job_kinds.kinds
    if not kinds:
        return False
    now = utcnow()
    with unit_of_work(engine, writes=False) as db:
        candidates = repository.claimable_ids(db, kinds, now - settings.stale_after, first=job_kinds.short)
    for job_id in candidates:
        if _claim(engine, job_id, worker, settings):
            _run_claimed(engine, job_id, worker, job_kinds.handler_for, settings, clock)
            return True
    return False


def run_job(
    engine: Engine,
    job_id: int,
    handler: Handler,
    worker: str = THIS_WORKER,
    settings: JobSettings | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> bool:
    """Run this particular job now with ``handler``, in the caller's thread (small imports run inline
    this way). False when another worker got to it first."""
    settings = settings or get_settings().jobs
    if not _claim(engine, job_id, worker, settings):
        return False
    _run_claimed(engine, job_id, worker, lambda _kind: handler, settings, clock)
    return True


def _claim(engine: Engine, job_id: int, worker: str, settings: JobSettings) -> bool:
    now = utcnow()
    try:
        with unit_of_work(engine) as db:
            return repository.claim(db, job_id, worker, now, now - settings.stale_after)
    except OperationalError:  # SQLite: another job's long write holds the lock; try on the next tick
        log.info("could not claim job %s now (database busy)", job_id)
        return False


def _run_claimed(
    engine: Engine,
    job_id: int,
    worker: str,
    handler_for: Callable[[str], Handler | None],
    settings: JobSettings,
    clock: Clock,
) -> None:
    with unit_of_work(engine, writes=False) as db:
        job = repository.get(db, job_id)
        assert job is not None
        label = repository.email_of(db, job.created_by_id) if job.created_by_id else None
        kind, params, actor = job.kind, dict(job.params or {}), Actor(job.created_by_id, label or "system")
        cancelled = job.cancel_reason
    reporter = ProgressReporter(engine, job_id, worker)
    handler = handler_for(kind)
    context = JobContext(job_id, kind, params, actor, engine, reporter, clock, worker)
    status, outcome = "failed", {"error": f"No handler for jobs of kind {kind!r}."}
    if cancelled is not None:  # asked to stop before its worker died: retaken only to end it
        status, outcome = "cancelled", {"cancelled": cancelled}
    elif handler is not None:
        with Heartbeat(reporter, settings.heartbeat.total_seconds()):
            try:
                status, outcome = "succeeded", handler(context)
                if context.finished:  # the handler recorded it with its work, in one transaction
                    log.info("job %s (%s) succeeded", job_id, kind)
                    return
            except JobRetaken:
                log.warning("job %s was retaken by another worker before %s finished it", job_id, worker)
                return
            except JobCancelled as exc:
                status, outcome = "cancelled", {"cancelled": exc.reason}
            except JobFailed as exc:
                status, outcome = "failed", {"error": exc.message, **exc.details}
            except Exception as exc:
                log.exception("job %s (%s) failed", job_id, kind)
                status, outcome = "failed", {"error": f"The job stopped on an unexpected error: {exc}"}
    with unit_of_work(engine) as db:
        if not repository.finish(db, job_id, worker, utcnow(), status, outcome, reporter.values):
            log.warning("job %s was retaken by another worker before %s finished it", job_id, worker)
    log.info("job %s (%s) %s", job_id, kind, status)
