"""Two instances importing files that share e-mails at the same moment: both imports succeed, each person
is on the bench once, with what the later import said."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from surgebench.db.orm import Job, Specialist
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import service
from surgebench.domain.jobs import service as jobs
from tests.integration.imports.helpers import csv_of, row

ROWS = 3_000
SHARED = 2_000


def test_overlapping_imports_on_two_instances_at_once_both_succeed(engine) -> None:
    first = csv_of(*(row(f"p{i:05d}@example.com", weekly_hours="10") for i in range(ROWS)))
    second = csv_of(
        *(row(f"p{i:05d}@example.com", weekly_hours="30") for i in range(ROWS - SHARED, 2 * ROWS - SHARED))
    )
    job_ids = [
        service.start_import(engine, Actor.system("test"), name, content, inline=False).id
        for name, content in (("first.csv", first), ("second.csv", second))
    ]
    start = threading.Barrier(2)

    def instance(job_id: int) -> None:
        start.wait()
        assert jobs.run_job(engine, job_id, service.run_import, worker=f"instance-{job_id}")

    threads = [threading.Thread(target=instance, args=(job_id,)) for job_id in job_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with unit_of_work(engine, writes=False) as db:
        outcomes = {job.id: (job.status, job.outcome) for job in db.scalars(select(Job))}
        people = db.scalar(select(func.count()).select_from(Specialist))
        hours = set(db.scalars(select(Specialist.weekly_hours)))
    assert [outcomes[j][0] for j in job_ids] == ["succeeded", "succeeded"], outcomes
    assert people == 2 * ROWS - SHARED
    created = sum(outcomes[j][1]["created"] for j in job_ids)
    updated = sum(outcomes[j][1]["updated"] for j in job_ids)
    assert (created, updated) == (2 * ROWS - SHARED, SHARED)
    assert hours == {10, 30}
