"""A route fills its path's placeholders from keyword parameters and refuses a missing or unknown one."""

from __future__ import annotations

import pytest

from surgebench.lib.routing import Route

CYCLE_OUTCOMES = Route("outcomes.cycle", "/cycles/{cycle_id:int}/outcomes")
PIN = Route("surges.pin", "/surges/{request_id:int}/pins/{specialist_id:int}/delete")


def test_a_route_fills_each_placeholder_with_its_parameter() -> None:
    assert CYCLE_OUTCOMES.url(cycle_id=7) == "/cycles/7/outcomes"
    assert PIN.url(specialist_id=2, request_id=5) == "/surges/5/pins/2/delete"


def test_a_route_without_parameters_is_its_path() -> None:
    assert Route("programs.list", "/programs").url() == "/programs"


def test_a_missing_parameter_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="missing \\['specialist_id'\\]"):
        PIN.url(request_id=5)


def test_an_unknown_parameter_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unexpected \\['plan_id'\\]"):
        CYCLE_OUTCOMES.url(cycle_id=7, plan_id=1)
