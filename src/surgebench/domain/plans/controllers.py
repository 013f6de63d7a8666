"""Plans over JSON: plan a request, follow the solve, read the plan and its people, download its problem
and plan, ask why a person is in or out, compare versions, approve, keep an approved team whole."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody
from litestar.response import Stream
from litestar.status_codes import HTTP_202_ACCEPTED

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.plans import approval_service as approval
from surgebench.domain.plans import export_service as export
from surgebench.domain.plans import planning_service as planning
from surgebench.domain.plans import roster_service as roster
from surgebench.domain.plans import routes, service
from surgebench.domain.plans.schemas import (
    ApprovedOut,
    PeoplePageOut,
    PeopleQueryParams,
    PlanOut,
    PlanPersonOut,
    PlanStart,
    RemovalIn,
    ReplanStart,
    provide_people_query,
)
from surgebench.domain.plans.service import PlanView
from surgebench.domain.specialists.repository import PersonRef
from surgebench.domain.surges import service as surges
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal
from surgebench.lib.http import ALREADY_COMPRESSED

PEOPLE_QUERY = {"people_query": Provide(provide_people_query, sync_to_thread=False)}


def plan_out(v: PlanView) -> PlanOut:
    p = v.plan
    return PlanOut(
        p.id,
        p.request_id,
        p.version,
        p.kind,
        p.status,
        [r.request.id for r in v.requests],
        v.up_to_date,
        p.solve_status,
        p.objective,
        None if v.weekly_cost_cents is None else v.weekly_cost_cents / 100,
        p.levels,
        p.shortfall,
        p.summary,
        v.progress,
        p.error,
        p.created_at,
        p.approved_at,
        routes.PLAN.url(plan_id=p.id),
    )


def _time_limit(request: Request) -> float:
    return request.app.state.settings.solve.time_limit_seconds


@post(
    routes.API_PLANS.path,
    guards=[managers],
    tags=["plans"],
    sync_to_thread=True,
    status_code=HTTP_202_ACCEPTED,
    opt={"errors": (429,)},
)
def start_plan(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    request_id: FromPath[int],
    data: JSONBody[PlanStart | None] = None,
) -> PlanOut:
    """Make a new plan version (a background job; follow ``/api/plans/{id}``). ``together``: also answer
    every open request whose cycle overlaps, in one problem. It supersedes the request's plan still
    queued or solving (that one ends ``cancelled``); 429 with ``Retry-After`` when the caller already has
    ``PLANS_PER_USER`` plans in flight."""
    plan = planning.start_plan(
        db,
        Actor.of(principal),
        request_id,
        time_limit=_time_limit(request),
        together=bool(data and data.together),
        limits=request.app.state.settings.solve,
    )
    db.flush()
    return plan_out(service.plan_view(db, plan.id))


@get(
    routes.API_PLANS.path,
    name=routes.API_PLANS.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
)
def list_plans(db: DB, request_id: FromPath[int]) -> list[PlanOut]:
    """Every plan version answering the request, newest first."""
    surges.view(db, request_id)
    return [plan_out(service.plan_view(db, p.id)) for p in service.versions(db, request_id)]


@get(
    routes.API_PLAN.path, name=routes.API_PLAN.name, guards=[staff_only], tags=["plans"], sync_to_thread=True
)
def get_plan(db: DB, plan_id: FromPath[int]) -> PlanOut:
    """A plan: while solving its progress (level, best, bound); then its figures, shortfall and levels."""
    return plan_out(service.plan_view(db, plan_id))


@get(
    routes.API_PLAN_PEOPLE.path,
    name=routes.API_PLAN_PEOPLE.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
    dependencies=PEOPLE_QUERY,
)
def plan_people(db: DB, plan_id: FromPath[int], people_query: PeopleQueryParams) -> PeoplePageOut:
    """The plan's people, a page at a time: name, role, start, returning, country, quality, rate."""
    found = service.people(db, service.plan_view(db, plan_id), people_query)
    return PeoplePageOut(
        [PlanPersonOut.of(p) for p in found.people], found.total, found.filter.page, found.filter.per_page
    )


@get(
    routes.API_PLAN_PEOPLE_CSV.path,
    name=routes.API_PLAN_PEOPLE_CSV.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
    dependencies=PEOPLE_QUERY,
    response_description="The plan's people as CSV (filters and sort apply)",
)
def plan_people_csv(
    request: Request, db: DB, plan_id: FromPath[int], people_query: PeopleQueryParams
) -> Stream:
    """The plan's people as CSV."""
    return export.people_csv(request.app.state.engine, db, plan_id, people_query)


@get(
    routes.API_PLAN_PROBLEM.path,
    name=routes.API_PLAN_PROBLEM.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
    response_description="The surge-problem/1 document this plan solved (gzip-encoded when the client "
    "accepts gzip, plain JSON otherwise)",
    opt={ALREADY_COMPRESSED: True},
)
def plan_problem(request: Request, db: DB, plan_id: FromPath[int]) -> Response[bytes] | Stream:
    """The problem this plan solved: ``surgebench solve`` on it gives the same plan."""
    return export.json_download(
        service.document(db, plan_id, "problem"),
        f"problem-{plan_id}.json",
        request.headers.get("accept-encoding"),
    )


@get(
    routes.API_PLAN_DOCUMENT.path,
    name=routes.API_PLAN_DOCUMENT.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
    response_description="The surge-plan/1 document (gzip-encoded when the client accepts gzip, plain "
    "JSON otherwise)",
    opt={ALREADY_COMPRESSED: True},
)
def plan_document(request: Request, db: DB, plan_id: FromPath[int]) -> Response[bytes] | Stream:
    """The plan as the solver wrote it (``surgebench check`` verifies it against the problem)."""
    return export.json_download(
        service.document(db, plan_id, "plan"), f"plan-{plan_id}.json", request.headers.get("accept-encoding")
    )


@get(
    routes.API_EXPLAIN_PERSON.path,
    name=routes.API_EXPLAIN_PERSON.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
)
def explain_person(db: DB, plan_id: FromPath[int], specialist_id: FromPath[int]) -> dict[str, object]:
    """Why a person is in the plan or not: per request and role, assigned, the first rule that keeps them
    out, or what outranked them."""
    person, explanations = service.why(db, plan_id, specialist_id)
    return {
        "specialist_id": specialist_id,
        "full_name": person.full_name,
        "email": person.email,
        "roles": [
            {
                "request": e.request,
                "role": e.role,
                "outcome": e.outcome,
                "reason": e.reason,
                "detail": e.detail,
            }
            for e in explanations
        ],
    }


@get(
    routes.API_COMPARE_PLANS.path,
    name=routes.API_COMPARE_PLANS.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
)
def compare_plans(db: DB, plan_id: FromPath[int], other_id: FromPath[int]) -> dict[str, object]:
    """What changed from plan ``plan_id`` to plan ``other_id``: who joined, who left, who moved role (each
    with e-mail and bench id, so namesakes are told apart), the weekly cost in dollars, and the figures
    level by level (the solver's units) and role by role."""
    c = service.compare(db, plan_id, other_id)

    def who(p: PersonRef) -> dict[str, object]:
        return {"specialist_id": p.specialist_id, "full_name": p.full_name, "email": p.email}

    def dollars(v: PlanView) -> float | None:
        return None if v.weekly_cost_cents is None else v.weekly_cost_cents / 100

    return {
        "from": plan_id,
        "to": other_id,
        "joined": [{**who(p), "role": r} for p, r in c.joined],
        "left": [{**who(p), "role": r} for p, r in c.left],
        "moved": [{**who(p), "from": a, "to": b} for p, a, b in c.moved],
        "weekly_cost_usd": {"from": dollars(c.older), "to": dollars(c.newer)},
        "levels": [{"name": n, "from": a, "to": b} for n, a, b in c.levels],
        "roles": [
            {"role": k, "filled_from": a, "filled_to": b, "returning_from": ra, "returning_to": rb}
            for k, a, b, ra, rb in c.roles
        ],
    }


@post(
    routes.API_APPROVE_PLAN.path,
    name=routes.API_APPROVE_PLAN.name,
    guards=[managers],
    tags=["plans"],
    sync_to_thread=True,
    status_code=200,
)
def approve_plan(
    request: Request, principal: CurrentPrincipal, clock: AppClock, plan_id: FromPath[int]
) -> ApprovedOut:
    """Re-check every rule against the database as it is now (from a read, holding no lock), then write
    the cycles' rosters and make them active — all or nothing. 409 ``approval_conflict`` names the people
    the plan can no longer have; 409 ``plan_outdated`` when the request changed since or a newer version
    exists."""
    state = request.app.state
    done = approval.approve(state.engine, Actor.of(principal), plan_id, clock.now(), state.settings.faults)
    return ApprovedOut(done.plan_id, done.cycles, done.added, done.kept, done.ended)


@get(
    routes.API_ROSTER_MEMBERS.path,
    name=routes.API_ROSTER_MEMBERS.name,
    guards=[staff_only],
    tags=["plans"],
    sync_to_thread=True,
)
def roster_members(db: DB, clock: AppClock, request_id: FromPath[int]) -> list[dict[str, object]]:
    """An approved request's running roster, each person with the reason they can no longer work, if any."""
    v = surges.view(db, request_id)
    return [
        {
            "specialist_id": m.engagement.specialist_id,
            "full_name": m.full_name,
            "role": m.role_key,
            "starts_on": m.engagement.starts_on.isoformat(),
            "problem": m.problem,
        }
        for m in roster.members(db, v, clock.today())
    ]


@post(
    routes.API_REMOVE_FROM_ROSTER.path,
    name=routes.API_REMOVE_FROM_ROSTER.name,
    guards=[managers],
    tags=["plans"],
    sync_to_thread=True,
    status_code=200,
)
def remove_from_roster(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    specialist_id: FromPath[int],
    data: JSONBody[RemovalIn],
) -> dict[str, object]:
    """Take a person off an approved roster: the engagement ends today; excluded, reason kept."""
    roster.remove(db, Actor.of(principal), request_id, specialist_id, data.reason, clock.today())
    return {"removed": specialist_id}


@post(
    routes.API_REPLAN.path,
    name=routes.API_REPLAN.name,
    guards=[managers],
    tags=["plans"],
    sync_to_thread=True,
    status_code=HTTP_202_ACCEPTED,
    opt={"errors": (429,)},
)
def replan(
    request: Request,
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    request_id: FromPath[int],
    data: JSONBody[ReplanStart | None] = None,
) -> PlanOut:
    """Fill an approved roster's open seats: everyone still eligible stays on their role (pinned),
    newcomers start over a new ramp. Approve the result like any plan."""
    plan = roster.replan(
        db,
        Actor.of(principal),
        request_id,
        clock.today(),
        time_limit=_time_limit(request),
        ramp_start=data.ramp_start if data else None,
        limits=request.app.state.settings.solve,
    )
    db.flush()
    return plan_out(service.plan_view(db, plan.id))


route_handlers = [
    start_plan,
    list_plans,
    get_plan,
    plan_people,
    plan_people_csv,
    plan_problem,
    plan_document,
    explain_person,
    compare_plans,
    approve_plan,
    roster_members,
    remove_from_roster,
    replan,
]
