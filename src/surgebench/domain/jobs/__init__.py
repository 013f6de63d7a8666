"""Background jobs: queue, claim (compare-and-set, safe across instances), run with progress kept in
the database, report. Imports use it now; solver runs will too."""

from __future__ import annotations

from surgebench.domain.jobs.controllers import get_job
from surgebench.domain.jobs.pages import job_page
from surgebench.domain.jobs.runner import start_runner

route_handlers: list = [get_job, job_page]

__all__ = ["route_handlers", "start_runner"]
