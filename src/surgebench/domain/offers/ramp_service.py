"""The ramp as it runs: per ramp day (the offers' start days), how many were offered, are deciding,
accepted, declined, expired or started, against the day's onboarding capacity; the seats held against
the headcount, the open ones, the time the headcount took to fill, and whether the ramp will miss its
headcount at the answer rate seen so far."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from surgebench.domain.offers import repository
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.service import RequestView
from surgebench.lib.charts import Axis, Series, chart

COUNTED = ("offered", "accepted", "declined", "expired", "started", "withdrawn")


@dataclass(frozen=True)
class RampDay:
    day: date
    capacity: int
    offered: int
    """Offers made for seats starting this day (whatever became of them)."""
    deciding: int
    accepted: int
    """Accepted and not yet started."""
    declined: int
    expired: int
    started: int


@dataclass(frozen=True)
class Ramp:
    request_id: int
    headcount: int
    days: list[RampDay]
    holding: int
    """Accepted or started: seats filled."""
    deciding: int
    open_seats: int
    """Headcount not held by anyone who accepted, started or is still deciding."""
    offers: int
    time_to_fill: timedelta | None
    """From the first offer to the answer that filled the headcount (None: not filled yet)."""
    accept_rate: float | None
    """Of the offers answered or expired so far, the share accepted (None: no answer yet)."""
    projected: float
    """Seats held at the end if the deciding answer at today's rate."""

    @property
    def will_miss(self) -> bool:
        return self.projected < self.headcount


def ramp_of(db: Session, v: RequestView) -> Ramp:
    counts = repository.counts_by_day(db, v.request.id)
    capacity = {d.day: d.onboarding_capacity for d in v.ramp}
    days = sorted({*capacity, *(day for day, _s in counts)})

    def n(day: date, *states: str) -> int:
        return sum(counts.get((day, s), 0) for s in states)

    rows = [
        RampDay(
            day,
            capacity.get(day, 0),
            n(day, *COUNTED),
            n(day, "offered"),
            n(day, "accepted"),
            n(day, "declined"),
            n(day, "expired"),
            n(day, "started"),
        )
        for day in days
    ]
    headcount = sum(r.headcount for r in v.roles)
    holding = sum(r.accepted + r.started for r in rows)
    deciding = sum(r.deciding for r in rows)
    times = repository.answer_times(db, v.request.id)
    answered = [(a, s) for _o, a, s in times if s in ("accepted", "started", "declined", "expired")]
    accepted = sorted(a for a, s in answered if s in ("accepted", "started") and a is not None)
    rate = (len(accepted) / len(answered)) if answered else None
    first = min((o for o, _a, _s in times), default=None)
    filled = accepted[headcount - 1] - first if first and headcount and len(accepted) >= headcount else None
    projected = holding + deciding * (rate if rate is not None else 1.0)
    return Ramp(
        v.request.id,
        headcount,
        rows,
        holding,
        deciding,
        max(headcount - holding - deciding, 0),
        len(times),
        filled,
        rate,
        projected,
    )


def ramp(db: Session, request_id: int) -> Ramp:
    return ramp_of(db, surges.view(db, request_id))


def missing_headcount(db: Session, today: date) -> list[tuple[RequestView, Ramp]]:
    """Running ramps (approved, with offers, a ramp day still to come) that will miss their headcount at
    the answer rate seen so far."""
    found = []
    for request_id in repository.requests_with_offers(db):
        v = surges.view(db, request_id)
        if v.request.status != "approved" or not any(d.day >= today for d in v.ramp):
            continue
        figures = ramp_of(db, v)
        if figures.will_miss:
            found.append((v, figures))
    return found


def chart_of(r: Ramp) -> Markup:
    labels = [d.day.strftime("%m-%d") for d in r.days]
    return chart(
        labels,
        [
            Series("started", [d.started for d in r.days], key="started", stack="seats"),
            Series("accepted", [d.accepted for d in r.days], key="accepted", stack="seats"),
            Series("deciding", [d.deciding for d in r.days], key="deciding", stack="seats"),
            Series("declined or expired", [d.declined + d.expired for d in r.days], key="lost", stack="lost"),
            Series("onboarding capacity", [d.capacity for d in r.days], key="capacity", kind="mark"),
        ],
        title=f"Ramp: {r.holding} of {r.headcount} seats filled, {r.deciding} deciding, {r.open_seats} open",
        left=Axis("seats starting that day"),
    )


def live(db: Session, request_id: int, today: date) -> dict[str, Any]:
    """What the request page's live-ramp section shows: the figures, the chart, and the accepted offers
    whose first day has come (to mark who started)."""
    figures = ramp(db, request_id)
    startable = [o for o in repository.of_request(db, request_id, ("accepted",)) if o.starts_on <= today]
    names = repository.names(db, {o.specialist_id for o in startable})
    return {"ramp": figures, "chart": chart_of(figures), "can_start": startable, "names": names}
