"""The one rule that turns outcomes into a specialist's quality per skill. The profile, the bench
filter, the API and the problem the solver gets all read it (``estimates``), so the number is the same
everywhere.

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
from dataclasses import dataclass, field
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
    """One person's outcomes in one skill, summed per report day in whole numbers (so the result does
    not depend on the order rows arrive in): day → [items reviewed, points in thousandths]."""

    by_day: dict[str, list[int]] = field(default_factory=dict)
    outcomes: int = 0


def weight(age_days: int, half_life_days: int) -> float:
    """An outcome's weight ``age_days`` old: 1 today, 0.5 after one half-life."""
    return 0.5 ** (max(age_days, 0) / half_life_days)


def rolled(prior_milli: int, weighted_points_milli: float, weighted_items: float, prior_items: int) -> int:
    """``(K·q0 + Σ w·n·r) / (K + Σ w·n)`` in thousandths, rounded half up."""
    value = (prior_items * prior_milli + weighted_points_milli) / (prior_items + weighted_items)
    return min(1000, max(0, math.floor(value + 0.5)))


def _add(sums: _Sums, day: str, reviewed: int, points: int) -> None:
    found = sums.by_day.get(day)
    if found is None:
        sums.by_day[day] = [reviewed, points]
    else:
        found[0] += reviewed
        found[1] += points
    sums.outcomes += 1


def _finish(
    skill: str,
    prior_milli: int,
    sums: _Sums,
    today: date,
    settings: QualitySettings,
    weights: dict[str, float],
) -> Estimate:
    weighted_points = weighted_items = 0.0
    items = 0
    for day in sorted(sums.by_day):  # oldest first, whatever order the rows came in
        reviewed, points = sums.by_day[day]
        w = weights.get(day)
        if w is None:
            w = weights[day] = weight((today - date.fromisoformat(day)).days, settings.half_life_days)
        weighted_points += w * points
        weighted_items += w * reviewed
        items += reviewed
    quality = rolled(prior_milli, weighted_points, weighted_items, settings.prior_items)
    last = date.fromisoformat(max(sums.by_day)) if sums.by_day else None
    return Estimate(skill, quality, prior_milli, items, sums.outcomes, last)


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
    sums = _Sums()
    for reported_on, reviewed, points in outcomes:
        if reported_on <= today:
            _add(sums, reported_on.isoformat(), reviewed, points)
    return _finish(skill, prior_milli, sums, today, settings, {})


def estimates(
    db: Session,
    today: date,
    only: Collection[int] | None = None,
    settings: QualitySettings | None = None,
) -> dict[int, dict[str, Estimate]]:
    """Specialist id → skill → estimate, for every skill the person has outcomes in (anyone else's
    quality in any skill is their vetting score). The whole bench, or ``only`` these people."""
    settings = settings or get_settings().quality
    sums: dict[tuple[int, str], _Sums] = {}
    priors: dict[int, int] = {}
    for sid, skill, prior, day, reviewed, points in repository.outcome_rows(db, today, only):
        found = sums.get((sid, skill))
        if found is None:
            found = sums[(sid, skill)] = _Sums()
            priors[sid] = prior
        _add(found, day, reviewed, points)
    weights: dict[str, float] = {}
    result: dict[int, dict[str, Estimate]] = {}
    for (sid, skill), s in sums.items():
        result.setdefault(sid, {})[skill] = _finish(skill, priors[sid], s, today, settings, weights)
    return result


def skill_quality(found: dict[str, Estimate]) -> dict[str, float]:
    """The contract's ``skill_quality`` for one person: each skill with outcomes → its estimate."""
    return {skill: e.quality_milli / 1000 for skill, e in sorted(found.items())}
