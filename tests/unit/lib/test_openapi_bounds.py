"""The API schema states the bounds the bodies enforce, a bound of 0 included (Litestar drops it from an
optional field's schema; ``lib.openapi`` restores it from msgspec's own)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from surgebench.lib.openapi import _restore_item_constraints


class _Terms(msgspec.Struct, forbid_unknown_fields=True):
    cooldown_days: Annotated[int, msgspec.Meta(ge=0, le=3650)] | None = None
    share: Annotated[float, msgspec.Meta(gt=0, le=1)] | None = None


def test_an_optional_fields_lower_bound_of_zero_is_stated_again() -> None:
    as_litestar_states_it = {
        "properties": {
            "cooldown_days": {"oneOf": [{"type": "integer"}, {"type": "null"}], "maximum": 3650},
            "share": {"oneOf": [{"type": "number"}, {"type": "null"}], "maximum": 1},
        }
    }
    _restore_item_constraints(as_litestar_states_it, _Terms)
    props = as_litestar_states_it["properties"]
    assert props["cooldown_days"]["minimum"] == 0
    assert props["share"]["exclusiveMinimum"] == 0
    assert props["cooldown_days"]["maximum"] == 3650


def test_a_bound_litestar_kept_is_left_as_it_is() -> None:
    kept = {"properties": {"cooldown_days": {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "null"}]}}}
    _restore_item_constraints(kept, _Terms)
    assert "minimum" not in kept["properties"]["cooldown_days"]
