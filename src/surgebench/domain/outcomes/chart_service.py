"""The outcomes domain's charts: a person's estimate over time, and a program's outcome of returning vs
new people per cycle."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from surgebench.domain.outcomes.service import ContinuityQuality
from surgebench.lib.charts import Axis, Series, chart

SHARE = Axis("quality", lambda v: f"{v:.2f}", 1.0)


def returning_vs_new(cycles: Sequence[ContinuityQuality], title: str) -> Markup:
    def q(milli: int | None) -> float | None:
        return None if milli is None else milli / 1000

    return chart(
        [f"C{c.number}" for c in cycles],
        [
            Series("returning", [q(c.returning_milli) for c in cycles], key="returning", kind="line"),
            Series("new", [q(c.new_milli) for c in cycles], key="rate", kind="line"),
        ],
        title=title,
        left=SHARE,
        height=220,
    )


def estimate_history(points: Sequence[tuple[str, date, int]], title: str) -> Markup:
    """The estimate after each report day, one line per skill (days in order across skills)."""
    days = sorted({day for _skill, day, _q in points})
    skills = sorted({skill for skill, _day, _q in points})
    series = []
    for index, skill in enumerate(skills):
        values: list[float | None] = []
        last: float | None = None
        by_day = {day: q for s, day, q in points if s == skill}
        for day in days:
            if day in by_day:
                last = by_day[day] / 1000
            values.append(last)
        series.append(Series(skill, values, key=("starts", "rate", "team", "cap")[index % 4], kind="line"))
    return chart([d.isoformat() for d in days], series, title=title, left=SHARE, height=200)
