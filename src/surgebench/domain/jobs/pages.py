"""The job page: progress while it runs (refreshing itself), the outcome afterwards."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from surgebench.domain.accounts.guards import signed_in
from surgebench.domain.jobs import routes, service
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page


@get(routes.JOB.path, name=routes.JOB.name, guards=[signed_in], include_in_schema=False, sync_to_thread=True)
def job_page(request: Request, db: DB, principal: CurrentPrincipal, job_id: FromPath[int]) -> Template:
    job = service.get_visible(db, principal, job_id)
    return page(
        request, "jobs/job.html", job=job, finished=service.is_finished(job), stalled=service.is_stalled(job)
    )
