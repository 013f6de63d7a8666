"""Engagements over JSON: one engagement, a person's record, and corrections (staff only)."""

from __future__ import annotations

from litestar import get, patch
from litestar.params import FromPath, JSONBody

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import routes, service
from surgebench.domain.engagements.schemas import EngagementChange, EngagementOut
from surgebench.lib.deps import DB, CurrentPrincipal


@get(
    routes.API_ENGAGEMENT.path,
    name=routes.API_ENGAGEMENT.name,
    guards=[staff_only],
    tags=["engagements"],
    sync_to_thread=True,
)
def get_engagement(db: DB, engagement_id: FromPath[int]) -> EngagementOut:
    """One engagement with its client, model and cycle."""
    return EngagementOut.of(service.get(db, engagement_id))


@patch(routes.API_ENGAGEMENT.path, guards=[staff_only], tags=["engagements"], sync_to_thread=True)
def correct_engagement(
    db: DB, principal: CurrentPrincipal, engagement_id: FromPath[int], data: JSONBody[EngagementChange]
) -> EngagementOut:
    """Correct an engagement (audited; history is never deleted): dates must stay inside its cycle."""
    return EngagementOut.of(service.correct(db, Actor.of(principal), engagement_id, data.given()))


@get(
    routes.API_SPECIALIST_ENGAGEMENTS.path,
    name=routes.API_SPECIALIST_ENGAGEMENTS.name,
    guards=[staff_only],
    tags=["engagements"],
    sync_to_thread=True,
)
def specialist_engagements(db: DB, specialist_id: FromPath[int]) -> list[EngagementOut]:
    """A person's engagements (client, model, cycle, role, dates), newest first."""
    return [EngagementOut.of(e) for e in service.history_of(db, specialist_id)]


route_handlers = [get_engagement, correct_engagement, specialist_engagements]
