"""The programs domain's charts: team size per cycle, split into returning and new people, with the
retention rate on the right axis."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from surgebench.domain.programs.continuity_service import CycleFigures
from surgebench.lib.charts import Axis, Series, chart


def team_per_cycle(cycles: Sequence[CycleFigures], title: str = "Team per cycle") -> Markup:
    labels = [f"C{c.number}" for c in cycles]
    return chart(
        labels,
        [
            Series("returning", [c.returning for c in cycles], key="returning"),
            Series("new", [c.new for c in cycles], key="new"),
            Series("retention", [c.retention for c in cycles], key="rate", kind="line", axis="right"),
        ],
        title=title,
        left=Axis("people"),
        right=Axis("retention", lambda v: f"{v:.0%}", 1.0),
    )
