"""Paths are names: each domain's ``routes.py`` says its paths once, as ``Route`` constants; handlers are
declared with ``routes.X.path, name=routes.X.name``, redirects go to ``routes.X.url(...)`` and templates
build links with ``url_for("<route name>", ...)``, so no path is written twice."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
"""A Litestar path parameter: ``{plan_id:int}`` (the type is Litestar's to check, not ``url``'s)."""


@dataclass(frozen=True)
class Route:
    """A route's name (unique in the app, ``<domain>.<what>``) and its path with Litestar placeholders."""

    name: str
    path: str

    @cached_property
    def params(self) -> frozenset[str]:
        """The names of the path's parameters."""
        return frozenset(_PARAM.findall(self.path))

    @cached_property
    def _format(self) -> str:
        """The path as a format string: ``/plans/{plan_id}``."""
        return _PARAM.sub(r"{\1}", self.path)

    def url(self, **params: Any) -> str:
        """The path with every parameter filled in: ``PLAN.url(plan_id=3)`` is ``/plans/3``. A missing or an
        unknown parameter is a programming error (``ValueError`` naming it); no app is needed."""
        if params.keys() != self.params:
            missing, extra = self.params - params.keys(), params.keys() - self.params
            raise ValueError(
                f"route {self.name} ({self.path}): missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return self._format.format_map(params)
