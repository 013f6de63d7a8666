"""The one rule that turns outcomes into a specialist's quality per skill. The profile, the bench
filter, the API and the problem the solver gets all read it (``estimates``), so the number is the same
everywhere. The bench filter reads it stored (``refresh``, table ``quality_estimates``): the daily
``quality_estimates`` upkeep job stores the whole bench's as of that day, and reporting or correcting
an outcome stores that person's again as of the day it happens.

The rule, for one person and one skill, as of a day ``today`` (a reviewer can check it by hand):

- the **prior** is the vetting score ``q0`` (the specialist's ``quality``), worth ``K`` reviewed items
  (``QualitySettings.prior_items``, 50);
- each outcome of an engagement in that skill, reported on or before ``today``, counts its items
  reviewed ``n`` with the weight ``w = 0.5 ** (age / H)``, ``age`` its days before ``today`` and ``H``
  the half-life (``QualitySettings.half_life_days``, 180); its quality ``r`` is the lab's score when
  given, else items accepted ÷ items reviewed;
- ``estimate = (K·q0 + Σ w·n·r) / (K + Σ w·n)``, in thousandths rounded half up.

So with no outcomes the estimate is the vetting score; 50 fresh items at 0.5 pull a 0.9 prior to 0.7;
an outcome 180 days old counts half as much as the same one today. Worked cases are in
``docs/quality.md`` and ``tests/unit/outcomes/test_estimate.py``.

Set-based: one query reads every outcome of the bench (or of the people asked, 5,000 at a time) as
integer sums, and the arithmetic is done here, in one place, in the same order on both engines."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from surgebench.domain.outcomes import repository
from surgebench.settings import QualitySettings, get_settings


@dataclass(frozen=True)
class Estimate:
    """A person's quality in one skill, and the evidence behind it."""

    skill: str
    quality_milli: int
    prior_milli: int
    items: int
    """Items reviewed in the outcomes it rests on (undiscounted)."""
    outcomes: int
    last_reported_on: date | None

    @property
    def quality(self) -> float:
        return self.quality_milli / 1000


@dataclass
class _Sums:
    """One person's outcomes in one skill, added up oldest day first (so the result does not depend on
    the order rows arrive in): Σ w·n·r, Σ w·n, Σ n, how many, the last day."""

    weighted_points: float = 0.0
    weighted_items: float = 0.0
    items: int = 0
    outcomes: int = 0
    last: str | None = None


def weight(age_days: int, half_life_days: int) -> float:
    """An outcome's weight ``age_days`` old: 1 today, 0.5 after one half-life."""
    return 0.5 ** (max(age_days, 0) / half_life_days)


def rolled(prior_milli: int, weighted_points_milli: float, weighted_items: float, prior_items: int) -> int:
    """``(K·q0 + Σ w·n·r) / (K + Σ w·n)`` in thousandths, rounded half up."""
    value = (prior_items * prior_milli + weighted_points_milli) / (prior_items + weighted_items)
    return min(1000, max(0, math.floor(value + 0.5)))


class _Weights(dict[str, float]):
    """Weight per report day (ISO text), worked out once per day."""

    def __init__(self, today: date, half_life_days: int) -> None:
        super().__init__()
        self.today, self.half_life_days = today, half_life_days

    def __missing__(self, day: str) -> float:
        w = self[day] = weight((self.today - date.fromisoformat(day)).days, self.half_life_days)
        return w


def _finish(skill: str, prior_milli: int, sums: _Sums, settings: QualitySettings) -> Estimate:
    quality = rolled(prior_milli, sums.weighted_points, sums.weighted_items, settings.prior_items)
    last = date.fromisoformat(sums.last) if sums.last else None
    return Estimate(skill, quality, prior_milli, sums.items, sums.outcomes, last)


def estimate_of(
    prior_milli: int,
    skill: str,
    outcomes: Iterable[tuple[date, int, int]],
    today: date,
    settings: QualitySettings | None = None,
) -> Estimate:
    """The rule for one person and skill; ``outcomes`` are ``(reported_on, items_reviewed,
    points_milli)`` with ``points_milli`` = n·r in thousandths (accepted × 1000, or score_milli × n).
    Outcomes reported after ``today`` do not count yet."""
    settings = settings or get_settings().quality
    by_day: dict[str, list[int]] = {}
    for reported_on, reviewed, points in outcomes:
        if reported_on <= today:
            found = by_day.setdefault(reported_on.isoformat(), [0, 0, 0])
            found[0] += reviewed
            found[1] += points
            found[2] += 1
    weights = _Weights(today, settings.half_life_days)
    sums = _Sums()
    for day in sorted(by_day):
        _add(sums, weights[day], day, *by_day[day])
    return _finish(skill, prior_milli, sums, settings)


def _add(sums: _Sums, w: float, day: str, reviewed: int, points: int, count: int) -> None:
    sums.weighted_points += w * points
    sums.weighted_items += w * reviewed
    sums.items += reviewed
    sums.outcomes += count
    sums.last = day


def estimates(
    db: Session,
    today: date,
    only: Collection[int] | None = None,
    settings: QualitySettings | None = None,
) -> dict[int, dict[str, Estimate]]:
    """Specialist id → skill → estimate, for every skill the person has outcomes in (anyone else's
    quality in any skill is their vetting score). The whole bench, or ``only`` these people. The rows
    come summed per report day, in (person, skill, day) order, so each estimate is finished as soon as
    its rows end."""
    settings = settings or get_settings().quality
    weights = _Weights(today, settings.half_life_days)
    result: dict[int, dict[str, Estimate]] = {}
    key: tuple[int, str] | None = None
    prior = 0
    sums = _Sums()
    for sid, skill, vetting, day, reviewed, points, count in repository.outcome_rows(db, today, only):
        if (sid, skill) != key:
            if key is not None:
                result.setdefault(key[0], {})[key[1]] = _finish(key[1], prior, sums, settings)
            key, prior, sums = (sid, skill), vetting, _Sums()
        _add(sums, weights[day], day, int(reviewed), int(points), count)
    if key is not None:
        result.setdefault(key[0], {})[key[1]] = _finish(key[1], prior, sums, settings)
    return result


def skill_quality(found: dict[str, Estimate]) -> dict[str, float]:
    """The contract's ``skill_quality`` for one person: each skill with outcomes → its estimate."""
    return {skill: e.quality_milli / 1000 for skill, e in sorted(found.items())}


def refresh(
    db: Session, today: date, only: Collection[int] | None = None, settings: QualitySettings | None = None
) -> int:
    """Store ``estimates`` as of ``today`` (the whole bench, or ``only`` these people) in place of what
    was stored for them, for the bench filter to read: the stored number is this function's, never a
    second computation. Returns how many (person, skill) estimates were stored."""
    found = estimates(db, today, only, settings)
    rows = [
        [sid, e.skill, e.quality_milli, e.items, e.outcomes, e.last_reported_on, today]
        for sid, skills in sorted(found.items())
        for e in skills.values()
    ]
    repository.replace_estimates(db, rows, only)
    return len(rows)
