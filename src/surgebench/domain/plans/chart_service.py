"""The plan's charts: the ramp (newcomers starting each day against onboarding capacity, the team
growing against the seats asked) and each role's country mix against its cap."""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from markupsafe import Markup

from surgebench.lib.charts import Axis, Series, chart


def ramp(figures: dict[str, Any], seats: int, title: str) -> Markup:
    days = figures.get("ramp", [])
    labels = [d["date"][5:] for d in days]
    team = list(accumulate(d["new"] + d["returning"] for d in days))
    return chart(
        labels,
        [
            Series("new starting", [d["new"] for d in days], key="new", stack="starts"),
            Series("returning starting", [d["returning"] for d in days], key="returning", stack="starts"),
            Series("onboarding capacity", [d["capacity"] for d in days], key="capacity", kind="mark"),
            Series("team", team, key="team", kind="line", axis="right"),
            Series("seats asked", [seats] * len(days), key="target", kind="mark", axis="right"),
        ],
        title=title,
        left=Axis("starting that day"),
        right=Axis("team", maximum=max([seats, *team, 1])),
    )


def countries(role: dict[str, Any], title: str, shown: int = 8) -> Markup:
    mix = list(role.get("countries", {}).items())[:shown]
    cap = role.get("country_cap")
    series = [Series("people", [n for _c, n in mix], key="share")]
    if cap is not None:
        series.append(Series(f"cap ({cap})", [cap] * len(mix), key="cap", kind="mark"))
    return chart([c for c, _n in mix], series, title=title, left=Axis("people"), width=380, height=200)
