"""How much planning may be in flight (queued or solving) at once, and how plans stop.

- **One plan per request.** A new plan of a request supersedes every plan still in flight that answers
  it (queued: its job never runs; solving: it stops at the solve's next progress report). Only a
  request's newest plan can ever be approved, so the older one's result would be thrown away.
- **``plans_per_user`` per user** (``SolveSettings``, 3 by default): one more is refused with a 429 that
  names the limit and says when to try again (``Retry-After``).
- **A cancelled request's plans stop**, queued or solving.

A stopped plan ends ``cancelled``, saying why in its ``error``; its job ends ``cancelled`` too, and nothing
of the solve is written (the job stores a plan only while the plan is still ``solving``, checked under the
plan's lock). Each stop is audited."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.orm import SurgeRequest
from surgebench.db.session import take_turn
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.jobs import service as jobs
from surgebench.domain.plans import repository
from surgebench.domain.plans.errors import TooManyPlans
from surgebench.domain.surges import service as surges
from surgebench.settings import SolveSettings

TURN = "plan_queue"
"""Queueing and stopping plans take turns across instances (on SQLite the write lock already does), so
two plans asked at once cannot both pass the user's limit, nor a plan slip past its request's cancel."""


def take_queue_turn(db: Session) -> None:
    """Call first, before reading the requests a new plan answers."""
    take_turn(db, TURN)


def make_room(
    db: Session, actor: Actor, request_ids: Collection[int], version: int, limits: SolveSettings | None
) -> None:
    """Before a new plan (``version`` of the first request) answering ``request_ids`` is queued: supersede
    the plans in flight that answer them, then refuse if the user still has ``plans_per_user`` in flight
    (``limits`` is ``None`` for the system's own plans: commands, benchmarks)."""
    stop(
        db,
        actor,
        request_ids,
        f"superseded: plan v{version} of the same request was asked for before "
        "this one finished, so this one was not solved to the end.",
    )
    if limits is None or actor.user_id is None:
        return
    in_flight = repository.in_flight_count_by(db, actor.user_id)
    if in_flight >= limits.plans_per_user:
        refused = TooManyPlans(
            f"You already have {in_flight} plans queued or solving; one user may have "
            f"{limits.plans_per_user} at once (PLANS_PER_USER). Wait until one of them is done, or plan "
            "again a request whose plan is still in flight (the new plan replaces it).",
            details={"limit": limits.plans_per_user, "in_flight": in_flight},
        )
        refused.retry_after = limits.retry_after_seconds
        raise refused


def stop(db: Session, actor: Actor, request_ids: Collection[int], reason: str) -> list[int]:
    """Stop every plan in flight that answers these requests: the plan is ``cancelled`` with ``reason``,
    its job cancelled (queued) or asked to stop (solving). Returns the plans stopped."""
    take_turn(db, TURN)
    stopped = []
    for plan in repository.in_flight_answering(db, request_ids, lock=True):
        plan.status, plan.error, plan.finished_at = "cancelled", reason[0].upper() + reason[1:], utcnow()
        if plan.job_id is not None:
            jobs.cancel(db, plan.job_id, plan.error)
        record(db, actor, "cancel", "plan", plan.id, {"version": plan.version, "reason": plan.error})
        stopped.append(plan.id)
    db.flush()
    return stopped


def cancel_request(db: Session, actor: Actor, request_id: int) -> SurgeRequest:
    """Cancel an open surge request, and stop its plans still queued or solving (``stop``)."""
    return surges.cancel_request(db, actor, request_id, lambda reason: stop(db, actor, [request_id], reason))
