"""Paths are names: each domain's ``routes.py`` says its paths once, as ``Route`` constants; handlers are
declared with ``routes.X.path, name=routes.X.name``, redirects go to ``routes.X.url(...)`` and templates
build links with ``url_for("<route name>", ...)``, so no path is written twice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
"""A Litestar path parameter: ``{plan_id:int}`` (the type is Litestar's to check, not ``url``'s)."""


@dataclass(frozen=True)
class Route:
    """A route's name (unique in the app, ``<domain>.<what>``) and its path with Litestar placeholders."""

    name: str
    path: str

    @property
    def params(self) -> tuple[str, ...]:
        """The names of the path's parameters, in order."""
        return tuple(_PARAM.findall(self.path))

    def url(self, **params: Any) -> str:
        """The path with every parameter filled in: ``PLAN.url(plan_id=3)`` is ``/plans/3``. A missing or an
        unknown parameter is a programming error (``ValueError`` naming it); no app is needed."""
        wanted = set(self.params)
        missing, extra = wanted - params.keys(), params.keys() - wanted
        if missing or extra:
            raise ValueError(
                f"route {self.name} ({self.path}): missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return _PARAM.sub(lambda m: str(params[m.group(1)]), self.path)
