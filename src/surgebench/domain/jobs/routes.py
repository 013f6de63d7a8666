"""The jobs domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.jobs.controllers import get_job
from surgebench.domain.jobs.pages import job_page

route_handlers: list = [get_job, job_page]
