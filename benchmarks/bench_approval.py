"""How long the largest approval holds other writers back: a plan over the 200,000-person bench with years
of history (``bench_surge.py``'s), planned and then approved while a second writer keeps trying to write.

    .venv/bin/python benchmarks/bench_approval.py [--url URL] [--specialists 200000] [--requests 8]
                                                  [--time-limit 300]

``--url`` is the database (default: a SQLite file of its own, ``REUSE_SQLITE``), filled with the bench
first when it does not hold ``--specialists`` people and kept for the next run. ``--requests 5`` asks for
five 2,000-seat requests (``bench_surge.py``'s), ``--requests 8`` for a 5,000-seat request on every one
of the bench's eight models, of two rival clients (40,000 seats: the largest plan this bench gives);
they are planned together, solved by the real job, then approved by the service. Meanwhile a probe
writer writes every 50 ms: on SQLite any write (it waits for the single write lock), on PostgreSQL one
of the plan's people's rows (it waits for the approval's row locks).

Printed: the people approved, the approval's time, the longest writing transaction it opened (on SQLite,
how long it held the write lock) and the longest any probe write waited. Run it with ``PYTHONPATH``
pointing at an older checkout's ``src`` to measure the code before a change (the approval's old
signature — a writing session — is detected). Everything the run wrote is removed afterwards. No
assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import cProfile
import inspect
import pstats
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_surge import MODELS, cleanup, create_requests, five_requests, prepare, thousand_seat_ask  # noqa: E402

from surgebench.app import job_kinds  # noqa: E402
from surgebench.db.base import utcnow  # noqa: E402
from surgebench.db.engine import WRITES  # noqa: E402
from surgebench.db.session import get_engine, unit_of_work  # noqa: E402
from surgebench.domain.audit.service import Actor  # noqa: E402
from surgebench.domain.jobs import service as jobs  # noqa: E402
from surgebench.domain.plans import approval_service as approval  # noqa: E402
from surgebench.domain.plans import planning_service as planning

REUSE_SQLITE = Path(tempfile.gettempdir()) / "surgebench_bench_approval.db"


def eight_requests() -> list:  # type: ignore[type-arg]
    """A 5,000-seat request on each of the eight models (40,000 seats; Aurora's list Meridian as rival)."""
    picks = [(client, model) for client, models in MODELS.items() for model in models]
    return [thousand_seat_ask(f"R{i + 1}", client, model, 5.0) for i, (client, model) in enumerate(picks)]


class WriteHolds:
    """Every writing transaction's length (begin to commit or rollback), from the engine's events."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.seconds: list[float] = []
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _begin(self, conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(WRITES):
            conn.info["began"] = time.perf_counter()

    def _end(self, conn) -> None:  # type: ignore[no-untyped-def]
        began = conn.info.pop("began", None)
        if began is not None:
            self.seconds.append(time.perf_counter() - began)


class ProbeWriter(threading.Thread):
    """Writes every 50 ms until stopped; keeps how long each write took from asking to commit."""

    def __init__(self, engine, person: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.engine = engine
        self.person = person
        self.waits: list[float] = []
        self.failures = 0
        self.stop = threading.Event()

    def run(self) -> None:
        postgres = self.engine.dialect.name == "postgresql"
        while not self.stop.wait(0.05):
            began = time.perf_counter()
            try:
                with unit_of_work(self.engine) as db:
                    if postgres:  # a write to one of the plan's people: waits for row locks on them
                        db.execute(
                            text("UPDATE specialists SET weekly_hours = weekly_hours WHERE id = :id"),
                            {"id": self.person},
                        )
                    else:  # any write waits for SQLite's single write lock
                        db.execute(text("SELECT 1"))
            except Exception:  # noqa: BLE001 - a write that gave up (503 in the app) is a figure too
                self.failures += 1
            self.waits.append(time.perf_counter() - began)


def approve(engine, plan_id: int):  # type: ignore[no-untyped-def]
    """The service's approval, whichever signature this checkout has (an engine, or before: a session)."""
    actor = Actor.system("benchmark")
    if next(iter(inspect.signature(approval.approve).parameters)) == "engine":
        return approval.approve(engine, actor, plan_id, utcnow())
    with unit_of_work(engine) as db:
        return approval.approve(db, actor, plan_id, utcnow())


def run(url: str, specialists: int, requests: int, time_limit: float, profile: bool = False) -> None:
    started = time.perf_counter()
    filled = prepare(url, specialists)
    if filled is not None:
        print(f"  bench of {specialists:,} filled in {filled:.0f} s")
    engine = get_engine(url)
    cleanup(engine)  # what an interrupted run may have left
    asks = five_requests() if requests == 5 else eight_requests()
    request_ids = create_requests(engine, asks)
    try:
        with unit_of_work(engine) as db:
            plan_id = planning.start_plan(
                db, Actor.system("benchmark"), request_ids[0], time_limit=time_limit, together=True
            ).id
        planned = time.perf_counter()
        assert jobs.run_next(engine, job_kinds())
        with engine.connect() as conn:
            status, solve = conn.execute(
                text("SELECT status, solve_status FROM plans WHERE id = :id"), {"id": plan_id}
            ).one()
            people = conn.execute(
                text("SELECT min(specialist_id), count(*) FROM plan_assignments WHERE plan_id = :id"),
                {"id": plan_id},
            ).one()
        print(
            f"  {len(request_ids)} requests, {sum(r.headcount for a in asks for r in a.roles):,} seats: "
            f"plan {status} ({solve}) with {people[1]:,} people in {time.perf_counter() - planned:.0f} s"
        )
        holds = WriteHolds(engine)
        probe = ProbeWriter(engine, people[0])
        probe.start()
        time.sleep(0.5)
        profiler = cProfile.Profile() if profile else None
        begun = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        done = approve(engine, plan_id)
        approved = time.perf_counter() - begun
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        time.sleep(0.5)
        probe.stop.set()
        probe.join()
        longest_wait = max(probe.waits, default=0.0)
        print(
            f"  approval of {done.added:,} people: {approved:.2f} s · longest writing transaction "
            f"{max(holds.seconds, default=0.0):.2f} s ({len(holds.seconds)} writing transactions) · probe "
            f"writes: {len(probe.waits)}, longest wait {longest_wait:.2f} s, {probe.failures} gave up"
        )
    finally:
        cleanup(engine)
        engine.dispose()
    print(f"  whole run {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=f"sqlite:///{REUSE_SQLITE}")
    parser.add_argument("--specialists", type=int, default=200_000)
    parser.add_argument("--requests", type=int, choices=(5, 8), default=8)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--profile", action="store_true", help="print where the approval's time goes")
    args = parser.parse_args()
    print(f"{args.url} (approval from {Path(approval.__file__).parents[3]})")
    run(args.url, args.specialists, args.requests, args.time_limit, args.profile)


if __name__ == "__main__":
    main()
