"""The crash scenarios ``test_kill_nine.py`` runs (see ``harness.KillScenario``)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from surgebench.db.orm import AuditEntry, Job, Specialist
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import service as imports
from tests.integration.faults.harness import FINISH_TIMEOUT_S, KillScenario, wait_for
from tests.integration.imports.helpers import csv_of, row

IMPORT_ROWS = 30_000
"""Enough that writing takes a second or more on either engine, so the kill lands inside it."""


def _job(engine: Engine, job_id: int) -> Job:
    with unit_of_work(engine, writes=False) as db:
        job = db.get(Job, job_id)
        assert job is not None
        return job


def _start_import(engine: Engine) -> int:
    content = csv_of(*(row(f"crash{i:05d}@example.com") for i in range(IMPORT_ROWS)))
    return imports.start_import(engine, Actor.system("test"), "crash.csv", content, inline=False).id


def _import_writing(engine: Engine, job_id: int) -> bool:
    job = _job(engine, job_id)
    return job.status == "running" and (job.progress or {}).get("phase") == "writing"


def _import_left_nothing(engine: Engine, job_id: int) -> None:
    job = _job(engine, job_id)
    assert job.status == "running", f"the kill came too late: the job is already {job.status}"
    assert job.progress.get("rows_written", 0) == 0, "progress shows rows that were never committed"
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(func.count()).select_from(Specialist)) == 0
        assert (
            db.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_type == "specialist")
            )
            == 0
        )


def _import_finished_once(engine: Engine, job_id: int, worker_prefix: str) -> None:
    wait_for(
        lambda: _job(engine, job_id).status in ("succeeded", "failed"),
        FINISH_TIMEOUT_S,
        "the import to be retaken and finished",
    )
    job = _job(engine, job_id)
    assert job.status == "succeeded", job.outcome
    assert job.worker and job.worker.startswith(worker_prefix), "finished by the instance that retook it"
    assert (job.outcome["created"], job.progress["rows_written"]) == (IMPORT_ROWS, IMPORT_ROWS)
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(func.count()).select_from(Specialist)) == IMPORT_ROWS
        summaries = db.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "import", AuditEntry.entity_id == str(job_id))
        )
        assert summaries == 1


SCENARIOS = [
    KillScenario("import", _start_import, _import_writing, _import_left_nothing, _import_finished_once),
]
