"""The hiring list as JSON."""

from __future__ import annotations

from litestar import get

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.hiring import routes, service
from surgebench.lib.deps import DB


@get(
    routes.HIRING_API.path,
    name=routes.HIRING_API.name,
    guards=[staff_only],
    tags=["hiring"],
    sync_to_thread=True,
)
def hiring_api(db: DB) -> dict[str, object]:
    """Across every open request's latest plan: seats short by skill, level, languages and time zone, and
    the people who nearly qualify (vetting to renew or finish, one level short, quality just under)."""
    found = service.gather(db)
    return {
        "plans": found.plans,
        "shortages": [
            {
                "skill": s.skill,
                "min_level": s.min_level,
                "languages": list(s.languages),
                "utc_offset": list(s.utc_offset) if s.utc_offset else None,
                "missing": s.missing,
                "where": s.where,
            }
            for s in found.shortages
        ],
        "near_misses": [
            {
                "specialist_id": m.specialist_id,
                "full_name": m.full_name,
                "email": m.email,
                "country": m.country,
                "reasons": m.reasons,
            }
            for m in found.near_misses
        ],
        "reason_counts": found.reason_counts,
    }


route_handlers = [hiring_api]
