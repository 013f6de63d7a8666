"""kill -9 in the middle of the work: nothing half-written, retaken by another instance, finished once."""

from __future__ import annotations

import pytest

from tests.integration.faults.harness import KillScenario, kill_during
from tests.integration.faults.scenarios import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_work_killed_mid_way_is_retaken_and_finished_once_with_nothing_half_written(
    scenario: KillScenario, engine, database_url: str
) -> None:
    kill_during(scenario, engine, database_url)
