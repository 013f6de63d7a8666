"""The whole lifecycle, driven through the HTTP API in orders Hypothesis picks, on both engines: every
step leaves the invariants of ``invariants.py`` true (see ``machine.py``; ``benchmarks/lifecycle.py``
runs it longer)."""

from __future__ import annotations

import os

from sqlalchemy import Engine

from surgebench.settings import Settings
from tests.integration.lifecycle.machine import run
from tests.integration.lifecycle.world import Harness

EXAMPLES = int(os.environ.get("SURGEBENCH_LIFECYCLE_EXAMPLES", "3"))
STEPS = int(os.environ.get("SURGEBENCH_LIFECYCLE_STEPS", "30"))


def test_every_step_of_the_lifecycle_keeps_the_invariants(engine: Engine, settings: Settings) -> None:
    harness = Harness(engine, settings)
    try:
        tally = run(harness, examples=EXAMPLES, steps=STEPS, at_seed=17)
    finally:
        harness.close()
    # Hypothesis runs ``EXAMPLES`` valid sequences, and may start more that it throws away (a draw
    # past its buffer): the machine is built for those too
    assert tally.examples >= EXAMPLES and tally.steps > 0
