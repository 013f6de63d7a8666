"""Skills: the taxonomy specialists are rated on and roles ask for."""

from surgebench.domain.skills.controllers import list_skills

route_handlers: list = [list_skills]
