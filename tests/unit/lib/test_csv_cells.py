"""Formula neutralising in CSV cells: formulas are quoted, plain signed numbers are not, and the quote
comes off on import so export → import → export gives the same cell."""

from __future__ import annotations

import pytest

from surgebench.lib.csv_files import neutralise, unneutralise


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("x")', "+1+1", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "'quoted"]
)
def test_formula_like_cells_are_quoted_and_restored(cell: str) -> None:
    assert neutralise(cell) == "'" + cell
    assert unneutralise(neutralise(cell)) == cell


@pytest.mark.parametrize("cell", ["-5", "+2.5", "-0.125", "42", "Asha", ""])
def test_plain_numbers_and_text_are_left_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell
    assert unneutralise(cell) == cell


def test_an_apostrophe_typed_before_a_number_survives_the_round_trip() -> None:
    assert unneutralise("'-5") == "'-5"
    assert unneutralise(neutralise("'-5")) == "'-5"
