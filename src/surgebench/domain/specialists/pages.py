"""HTML pages of the bench: the list with filters, a specialist's page with the edit form, offboarding."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from surgebench.domain.accounts.guards import recruiters, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import service as engagements
from surgebench.domain.outcomes import chart_service as outcome_charts
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.specialists import routes, service
from surgebench.domain.specialists.errors import InvalidBenchFilter, InvalidSpecialist, SpecialistEmailTaken
from surgebench.domain.specialists.schemas import BenchQueryParams, provide_bench_query
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.templating import page

FormBody = URLEncodedBody[dict[str, str]]
NOTICES = {"saved": "Changes saved.", "offboarded": "Offboarded. The record and its history are kept."}


@get(
    routes.BENCH.path,
    name=routes.BENCH.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
    dependencies={"bench_query": Provide(provide_bench_query, sync_to_thread=False)},
)
def bench(request: Request, db: DB, clock: AppClock, bench_query: BenchQueryParams) -> Template:
    form = {"raw": bench_query, "skills": service.skill_choices(db), **service.BENCH_CHOICES}
    try:
        found = service.list_bench(db, bench_query, clock.today())
    except InvalidBenchFilter as exc:
        return page(request, "specialists/list.html", status_code=400, found=None, errors=exc.fields, **form)
    first, last = engagements.free_window(clock.today(), found.filter.free_from, found.filter.free_to)
    hours = engagements.free_hours(db, found.specialists, first, last)
    return page(request, "specialists/list.html", found=found, hours=hours, errors={}, **form)


def _profile_page(
    request: Request, db: DB, today: date, specialist_id: int, status_code: int = 200, **context: Any
) -> Template:
    """The person, their engagements (newest first) and their free hours, composed from the bench and
    the record."""
    profile = service.profile(db, specialist_id)
    first, last = engagements.free_window(today)
    return page(
        request,
        "specialists/detail.html",
        status_code=status_code,
        profile=profile,
        engagements=engagements.history_of(db, specialist_id),
        quality=(quality := outcomes.quality_of(db, specialist_id, today)),
        quality_chart=outcome_charts.estimate_history(quality.history, "Quality estimate after each outcome")
        if quality.history
        else None,
        hours=engagements.free_hours(db, [profile.specialist], first, last)[specialist_id],
        status_choices=service.STATUS_CHOICES,
        **{"values": service.fields_of(profile.specialist), "errors": {}, "notice": None, **context},
    )


@get(
    routes.SPECIALIST.path,
    name=routes.SPECIALIST.name,
    guards=[staff_only],
    include_in_schema=False,
    sync_to_thread=True,
)
def specialist_page(
    request: Request,
    db: DB,
    clock: AppClock,
    specialist_id: FromPath[int],
    notice: FromQuery[str | None] = None,
) -> Template:
    return _profile_page(request, db, clock.today(), specialist_id, notice=NOTICES.get(notice or ""))


@post(routes.SPECIALIST.path, guards=[recruiters], include_in_schema=False, sync_to_thread=True)
def save_specialist(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    specialist_id: FromPath[int],
    data: FormBody,
) -> Template | Redirect:
    try:
        service.update(db, Actor.of(principal), specialist_id, service.changes_from_form(data))
    except (InvalidSpecialist, SpecialistEmailTaken) as exc:
        db.rollback()  # nothing of the attempt may stay in the request's transaction
        values = {**service.fields_of(service.get(db, specialist_id)), **data}
        return _profile_page(
            request,
            db,
            clock.today(),
            specialist_id,
            status_code=exc.status_code,
            values=values,
            errors=exc.fields,
            problem=exc.message,
        )
    return Redirect(path=f"{routes.SPECIALIST.url(specialist_id=specialist_id)}?notice=saved")


@post(
    routes.OFFBOARD_SPECIALIST.path,
    name=routes.OFFBOARD_SPECIALIST.name,
    guards=[recruiters],
    include_in_schema=False,
    sync_to_thread=True,
)
def offboard_specialist_page(db: DB, principal: CurrentPrincipal, specialist_id: FromPath[int]) -> Redirect:
    service.offboard(db, Actor.of(principal), specialist_id)
    return Redirect(path=f"{routes.SPECIALIST.url(specialist_id=specialist_id)}?notice=offboarded")
