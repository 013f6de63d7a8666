"""The skills API's JSON bodies."""

from __future__ import annotations

import msgspec


class SkillOut(msgspec.Struct):
    id: str
    """Stable id, e.g. ``coding.python``; what specialist skills and role requirements refer to."""
    name: str
    area: str
    description: str
