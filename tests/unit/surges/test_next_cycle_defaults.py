"""The request form's proposals for the next cycle: its model version in the program's own naming, and
its start on the Monday after the last cycle ends."""

from __future__ import annotations

from datetime import date

import pytest

from surgebench.domain.surges.next_cycle_service import monday_after, next_model_version


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        ("orion-2.2", "orion-2.3"),
        ("orion-3", "orion-4"),
        ("atlas-4.9", "atlas-4.10"),
        ("v09", "v10"),
        ("2026.11", "2026.12"),
    ],
)
def test_the_next_version_counts_up_the_last_number_of_the_programs_naming(
    previous: str, expected: str
) -> None:
    assert next_model_version(previous, "orion", 4) == expected


@pytest.mark.parametrize("previous", [None, "", "orion-preview", "release-candidate-b"])
def test_a_version_without_a_last_number_gives_the_model_and_the_cycle_number(previous: str | None) -> None:
    assert next_model_version(previous, "orion", 4) == "orion-4"


@pytest.mark.parametrize(
    ("ends", "starts"),
    [
        (date(2027, 2, 26), date(2027, 3, 1)),  # a Friday: the Monday after
        (date(2027, 2, 28), date(2027, 3, 1)),  # a Sunday: the next day
        (date(2027, 3, 1), date(2027, 3, 8)),  # a Monday: a week later, never the same day
    ],
)
def test_the_next_cycle_starts_the_monday_after_the_last_ends(ends: date, starts: date) -> None:
    assert monday_after(ends) == starts
