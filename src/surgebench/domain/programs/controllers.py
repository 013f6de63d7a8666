"""Programs, cycles and teams over JSON. Staff read; program managers and admins create and change."""

from __future__ import annotations

from litestar import Request, get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody
from litestar.response import Stream

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.programs import export_service as export
from surgebench.domain.programs import makeup_service, routes, service
from surgebench.domain.programs.schemas import (
    CycleChange,
    CycleCreate,
    CycleOut,
    CycleStatusChange,
    ProgramCreate,
    ProgramOut,
    ProgramSummaryOut,
    RoleMakeUpOut,
    TeamMemberOut,
    TeamPageOut,
    TeamQueryParams,
    client_ref,
    provide_team_query,
)
from surgebench.domain.programs.service import ProgramSummary
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal

TEAM_QUERY = {"team_query": Provide(provide_team_query, sync_to_thread=False)}


def summary_out(s: ProgramSummary) -> ProgramSummaryOut:
    current, last = s.current, s.last_continuity
    return ProgramSummaryOut(
        s.program.id,
        s.program.name,
        client_ref(s.program),
        s.program.model,
        [w.id for w in s.workstreams],
        CycleOut.of(current) if current else None,
        None if last is None or last.retention is None else round(last.retention, 4),
        len(s.cycles),
    )


def program_out(s: ProgramSummary) -> ProgramOut:
    return ProgramOut(
        s.program.id,
        s.program.name,
        client_ref(s.program),
        s.program.model,
        [w.id for w in s.workstreams],
        [CycleOut.of(c) for c in s.cycles],
    )


@get(
    routes.API_PROGRAMS.path,
    name=routes.API_PROGRAMS.name,
    guards=[staff_only],
    tags=["programs"],
    sync_to_thread=True,
)
def list_programs(db: DB) -> list[ProgramSummaryOut]:
    """Every program: client, model, current cycle with its team size, continuity of the last cycle."""
    return [summary_out(s) for s in service.list_programs(db)]


@post(routes.API_PROGRAMS.path, guards=[managers], tags=["programs"], sync_to_thread=True, status_code=201)
def create_program(db: DB, principal: CurrentPrincipal, data: JSONBody[ProgramCreate]) -> ProgramOut:
    """A program on a client's model (the model is created if new); one program per model."""
    row = service.create_program(
        db, Actor.of(principal), data.client, data.model, data.name, data.workstreams
    )
    return program_out(service.program_view(db, row.id))


@get(
    routes.API_PROGRAM.path,
    name=routes.API_PROGRAM.name,
    guards=[staff_only],
    tags=["programs"],
    sync_to_thread=True,
)
def get_program(db: DB, program_id: FromPath[int]) -> ProgramOut:
    """A program with its cycles in order: team size, returning and new people, retention."""
    return program_out(service.program_view(db, program_id))


@post(
    routes.API_CREATE_CYCLE.path,
    name=routes.API_CREATE_CYCLE.name,
    guards=[managers],
    tags=["programs"],
    sync_to_thread=True,
    status_code=201,
)
def create_cycle(
    db: DB, principal: CurrentPrincipal, program_id: FromPath[int], data: JSONBody[CycleCreate]
) -> CycleOut:
    """Add a planned cycle (by default numbered after the latest); cycles must not overlap."""
    cycle = service.create_cycle(
        db, Actor.of(principal), program_id, data.model_version, data.starts_on, data.ends_on, data.number
    )
    return CycleOut.of(service.cycle_figures(db, service.get_cycle(db, cycle.id)))


@get(
    routes.API_CYCLE.path,
    name=routes.API_CYCLE.name,
    guards=[staff_only],
    tags=["programs"],
    sync_to_thread=True,
)
def get_cycle(db: DB, cycle_id: FromPath[int]) -> CycleOut:
    """A cycle with its continuity figures."""
    return CycleOut.of(service.cycle_figures(db, service.get_cycle(db, cycle_id)))


@patch(routes.API_CYCLE.path, guards=[managers], tags=["programs"], sync_to_thread=True)
def change_cycle(
    db: DB, principal: CurrentPrincipal, cycle_id: FromPath[int], data: JSONBody[CycleChange]
) -> CycleOut:
    """Correct a cycle's model version or dates (audited)."""
    service.change_cycle(
        db,
        Actor.of(principal),
        cycle_id,
        {"model_version": data.model_version, "starts_on": data.starts_on, "ends_on": data.ends_on},
    )
    return CycleOut.of(service.cycle_figures(db, service.get_cycle(db, cycle_id)))


@post(
    routes.API_ADVANCE_CYCLE.path,
    name=routes.API_ADVANCE_CYCLE.name,
    guards=[managers],
    tags=["programs"],
    sync_to_thread=True,
    status_code=200,
)
def advance_cycle(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    cycle_id: FromPath[int],
    data: JSONBody[CycleStatusChange],
) -> CycleOut:
    """Move the cycle's status forward (409 backwards). Closing ends its running engagements."""
    service.advance_cycle(db, Actor.of(principal), cycle_id, data.status, clock.today())
    return CycleOut.of(service.cycle_figures(db, service.get_cycle(db, cycle_id)))


@get(
    routes.API_CYCLE_TEAM.path,
    name=routes.API_CYCLE_TEAM.name,
    guards=[staff_only],
    tags=["programs"],
    sync_to_thread=True,
    dependencies=TEAM_QUERY,
)
def cycle_team(db: DB, cycle_id: FromPath[int], team_query: TeamQueryParams) -> TeamPageOut:
    """The cycle's team, one page: name, role, start, returning or new, hours; sortable and filterable."""
    found = service.team(db, cycle_id, team_query)
    f = found.filter
    return TeamPageOut(
        CycleOut.of(found.figures),
        found.cycle.program.id,
        [TeamMemberOut.of(m) for m in found.members],
        found.total,
        f.page,
        f.per_page,
    )


@get(
    routes.API_CYCLE_TEAM_CSV.path,
    name=routes.API_CYCLE_TEAM_CSV.name,
    guards=[staff_only],
    tags=["programs"],
    sync_to_thread=True,
    dependencies=TEAM_QUERY,
    response_description="The team as CSV, with the list's filters and order",
)
def cycle_team_csv(request: Request, db: DB, cycle_id: FromPath[int], team_query: TeamQueryParams) -> Stream:
    """The whole team as CSV (the filters and sort apply; paging does not)."""
    cycle, f = service.team_for_export(db, cycle_id, team_query)
    return export.team_csv(request.app.state.engine, cycle, f)


route_handlers: list[object] = [
    list_programs,
    create_program,
    get_program,
    create_cycle,
    get_cycle,
    change_cycle,
    advance_cycle,
    cycle_team,
    cycle_team_csv,
]


@get(
    routes.API_PROGRAM_MAKEUP.path,
    name=routes.API_PROGRAM_MAKEUP.name,
    guards=[staff_only],
    tags=["programs"],
    sync_to_thread=True,
)
def program_makeup(db: DB, program_id: FromPath[int]) -> list[RoleMakeUpOut]:
    """The team's make-up per cycle and role: the spread by country, language and UTC region, against
    the role's country cap."""
    service.program_view(db, program_id)  # 404 for an unknown program
    return [
        RoleMakeUpOut(
            m.cycle,
            m.role,
            m.people,
            m.country_cap,
            dict(m.countries.most_common()),
            dict(m.languages.most_common()),
            dict(m.regions.most_common()),
            m.over_cap,
        )
        for m in makeup_service.makeup(db, program_id)
    ]


route_handlers.append(program_makeup)
