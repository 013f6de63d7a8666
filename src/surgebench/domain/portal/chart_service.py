"""The portal's charts: a starting cycle's ramp against the plan, and continuity over time."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from surgebench.domain.portal.service import RampDayFigures, RosterView
from surgebench.domain.programs.continuity_service import CycleFigures
from surgebench.lib.charts import Axis, Series, chart


def ramp(days: Sequence[RampDayFigures], seats: int | None, title: str) -> Markup:
    team_top = max([seats or 0, *(d.team for d in days), 1])
    series = [
        Series("planned to start", [d.planned for d in days], key="new", stack="planned"),
        Series("started", [d.started or 0 for d in days], key="starts", stack="started"),
        Series("accepted the offer", [d.accepted for d in days], key="accepted", stack="accepted"),
        Series("team so far", [d.team for d in days], key="team", kind="line", axis="right"),
    ]
    if seats:
        series.append(Series("headcount asked", [seats] * len(days), key="target", kind="mark", axis="right"))
    return chart(
        [d.day.strftime("%m-%d") for d in days],
        series,
        title=title,
        left=Axis("people a day"),
        right=Axis("team", maximum=team_top),
    )


def continuity_over_time(cycles: Sequence[CycleFigures], title: str) -> Markup:
    return chart(
        [f"C{c.number}" for c in cycles],
        [
            Series("returning", [c.returning for c in cycles], key="returning"),
            Series("new", [c.new for c in cycles], key="new"),
            Series(
                "share returning",
                [c.returning / c.team if c.team and c.previous_team is not None else None for c in cycles],
                key="rate",
                kind="line",
                axis="right",
            ),
        ],
        title=title,
        left=Axis("people"),
        right=Axis("share returning", lambda v: f"{v:.0%}", 1.0),
    )


def roster_ramp(view: RosterView) -> Markup | None:
    """The ramp chart of a roster's cycle, when it has a ramp."""
    return ramp(view.ramp, view.seats, f"Cycle {view.cycle.number}: people starting") if view.ramp else None
