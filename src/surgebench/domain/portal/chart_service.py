"""The portal's charts: a starting cycle's ramp against the plan, continuity over time, and the teams'
make-up by country over cycles (folded)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from surgebench.domain.portal.makeup_service import OTHER, CycleMakeUp, RoleMakeUp
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


def countries_per_cycle(cycles: Sequence[CycleMakeUp], title: str) -> Markup:
    """Stacked bars: each approved team by country, as folded for the client (every group shown has five
    people or more; the rest is "other")."""
    names = sorted({g.name for c in cycles for g in c.countries if g.name != OTHER})
    names.sort(key=lambda n: -sum(g.people for c in cycles for g in c.countries if g.name == n))
    keys = ("returning", "new", "starts", "rate", "capacity", "team")

    def people(c: CycleMakeUp, name: str) -> int:
        return next((g.people for g in c.countries if g.name == name), 0)

    series = [
        Series(name, [people(c, name) for c in cycles], key=keys[i % len(keys)], stack="team")
        for i, name in enumerate(names)
    ]
    if any(people(c, OTHER) for c in cycles):
        series.append(Series(OTHER, [people(c, OTHER) for c in cycles], key="cap", stack="team"))
    return chart([f"C{c.cycle}" for c in cycles], series, title=title, left=Axis("people"))


def countries_per_role(c: CycleMakeUp, title: str) -> Markup:
    """Stacked bars: each role of one approved team by country (folded), with the role's country cap as a
    tick (a country's bar above it is over the cap; "other" holds several countries, never one)."""
    keys = ("returning", "new", "starts", "rate", "capacity", "team")
    names = sorted({g.name for r in c.roles for g in r.countries if g.name != OTHER})

    def people(r: RoleMakeUp, name: str) -> int:
        return next((g.people for g in r.countries if g.name == name), 0)

    series = [
        Series(name, [people(r, name) for r in c.roles], key=keys[i % len(keys)], stack="role")
        for i, name in enumerate(names)
    ]
    if any(people(r, OTHER) for r in c.roles):
        series.append(Series(OTHER, [people(r, OTHER) for r in c.roles], key="cap", stack="role"))
    if any(r.country_cap is not None for r in c.roles):
        series.append(Series("country cap", [r.country_cap for r in c.roles], key="target", kind="mark"))
    return chart([r.role for r in c.roles], series, title=title, left=Axis("people"))


def roster_ramp(view: RosterView) -> Markup | None:
    """The ramp chart of a roster's cycle, when it has a ramp."""
    return ramp(view.ramp, view.seats, f"Cycle {view.cycle.number}: people starting") if view.ramp else None
