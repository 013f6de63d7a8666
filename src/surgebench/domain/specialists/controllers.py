"""JSON API for the bench: list (same filters as the page), read, create, change, offboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from litestar import get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody, Parameter

from surgebench.db.orm import Specialist
from surgebench.domain.accounts.guards import recruiters, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import service as engagements
from surgebench.domain.engagements.service import FreeHours
from surgebench.domain.specialists import routes, service
from surgebench.domain.specialists.errors import InvalidBenchFilter
from surgebench.domain.specialists.schemas import (
    BenchQueryParams,
    SpecialistListOut,
    SpecialistOut,
    SpecialistWrite,
    provide_bench_query,
)
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal


def specialist_out(specialist: Specialist, today: date, hours: FreeHours) -> SpecialistOut:
    fields = service.fields_of(specialist)
    return SpecialistOut(
        id=specialist.id,
        email=specialist.email,
        full_name=specialist.full_name,
        country=specialist.country,
        timezone=specialist.timezone,
        languages=[lang.language for lang in specialist.languages],
        skills={s.skill_id: s.level for s in specialist.skills},
        status=specialist.status,
        vetting_expires=specialist.vetting_expires,
        available_from=specialist.available_from,
        weekly_hours=specialist.weekly_hours,
        committed_hours=specialist.committed_hours,
        quality=Decimal(fields["quality"]),
        hourly_rate=Decimal(fields["hourly_rate"]),
        created_at=specialist.created_at,
        updated_at=specialist.updated_at,
        offboarded_at=specialist.offboarded_at,
        vetting_lapsed=service.is_lapsed(specialist, today),
        engaged_hours=hours.booked,
        free_hours=hours.free,
        free_from=hours.first,
        free_to=hours.last,
    )


def _one(
    db: Any, specialist: Specialist, today: date, free_from: date | None = None, free_to: date | None = None
) -> SpecialistOut:
    first, last = engagements.free_window(today, free_from, free_to)
    hours = engagements.free_hours(db, [specialist], first, last)
    return specialist_out(specialist, today, hours[specialist.id])


@get(
    routes.API_SPECIALISTS.path,
    name=routes.API_SPECIALISTS.name,
    guards=[staff_only],
    sync_to_thread=True,
    tags=["specialists"],
    dependencies={"bench_query": Provide(provide_bench_query, sync_to_thread=False)},
)
def list_specialists(db: DB, clock: AppClock, bench_query: BenchQueryParams) -> SpecialistListOut:
    """One page of the bench, filtered and sorted; ``total`` stops counting at 10,000."""
    found = service.list_bench(db, bench_query, clock.today())
    first, last = engagements.free_window(clock.today(), found.filter.free_from, found.filter.free_to)
    hours = engagements.free_hours(db, found.specialists, first, last)
    return SpecialistListOut(
        items=[specialist_out(s, clock.today(), hours[s.id]) for s in found.specialists],
        total=found.total,
        total_is_lower_bound=found.total_is_lower_bound,
        page=found.filter.page,
        per_page=found.filter.per_page,
        has_next=found.has_next,
    )


@get(
    routes.API_SPECIALIST.path,
    name=routes.API_SPECIALIST.name,
    guards=[staff_only],
    sync_to_thread=True,
    tags=["specialists"],
)
def get_specialist(
    db: DB,
    clock: AppClock,
    specialist_id: FromPath[int],
    free_from: Annotated[
        date | None, Parameter(description="Free hours are reckoned from this day (default today) ...")
    ] = None,
    free_to: Annotated[
        date | None, Parameter(description="... to this day (default twelve weeks after free_from)")
    ] = None,
) -> SpecialistOut:
    """A specialist, with their free hours over the dates asked: the hours left on the busiest day."""
    if free_from and free_to and free_to < free_from:
        raise InvalidBenchFilter("Some filters are not valid.", fields={"free_to": f"is before {free_from}"})
    return _one(db, service.get(db, specialist_id), clock.today(), free_from, free_to)


@post(routes.API_SPECIALISTS.path, guards=[recruiters], sync_to_thread=True, tags=["specialists"])
def create_specialist(
    db: DB, principal: CurrentPrincipal, clock: AppClock, data: JSONBody[SpecialistWrite]
) -> SpecialistOut:
    """Add a specialist (status defaults to applicant). E-mails are unique case-insensitively (409)."""
    return _one(db, service.create_from_input(db, Actor.of(principal), data.given()), clock.today())


@patch(routes.API_SPECIALIST.path, guards=[recruiters], sync_to_thread=True, tags=["specialists"])
def update_specialist(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    specialist_id: FromPath[int],
    data: JSONBody[SpecialistWrite],
) -> SpecialistOut:
    """Change the fields sent; every field is checked and nothing changes unless all are valid."""
    return _one(db, service.update(db, Actor.of(principal), specialist_id, data.given()), clock.today())


@post(
    routes.API_OFFBOARD_SPECIALIST.path,
    name=routes.API_OFFBOARD_SPECIALIST.name,
    guards=[recruiters],
    sync_to_thread=True,
    tags=["specialists"],
    status_code=200,
)
def offboard_specialist(
    db: DB, principal: CurrentPrincipal, clock: AppClock, specialist_id: FromPath[int]
) -> SpecialistOut:
    """Status becomes offboarded; the record and its history are kept (409 if already offboarded)."""
    return _one(db, service.offboard(db, Actor.of(principal), specialist_id), clock.today())
