"""Asking the solver for a plan: a new numbered version of the request's plan (optionally answering every
open request whose cycle overlaps, so shared people and competitor rules hold across them), solved by a
background job that any instance may run. A re-plan is the same with the roster's people still eligible
pinned to their roles and a ramp from today."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Plan, PlanRequest
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.jobs import service as jobs
from surgebench.domain.plans import queue_service as queue
from surgebench.domain.plans import repository
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.ask_schemas import KeptStart, PinAsk, RampDayAsk, SurgeAsk
from surgebench.domain.surges.errors import RequestNotOpen
from surgebench.domain.surges.service import RequestView
from surgebench.lib.errors import ValidationFailed
from surgebench.settings import SolveSettings

KIND = "surge_plan"
"""The job kind that solves a plan."""


def start_plan(
    db: Session,
    actor: Actor,
    request_id: int,
    *,
    time_limit: float,
    together: bool = False,
    kind: str = "plan",
    overrides: Mapping[str, Any] | None = None,
    limits: SolveSettings | None = None,
) -> Plan:
    """Queue a new plan version for the request (and, ``together``, every open request whose cycle overlaps
    it). Runnable by any instance once the caller's transaction commits. It supersedes the plans still in
    flight for those requests; a user (``limits``) over ``plans_per_user`` is refused (``queue``)."""
    queue.take_queue_turn(db)
    v = surges.view(db, request_id)
    wanted = "approved" if kind == "replan" else "open"
    if v.request.status != wanted:
        raise RequestNotOpen(
            f"Surge request {request_id} is {v.request.status}: "
            + (
                "only an approved roster can be re-planned."
                if kind == "replan"
                else "only an open request can be planned."
            )
        )
    if not any(r.headcount > 0 for r in v.roles) and not v.pins:
        raise ValidationFailed(
            "The request asks for no seats: add a role with a headcount first.",
            fields={"roles": "no seats asked"},
        )
    ids = [request_id] + (surges.overlapping_open(db, request_id) if together else [])
    version = repository.next_version(db, request_id)
    queue.make_room(db, actor, ids, version, limits)
    plan = Plan(
        request_id=request_id,
        version=version,
        kind=kind,
        status="solving",
        created_by_id=actor.user_id,
        overrides=dict(overrides or {}),
    )
    db.add(plan)
    db.flush()
    for view in surges.views(db, ids):
        db.add(
            PlanRequest(plan_id=plan.id, request_id=view.request.id, request_revision=view.request.revision)
        )
    job = jobs.enqueue(
        db,
        actor,
        KIND,
        {
            "plan_id": plan.id,
            "time_limit": time_limit,
            "title": f"{kind.capitalize()} v{plan.version}: {v.label}",
        },
    )
    plan.job_id = job.id
    db.flush()
    record(
        db,
        actor,
        kind,
        "surge_request",
        request_id,
        {
            "plan_id": plan.id,
            "version": plan.version,
            "together_with": ids[1:],
            "revision": v.request.revision,
        },
    )
    return plan


def asks_for(views: Sequence[RequestView], overrides: Mapping[str, Any] | None) -> list[SurgeAsk]:
    """The requests as the problem builder reads them, with a re-plan's kept people (pinned to their
    roles, on their start dates) and its ramp."""
    overrides = overrides or {}
    asks = []
    for v in views:
        key = str(v.request.id)
        pins = [PinAsk(int(sid), role) for sid, role in overrides.get("pins", {}).get(key, [])]
        ask = surges.ask_of(v, extra_pins=pins)
        ramp = overrides.get("ramp", {}).get(key)
        if ramp:
            ask = replace(ask, ramp=tuple(RampDayAsk(date.fromisoformat(d), int(c)) for d, c in ramp))
        kept = overrides.get("kept", {}).get(key)
        if kept:
            ask = replace(ask, kept=tuple(KeptStart(int(sid), date.fromisoformat(d)) for sid, d in kept))
        asks.append(ask)
    return asks
