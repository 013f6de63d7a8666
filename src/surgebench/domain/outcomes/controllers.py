"""Outcomes over JSON: an engagement's outcomes, entering and correcting one (program managers), a
person's quality estimates with their evidence and history, and a program's quality gate."""

from __future__ import annotations

from litestar import get, patch, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from surgebench.domain.accounts.guards import managers, staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.outcomes import routes, service
from surgebench.domain.outcomes.schemas import (
    EstimateOut,
    GateIn,
    GateOut,
    HeldBackOut,
    OutcomeChange,
    OutcomeIn,
    OutcomeOut,
    QualityOut,
    QualityPoint,
)
from surgebench.lib.clock import AppClock
from surgebench.lib.deps import DB, CurrentPrincipal


@get(
    routes.API_ENGAGEMENT_OUTCOMES.path,
    name=routes.API_ENGAGEMENT_OUTCOMES.name,
    guards=[staff_only],
    tags=["outcomes"],
    sync_to_thread=True,
)
def engagement_outcomes(db: DB, engagement_id: FromPath[int]) -> list[OutcomeOut]:
    """An engagement's outcomes, oldest first."""
    return [OutcomeOut.of(o) for o in service.of_engagement(db, engagement_id)]


@post(
    routes.API_ENGAGEMENT_OUTCOMES.path,
    guards=[managers],
    tags=["outcomes"],
    sync_to_thread=True,
    status_code=HTTP_201_CREATED,
)
def report_outcome(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    engagement_id: FromPath[int],
    data: JSONBody[OutcomeIn],
) -> OutcomeOut:
    """Enter what the lab measured of an engagement on one day (audited). One outcome per engagement and
    day: a second one for the same day is a 409 (correct the first)."""
    return OutcomeOut.of(service.report(db, Actor.of(principal), engagement_id, data.given(), clock.today()))


@get(
    routes.API_OUTCOME.path,
    name=routes.API_OUTCOME.name,
    guards=[staff_only],
    tags=["outcomes"],
    sync_to_thread=True,
)
def get_outcome(db: DB, outcome_id: FromPath[int]) -> OutcomeOut:
    return OutcomeOut.of(service.get(db, outcome_id))


@patch(routes.API_OUTCOME.path, guards=[managers], tags=["outcomes"], sync_to_thread=True)
def correct_outcome(
    db: DB,
    principal: CurrentPrincipal,
    clock: AppClock,
    outcome_id: FromPath[int],
    data: JSONBody[OutcomeChange],
) -> OutcomeOut:
    """Correct an outcome: an audited edit (old → new in the audit log)."""
    return OutcomeOut.of(service.correct(db, Actor.of(principal), outcome_id, data.given(), clock.today()))


@get(
    routes.API_SPECIALIST_QUALITY.path,
    name=routes.API_SPECIALIST_QUALITY.name,
    guards=[staff_only],
    tags=["outcomes"],
    sync_to_thread=True,
)
def specialist_quality(db: DB, clock: AppClock, specialist_id: FromPath[int]) -> QualityOut:
    """A person's quality estimate per skill (the vetting score rolled with their outcomes, as the solver
    gets it), the evidence behind each (items, last outcome date) and its value after each report day."""
    view = service.quality_of(db, specialist_id, clock.today())
    return QualityOut(
        specialist_id,
        view.vetting_milli / 1000,
        [EstimateOut.of(e) for e in view.skills],
        [QualityPoint(skill, day, milli / 1000) for skill, day, milli in view.history],
    )


@get(
    routes.API_PROGRAM_GATE.path,
    name=routes.API_PROGRAM_GATE.name,
    guards=[staff_only],
    tags=["outcomes"],
    sync_to_thread=True,
)
def program_gate(db: DB, program_id: FromPath[int]) -> GateOut:
    """A program's quality gate."""
    return GateOut.of(service.gate_of(db, program_id))


@put(routes.API_PROGRAM_GATE.path, guards=[managers], tags=["outcomes"], sync_to_thread=True)
def set_program_gate(
    db: DB, principal: CurrentPrincipal, program_id: FromPath[int], data: JSONBody[GateIn]
) -> GateOut:
    """Set a program's quality gate (audited): someone below it is not rewarded as returning in the next
    plan, and is listed for the manager on ``/attention``."""
    raw = {"min_estimate": data.min_estimate, "min_returning_outcome": data.min_returning_outcome}
    return GateOut.of(service.set_gate(db, Actor.of(principal), program_id, raw))


@get(
    routes.API_PROGRAM_HELD_BACK.path,
    name=routes.API_PROGRAM_HELD_BACK.name,
    guards=[staff_only],
    tags=["outcomes"],
    sync_to_thread=True,
)
def program_held_back(db: DB, clock: AppClock, program_id: FromPath[int]) -> list[HeldBackOut]:
    """Who the program's gate holds back from its next cycle (people of its latest closed cycle)."""
    service.gate_of(db, program_id)
    return [HeldBackOut.of(h) for h in service.held_back_now(db, clock.today(), program_id)]


route_handlers = [
    engagement_outcomes,
    report_outcome,
    get_outcome,
    correct_outcome,
    specialist_quality,
    program_gate,
    set_program_gate,
    program_held_back,
]
