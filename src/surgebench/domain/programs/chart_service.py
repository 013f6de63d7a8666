"""The programs domain's charts: team size per cycle, split into returning and new people, with the
retention rate on the right axis."""

from __future__ import annotations

from collections import Counter
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


def countries_per_cycle(totals: dict[int, Counter[str]], title: str, shown: int = 6) -> Markup:
    """Stacked bars: each cycle's team by country (the ``shown`` largest overall, the rest as other)."""
    overall: Counter[str] = Counter()
    for c in totals.values():
        overall.update(c)
    top = [country for country, _n in overall.most_common(shown)]
    cycles = sorted(totals)
    keys = ("returning", "new", "starts", "rate", "capacity", "team")
    series = [
        Series(country, [totals[n].get(country, 0) for n in cycles], key=keys[i % len(keys)], stack="team")
        for i, country in enumerate(top)
    ]
    rest = [sum(v for k, v in totals[n].items() if k not in top) for n in cycles]
    if any(rest):
        series.append(Series("other", rest, key="cap", stack="team"))
    return chart([f"C{n}" for n in cycles], series, title=title, left=Axis("people"))
