"""JSON API: the skills taxonomy (read-only; staff use it to write skills and filters)."""

from __future__ import annotations

from litestar import get

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.skills import repository, routes
from surgebench.domain.skills.schemas import SkillOut
from surgebench.lib.deps import DB


@get(
    routes.API_SKILLS.path,
    name=routes.API_SKILLS.name,
    guards=[staff_only],
    sync_to_thread=True,
    tags=["skills"],
)
def list_skills(db: DB) -> list[SkillOut]:
    """Every skill, grouped by area."""
    return [
        SkillOut(id=s.id, name=s.name, area=s.area, description=s.description)
        for s in repository.list_all(db)
    ]
