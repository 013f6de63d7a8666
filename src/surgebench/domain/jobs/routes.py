"""The jobs domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

JOB = Route("jobs.job", "/jobs/{job_id:int}")
API_JOB = Route("jobs.api_job", "/api/jobs/{job_id:int}")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.jobs.controllers import get_job
    from surgebench.domain.jobs.pages import job_page

    return [get_job, job_page]
