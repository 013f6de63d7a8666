"""create_app(): plugins, routes, exception handlers, lifespan. Wiring only."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import time, timedelta

from jinja2 import pass_context
from jinja2.runtime import Context
from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from sqlalchemy import Engine

from surgebench.db.session import get_engine
from surgebench.domain.accounts import routes as accounts
from surgebench.domain.accounts.guards import lets_in, public, staff_only
from surgebench.domain.accounts.middleware import AuthMiddleware
from surgebench.domain.attention import routes as attention
from surgebench.domain.audit import routes as audit
from surgebench.domain.clients import routes as clients
from surgebench.domain.engagements import routes as engagements
from surgebench.domain.hiring import routes as hiring
from surgebench.domain.home import routes as home
from surgebench.domain.imports import routes as imports
from surgebench.domain.imports import service as csv_imports
from surgebench.domain.imports.kinds_service import BENCH_IMPORT, HISTORY_IMPORT, OUTCOME_IMPORT
from surgebench.domain.imports.schemas import MULTIPART_SLACK
from surgebench.domain.jobs import routes as jobs
from surgebench.domain.jobs.registry_service import JobKinds
from surgebench.domain.jobs.runner_service import start_runner
from surgebench.domain.offers import routes as offers
from surgebench.domain.offers import service as offers_service
from surgebench.domain.outbox import routes as outbox
from surgebench.domain.outbox.service import start_sender
from surgebench.domain.outcomes import routes as outcomes
from surgebench.domain.plans import backfill_service as backfill
from surgebench.domain.plans import jobs as plan_jobs
from surgebench.domain.plans import planning_service as planning
from surgebench.domain.plans import routes as plans
from surgebench.domain.portal import routes as portal
from surgebench.domain.portal.outcome_service import CLIENT_OUTCOME_IMPORT
from surgebench.domain.programs import routes as programs
from surgebench.domain.skills import routes as skills
from surgebench.domain.specialists import routes as specialists
from surgebench.domain.surges import routes as surges
from surgebench.domain.upkeep import jobs as upkeep_jobs
from surgebench.domain.upkeep import routes as upkeep
from surgebench.domain.upkeep.schedule_service import Every, ScheduledJob
from surgebench.domain.upkeep.scheduler_service import start_scheduler
from surgebench.domain.upkeep.service import Upkeep
from surgebench.lib.clock import Clock, provide_clock
from surgebench.lib.deps import provide_db, provide_principal
from surgebench.lib.exception_handlers import exception_handlers
from surgebench.lib.http import (
    ALREADY_COMPRESSED,
    BodyDeadline,
    complete_allow_header,
    refuse_ids_out_of_range,
)
from surgebench.lib.json_body import StrictJSONRequest
from surgebench.lib.openapi import JsonSchema, SwaggerPage
from surgebench.settings import Settings, get_settings


def job_kinds() -> JobKinds:
    """Every kind of background job and the handler that runs it, all in one place; the long ones (a
    solve: up to ``SOLVE_TIME_LIMIT``) never hold up the short ones (``jobs.runner``'s lanes)."""
    return JobKinds(
        {
            BENCH_IMPORT.kind: csv_imports.job_handler(BENCH_IMPORT),
            HISTORY_IMPORT.kind: csv_imports.job_handler(HISTORY_IMPORT),
            OUTCOME_IMPORT.kind: csv_imports.job_handler(OUTCOME_IMPORT),
            CLIENT_OUTCOME_IMPORT.kind: csv_imports.job_handler(CLIENT_OUTCOME_IMPORT),
            planning.KIND: plan_jobs.solve_then_approve,  # the plan job; an automatic backfill approved after
            backfill.APPROVE_KIND: plan_jobs.approve_backfill,
        },
        long=frozenset({planning.KIND}),
    )


def scheduled_jobs(settings: Settings) -> list[ScheduledJob]:
    """Every scheduled job, its schedule and its work, all in one place (``SCHEDULE_EVERY_SECONDS`` runs
    them all on a short interval instead, for trials and tests)."""
    every = settings.scheduler.every

    def when(at: time) -> Every:
        return Every(at=at, interval=every)

    return [
        ScheduledJob(
            "cycle_calendar",
            "Cycles move on their dates: staffed ones start, ended ones close",
            when(time(0, 30)),
            upkeep_jobs.move_cycles_on_dates,
        ),
        ScheduledJob(
            "vetting_lapses",
            "Records vetting that has run out (and clears renewed vetting)",
            when(time(1, 0)),
            upkeep_jobs.record_vetting_lapses,
        ),
        ScheduledJob(
            "quality_estimates",
            "Stores every specialist's quality estimate per skill as of today, for the bench filter",
            when(time(1, 30)),
            upkeep_jobs.refresh_quality_estimates,
        ),
        ScheduledJob(
            "offer_expiry",
            "Offers nobody answered by their deadline expire, freeing their seats",
            Every(interval=every or timedelta(minutes=5)),
            offers_service.expire_due,
        ),
        ScheduledJob(
            "ramp_backfill",
            "Running ramps' open seats planned again (and automatic backfills approved)",
            Every(interval=every or timedelta(minutes=30)),
            backfill.backfill_ramps,
        ),
    ]


def _template_globals(engine: JinjaTemplateEngine) -> None:
    """``may("managers")`` in a template: whether that guard lets the page's principal in."""

    def may(context: Context, guard: str) -> bool:
        return lets_in(context.get("principal"), guard)

    engine.engine.globals["may"] = pass_context(may)


def upkeep_for(engine: Engine, settings: Settings, clock: Clock) -> Upkeep:
    return Upkeep(engine, scheduled_jobs(settings), clock, settings.scheduler, settings.faults)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Litestar:
    settings = settings or get_settings()
    clock = clock or Clock()
    engine = get_engine(settings.db.url)
    logging.getLogger("apscheduler").setLevel(
        logging.WARNING
    )  # its per-second "job ran" lines drown real logs

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        # Sync handlers run on the loop's default executor; give it the configured number of threads.
        asyncio.get_running_loop().set_default_executor(
            ThreadPoolExecutor(max_workers=settings.server.worker_threads, thread_name_prefix="handler")
        )
        runner = (
            start_runner(engine, job_kinds(), settings.jobs, clock=app.state.clock)
            if settings.server.run_jobs
            else None
        )
        timer = start_scheduler(app.state.upkeep) if settings.scheduler.enabled else None
        sender = start_sender(engine, settings, app.state.clock) if settings.server.run_jobs else None
        try:
            yield
        finally:
            for started in (runner, timer, sender):
                if started is not None:
                    started.shutdown()

    return Litestar(
        route_handlers=[
            # One router for every domain's handlers: registering handlers one by one makes Litestar
            # re-register (and double-wrap, for sync_to_thread) earlier handlers sharing a path.
            Router(
                path="/",
                route_handlers=[
                    *home.handlers(),
                    *accounts.handlers(),
                    *specialists.handlers(),
                    *imports.handlers(),
                    *jobs.handlers(),
                    *audit.handlers(),
                    *skills.handlers(),
                    *clients.handlers(),
                    *programs.handlers(),
                    *engagements.handlers(),
                    *outcomes.handlers(),
                    *surges.handlers(),
                    *plans.handlers(),
                    *hiring.handlers(),
                    *portal.handlers(),
                    *upkeep.handlers(),
                    *attention.handlers(),
                    *outbox.handlers(),
                    *offers.handlers(),
                ],
            ),
            create_static_files_router(
                path="/static",
                directories=[settings.paths.templates / "static"],
                guards=[public],
                include_in_schema=False,
            ),
        ],
        dependencies={
            "db": Provide(provide_db),
            "principal": Provide(provide_principal, sync_to_thread=False),
            "clock": Provide(provide_clock, sync_to_thread=False),
        },
        middleware=[BodyDeadline(settings.server.body_timeout_seconds), AuthMiddleware],
        request_class=StrictJSONRequest,
        exception_handlers=exception_handlers,
        template_config=TemplateConfig(
            directory=settings.paths.templates, engine=JinjaTemplateEngine, engine_callback=_template_globals
        ),
        openapi_config=OpenAPIConfig(
            title="surgebench API",
            version="1",
            render_plugins=[JsonSchema(), SwaggerPage()],
            # the schema describes staff endpoints: staff only, like the endpoints themselves
            openapi_router=Router(path="/api/schema", route_handlers=[], guards=[staff_only]),
        ),
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=2048, exclude_opt_key=ALREADY_COMPRESSED
        ),
        lifespan=[lifespan],
        before_send=[complete_allow_header],
        before_request=refuse_ids_out_of_range,
        state=State(
            {
                "engine": engine,
                "settings": settings,
                "clock": clock,
                "upkeep": upkeep_for(engine, settings, clock),
            }
        ),
        # the largest body is an upload (a JSON body is far smaller); the upload itself checks its limit
        # first and says it (``imports.schemas.provide_upload``), this is the backstop
        request_max_body_size=settings.uploads.max_bytes + MULTIPART_SLACK,
    )
