"""Backfill: the scheduled job that fills again the seats declines and expiries freed, while the ramp runs.

Once per slot across instances (the upkeep ledger), for every approved request whose ramp still has days
to come and whose roster has open seats, it starts a re-plan (``plans.roster.replan``): everyone who
accepted or is still deciding stays on their role and start date (pinned), nobody who declined or let an
offer expire is a candidate (they are excluded from the request), newcomers start only on the ramp days
still to come, within the onboarding capacity those days have left, and continuity comes first among the
rest (the solver's own order). The plan is marked ``backfill`` in its overrides.

Per request (``offer_terms.backfill``): ``approval`` — the ready re-plan waits, shown on ``/attention``
with the open seats, for a manager to approve like any plan; ``auto`` — approved right after its solve,
in the same job (``plans.jobs.solve_then_approve``; a slot finding one still ready queues
``APPROVE_KIND``), by the same re-check as a manual approval, audited as the system's.
A request whose revision has not changed since its last backfill plan (no new decline or expiry) is left
alone: the bench could not fill its seats then and nothing has freed a new one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Plan
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import service as jobs
from surgebench.domain.offers import repository
from surgebench.domain.offers.service import terms_of
from surgebench.domain.plans import repository as plans
from surgebench.domain.plans import roster_service as roster
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.service import RequestView
from surgebench.lib.errors import DomainError
from surgebench.settings import get_settings

log = logging.getLogger("surgebench.offers")

BACKFILL = Actor.system("backfill")
APPROVE_KIND = "backfill_approve"
"""The job that approves an automatic backfill's ready re-plan."""


@dataclass(frozen=True)
class OpenRamp:
    """A ramp still running with seats to fill."""

    view: RequestView
    open_seats: int
    latest: Plan | None
    """The request's newest plan, when it is a backfill."""


def open_ramps(db: Session, today: date) -> list[OpenRamp]:
    found = []
    for request_id in repository.requests_with_offers(db):
        v = surges.view(db, request_id)
        if v.request.status != "approved" or not any(d.day >= today for d in v.ramp):
            continue
        holding = [m for m in roster.members(db, v, today) if m.problem is None and m.role_key is not None]
        open_seats = sum(r.headcount for r in v.roles) - len(holding)
        latest_id = plans.latest_id(db, request_id)
        latest = plans.get(db, latest_id) if latest_id is not None else None
        if latest is not None and not (latest.overrides or {}).get("backfill"):
            latest = None
        if open_seats > 0 or (latest is not None and latest.status == "ready"):
            found.append(OpenRamp(v, max(open_seats, 0), latest))
    return found


def backfill_ramps(db: Session, now: datetime) -> dict[str, Any]:
    """The scheduled job: re-plan each running ramp's open seats, or queue the approval of an automatic
    backfill's ready re-plan."""
    today = now.date()
    started, approving, waiting = [], [], []
    for ramp in open_ramps(db, today):
        v, latest = ramp.view, ramp.latest
        mode = terms_of(db, v.request.id).backfill
        answered = _answered_revision(db, latest) if latest is not None else None
        current = answered == v.request.revision
        if latest is not None and latest.status == "solving":
            continue
        if latest is not None and latest.status == "ready" and current:
            if mode == "auto":
                jobs.enqueue(
                    db, BACKFILL, APPROVE_KIND, {"plan_id": latest.id, "title": f"Backfill: {v.label}"}
                )
                approving.append(latest.id)
            else:
                waiting.append(latest.id)
            continue
        if ramp.open_seats == 0 or (latest is not None and current):
            continue  # nothing freed since the last backfill
        try:
            plan = roster.replan(
                db,
                BACKFILL,
                v.request.id,
                today,
                time_limit=get_settings().solve.time_limit_seconds,
                marks={"backfill": mode},
            )
        except DomainError as exc:
            log.info("backfill of request %s: %s", v.request.id, exc.message)
            continue
        started.append(plan.id)
    return {
        "replans": len(started),
        "approvals": len(approving),
        "waiting": len(waiting),
        "plans": started[:20],
    }


def _answered_revision(db: Session, plan: Plan) -> int | None:
    for pr in plans.plan_requests(db, plan.id):
        if pr.request_id == plan.request_id:
            return pr.request_revision
    return None


def waiting(db: Session, today: date) -> list[OpenRamp]:
    """Backfill proposals waiting for a manager's approval (the request's newest plan, ready)."""
    return [r for r in open_ramps(db, today) if r.latest is not None and r.latest.status == "ready"]
