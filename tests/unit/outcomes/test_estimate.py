"""The quality estimate's rule, checked against cases worked out by hand (K = 50 items of prior, a
half-life of 180 days): estimate = (K·q0 + Σ w·n·r) / (K + Σ w·n), w = 0.5 ** (age / 180), rounded half
up in thousandths."""

from __future__ import annotations

from datetime import date, timedelta

from surgebench.domain.outcomes.estimate_service import estimate_of, rolled, weight
from surgebench.settings import QualitySettings

RULE = QualitySettings(prior_items=50, half_life_days=180, vendor_floor_milli=600)
TODAY = date(2026, 12, 2)


def points(accepted: int) -> int:
    return accepted * 1000


def test_no_outcomes_leave_the_vetting_score() -> None:
    e = estimate_of(800, "coding.python", [], TODAY, RULE)
    assert (e.quality_milli, e.items, e.outcomes, e.last_reported_on) == (800, 0, 0, None)


def test_one_fresh_outcome_moves_the_prior_by_its_items() -> None:
    # (50·800 + 90·1000) / (50 + 100) = 130000 / 150 = 866.67 → 867
    e = estimate_of(800, "coding.python", [(TODAY, 100, points(90))], TODAY, RULE)
    assert e.quality_milli == 867
    assert (e.items, e.outcomes, e.last_reported_on) == (100, 1, TODAY)


def test_fifty_items_at_half_pull_a_high_prior_half_way() -> None:
    # (50·900 + 25·1000) / (50 + 50) = 700
    assert estimate_of(900, "s", [(TODAY, 50, points(25))], TODAY, RULE).quality_milli == 700


def test_many_outcomes_add_up_by_their_items() -> None:
    # 100 items at 0.9 and 300 at 0.6, same day: (40000 + 90000 + 180000) / (50 + 400) = 688.89 → 689
    outcomes = [(TODAY, 100, points(90)), (TODAY, 300, points(180))]
    assert estimate_of(800, "s", outcomes, TODAY, RULE).quality_milli == 689


def test_an_outcome_one_half_life_old_counts_half() -> None:
    # w = 0.5: (50·800 + 0.5·90000) / (50 + 0.5·100) = 85000 / 100 = 850
    old = TODAY - timedelta(days=180)
    e = estimate_of(800, "s", [(old, 100, points(90))], TODAY, RULE)
    assert e.quality_milli == 850
    assert e.items == 100  # evidence is shown undiscounted


def test_conflicting_outcomes_lean_to_the_recent_one() -> None:
    # 200 items at 0.95 a year (360 days, w = 0.25) ago, 200 at 0.55 today:
    # (40000 + 0.25·190000 + 110000) / (50 + 50 + 200) = 197500 / 300 = 658.33 → 658
    outcomes = [(TODAY - timedelta(days=360), 200, points(190)), (TODAY, 200, points(110))]
    assert estimate_of(800, "s", outcomes, TODAY, RULE).quality_milli == 658
    # the same two the other way round: (40000 + 0.25·110000 + 190000) / 300 = 257500 / 300 = 858.33 → 858
    swapped = [(TODAY - timedelta(days=360), 200, points(110)), (TODAY, 200, points(190))]
    assert estimate_of(800, "s", swapped, TODAY, RULE).quality_milli == 858


def test_a_score_stands_for_the_outcome_in_place_of_the_acceptance_rate() -> None:
    # score 0.600 over 100 items: points 600·100 = 60000 → (40000 + 60000) / 150 = 666.67 → 667
    assert estimate_of(800, "s", [(TODAY, 100, 600 * 100)], TODAY, RULE).quality_milli == 667


def test_outcomes_reported_after_the_day_do_not_count_yet() -> None:
    later = TODAY + timedelta(days=1)
    assert estimate_of(800, "s", [(later, 100, 0)], TODAY, RULE).quality_milli == 800


def test_halves_round_up() -> None:
    # (50·801 + 0) / (50 + 50) = 400.5 → 401
    assert rolled(801, 0, 50, 50) == 401


def test_weight_halves_each_half_life() -> None:
    assert weight(0, 180) == 1
    assert weight(180, 180) == 0.5
    assert weight(360, 180) == 0.25


def test_the_order_outcomes_come_in_changes_nothing() -> None:
    outcomes = [(TODAY - timedelta(days=d), 10 + d, points(d % 10 + 3)) for d in range(0, 700, 7)]
    first = estimate_of(750, "s", outcomes, TODAY, RULE)
    assert estimate_of(750, "s", list(reversed(outcomes)), TODAY, RULE) == first
