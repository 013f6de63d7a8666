"""JSON API for jobs."""

from __future__ import annotations

from litestar import get
from litestar.params import FromPath

from surgebench.domain.accounts.guards import signed_in
from surgebench.domain.jobs import routes, service
from surgebench.domain.jobs.schemas import JobOut
from surgebench.lib.deps import DB, CurrentPrincipal


@get(routes.API_JOB.path, name=routes.API_JOB.name, guards=[signed_in], sync_to_thread=True, tags=["jobs"])
def get_job(db: DB, principal: CurrentPrincipal, job_id: FromPath[int]) -> JobOut:
    """A job's status, progress and outcome (its creator and admins only)."""
    job = service.get_visible(db, principal, job_id)
    return JobOut.of(job, service.is_stalled(job))
