"""The skills domain's route handlers, collected for ``app.create_app``."""

from __future__ import annotations

from surgebench.domain.skills.controllers import list_skills

route_handlers: list = [list_skills]
