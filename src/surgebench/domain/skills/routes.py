"""The skills domain's routes, each path once by name (``lib.routing``), and the
handlers ``app.create_app`` mounts."""

from __future__ import annotations

from surgebench.lib.routing import Route

API_SKILLS = Route("skills.api_skills", "/api/skills")


def handlers() -> list:
    """The domain's handlers (imported here, not above: they import this module's routes)."""
    from surgebench.domain.skills.controllers import list_skills

    return [list_skills]
