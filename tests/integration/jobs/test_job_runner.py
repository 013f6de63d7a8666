"""The job runner: one claim per job (even when instances race), stale jobs retaken, failures recorded,
progress visible to others while the job runs."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from surgebench.db.base import utcnow
from surgebench.db.orm import Job
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import service
from surgebench.domain.jobs.errors import JobFailed
from surgebench.domain.jobs.registry_service import JobContext, JobKinds

runs: list[tuple[int, str]] = []
"""(job id, params["note"]) for every run of the test handlers, in order."""
seen_by_others: list[dict[str, Any]] = []


def _record(context: JobContext) -> dict[str, Any]:
    runs.append((context.job_id, context.params.get("note", "")))
    return {"note": context.params.get("note", "")}


def _report_then_peek(context: JobContext) -> dict[str, Any]:
    context.progress.update(done=3, total=10, phase="halfway")
    with unit_of_work(context.engine) as other_instance:
        progress = other_instance.scalar(select(Job.progress).where(Job.id == context.job_id))
        seen_by_others.append(dict(progress))
    return {"ok": True}


def _fail_plainly(context: JobContext) -> dict[str, Any]:
    raise JobFailed("The input was not usable.", hint="try another")


def _crash(context: JobContext) -> dict[str, Any]:
    raise KeyError("surprise")


TEST_KINDS = JobKinds(
    {
        "test_record": _record,
        "test_progress": _report_then_peek,
        "test_fail": _fail_plainly,
        "test_crash": _crash,
    }
)


def _enqueue(engine, kind: str = "test_record", note: str = "") -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return service.enqueue(db, Actor.system("test"), kind, {"note": note}).id


def _job(engine, job_id: int) -> Job:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        job = db.get(Job, job_id)
        assert job is not None
        return job


def test_run_next_runs_queued_jobs_oldest_first_then_reports_no_work(engine) -> None:
    runs.clear()
    first, second = _enqueue(engine, note="first"), _enqueue(engine, note="second")
    assert service.run_next(engine, TEST_KINDS) and service.run_next(engine, TEST_KINDS)
    assert not service.run_next(engine, TEST_KINDS)
    assert runs == [(first, "first"), (second, "second")]
    job = _job(engine, first)
    assert (job.status, job.outcome, job.worker) == ("succeeded", {"note": "first"}, service.THIS_WORKER)
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at


def test_two_racing_workers_never_run_one_job_twice(engine) -> None:
    runs.clear()
    job_ids = [_enqueue(engine, note=str(i)) for i in range(6)]
    start = threading.Barrier(2)
    claimed: dict[str, int] = {"a": 0, "b": 0}

    def worker(name: str) -> None:
        start.wait()
        while service.run_next(engine, TEST_KINDS, worker=f"test-{name}"):
            claimed[name] += 1

    threads = [threading.Thread(target=worker, args=(name,)) for name in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(job_id for job_id, _ in runs) == job_ids
    assert claimed["a"] + claimed["b"] == 6
    assert all(_job(engine, job_id).status == "succeeded" for job_id in job_ids)


def test_claiming_a_job_already_taken_fails(engine) -> None:
    runs.clear()
    job_id = _enqueue(engine)
    assert service.run_job(engine, job_id, _record, worker="first")
    assert not service.run_job(engine, job_id, _record, worker="second")
    assert len(runs) == 1


def test_running_job_with_a_stale_heartbeat_is_retaken(engine) -> None:
    runs.clear()
    stale, alive = _enqueue(engine, note="stale"), _enqueue(engine, note="alive")
    long_ago, just_now = utcnow() - timedelta(minutes=3), utcnow() - timedelta(seconds=20)
    with unit_of_work(engine) as db:
        for job_id, beat in ((stale, long_ago), (alive, just_now)):
            job = db.get(Job, job_id)
            job.status, job.worker, job.started_at, job.heartbeat_at = "running", "dead-worker", beat, beat

    assert service.run_next(engine, TEST_KINDS)
    assert not service.run_next(engine, TEST_KINDS)

    assert runs == [(stale, "stale")]
    assert (_job(engine, stale).status, _job(engine, stale).worker) == ("succeeded", service.THIS_WORKER)
    assert (_job(engine, alive).status, _job(engine, alive).worker) == ("running", "dead-worker")


def test_progress_is_visible_to_other_sessions_while_the_job_runs(engine) -> None:
    seen_by_others.clear()
    job_id = _enqueue(engine, kind="test_progress")
    assert service.run_next(engine, TEST_KINDS)
    assert seen_by_others == [{"done": 3, "total": 10, "phase": "halfway"}]
    assert _job(engine, job_id).progress == {"done": 3, "total": 10, "phase": "halfway"}


def test_handler_failures_end_the_job_failed_with_a_readable_message(engine) -> None:
    refused, crashed = _enqueue(engine, kind="test_fail"), _enqueue(engine, kind="test_crash")
    assert service.run_next(engine, TEST_KINDS) and service.run_next(engine, TEST_KINDS)
    assert _job(engine, refused).status == "failed"
    assert _job(engine, refused).outcome == {"error": "The input was not usable.", "hint": "try another"}
    assert _job(engine, crashed).status == "failed"
    assert _job(engine, crashed).outcome == {"error": "The job stopped on an unexpected error: 'surprise'"}


def test_jobs_of_unknown_kinds_are_left_for_an_instance_that_knows_them(engine) -> None:
    job_id = _enqueue(engine, kind="not_registered_here")
    assert not service.run_next(engine, TEST_KINDS)
    assert _job(engine, job_id).status == "queued"


def test_background_runner_drains_the_queue(engine) -> None:
    from surgebench.domain.jobs.runner_service import start_runner

    runs.clear()
    job_id = _enqueue(engine, note="background")
    scheduler = start_runner(engine, TEST_KINDS, interval_seconds=0.05)
    try:
        finished = threading.Event()
        for _ in range(200):
            if _job(engine, job_id).status == "succeeded":
                finished.set()
                break
            finished.wait(0.05)
    finally:
        scheduler.shutdown()
    assert finished.is_set()
    assert runs == [(job_id, "background")]


def test_a_job_whose_worker_went_silent_is_shown_as_stalled(engine, api_as) -> None:
    admin = api_as("admin")
    silent, beating = _enqueue(engine), _enqueue(engine)
    with unit_of_work(engine) as db:
        for job_id, beat in ((silent, utcnow() - timedelta(minutes=1)), (beating, utcnow())):
            job = db.get(Job, job_id)
            job.status, job.worker, job.started_at, job.heartbeat_at = "running", "dead-worker", beat, beat
    assert admin.get(f"/api/jobs/{silent}").json()["stalled"] is True
    assert admin.get(f"/api/jobs/{beating}").json()["stalled"] is False
