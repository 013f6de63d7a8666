"""The lifecycle state machine (``tests/integration/lifecycle``) run for much longer than the test suite runs
it: many examples of many steps, batch after batch from consecutive seeds, on a fresh database.

    PYTHONPATH=src:. .venv/bin/python benchmarks/lifecycle.py [--engine sqlite|postgresql]
        [--examples 200] [--steps 40] [--seed 1] [--batch 10] [--minutes 0]

Each batch is one Hypothesis run of ``--batch`` examples from its own seed (``--seed``, ``--seed``+1, …),
without shrinking: a failure ends its batch, is counted and printed (its first lines) and the next batch
goes on. Stops after ``--examples`` examples, or after ``--minutes`` minutes when that is given. Prints
the steps run, the examples, the distinct sequences (each example's rule-name sequence, hashed), how
often each rule ran and how the service answered, the plans checked (``surgebench check``) and brute
forced, the failures found, and the time. PostgreSQL: ``SURGEBENCH_TEST_POSTGRES_URL`` (default
127.0.0.1:5432/test) is where a database of its own is created and dropped."""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
import traceback

from tests.conftest import create_database
from tests.integration.lifecycle.machine import Tally, run
from tests.integration.lifecycle.world import Harness

from surgebench.db import migrate
from surgebench.db.session import get_engine
from surgebench.settings import DatabaseSettings, SchedulerSettings, ServerSettings, Settings


def _database(engine: str) -> tuple[str, object]:
    """A new, empty database and what drops it (PostgreSQL's is made as the test suite makes its own)."""
    if engine == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='lifecycle-')}/surgebench.db", lambda: None
    return create_database("postgresql", None)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=0, help="stop after this long (0: no limit)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the service's INFO lines, per step, would bury the figures
    url, drop = _database(args.engine)
    migrate.upgrade(url)
    settings = Settings(
        db=DatabaseSettings(url=url),
        server=ServerSettings(run_jobs=False),
        scheduler=SchedulerSettings(enabled=False),
    )
    harness = Harness(get_engine(url), settings)
    tally, failures, batch_seed = Tally(), [], args.seed
    started = time.perf_counter()
    try:
        while tally.examples < args.examples:
            if args.minutes and time.perf_counter() - started > args.minutes * 60:
                break
            size = min(args.batch, args.examples - tally.examples)
            try:
                run(harness, examples=size, steps=args.steps, at_seed=batch_seed, tally=tally, shrink=False)
            except Exception as exc:  # a failure the machine found: count it, show it, go on
                failures.append((batch_seed, exc))
                print(f"FAILURE in the batch of seed {batch_seed}: {type(exc).__name__}")
                print("\n".join(traceback.format_exception_only(exc)[0].splitlines()[:6]))
            batch_seed += 1
    finally:
        harness.close()
        drop()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(f"engine {args.engine}, seeds {args.seed}..{batch_seed - 1}, up to {args.steps} steps an example")
    print(f"examples {tally.examples}, steps {tally.steps}, distinct sequences {len(tally.sequences)}")
    print(
        f"plans checked with surgebench check {tally.plans.checked}, brute forced {tally.plans.brute_forced}"
    )
    print("rules: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.rules.items())))
    print("answers: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.answers.items())))
    print(f"failures {len(failures)}; time {seconds:.0f} s ({seconds / max(tally.steps, 1):.2f} s a step)")


if __name__ == "__main__":
    main()
