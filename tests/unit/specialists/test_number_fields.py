"""Numbers far beyond a field's range are refused with a message, never a server error."""

from __future__ import annotations

import pytest

from surgebench.domain.specialists.validation_schemas import FieldInvalid, parse_hourly_rate, parse_quality


@pytest.mark.parametrize("value", ["1e30", 1e308, "9" * 40, "-1e25"])
def test_huge_rates_and_qualities_are_refused_plainly(value: object) -> None:
    for parse in (parse_hourly_rate, parse_quality):
        with pytest.raises(FieldInvalid, match="far too large|between"):
            parse(value)
