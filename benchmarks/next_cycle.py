"""Continuity of a next-cycle plan made while the current cycle still runs, against the same plan made once
the current cycle has closed (issue 17, item 1).

    .venv/bin/python benchmarks/next_cycle.py [--specialists 20000] [--db PATH] [--seats 1000]

Loads the demo (``--specialists`` people, the demo's three programs with three closed cycles each) into a
new SQLite database (or reuses ``--db`` when it already holds it), then on Orion, as a program manager
would: requests cycle 4 (2026-12-14 to 2027-02-26, four 20 h roles over the skills its last team worked,
``--seats`` seats), plans and approves it; requests cycle 5 (2027-03-08 to 2027-05-21, the same roles)
and plans it while cycle 4 runs; then lets the calendar close cycle 4 and plans cycle 5 again. Prints
each plan's fill and continuity (returning people kept) and how many of cycle 4's team there were.
No assertions: the figures are for reading (run it on an older checkout for the "before" figure)."""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from surgebench.app import job_kinds
from surgebench.db import migrate
from surgebench.db.orm import ClientModel, Cycle, Engagement, Plan, Program
from surgebench.db.session import get_engine, unit_of_work
from surgebench.demo.loader import load_demo
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import service as jobs
from surgebench.domain.plans import approval_service as approval
from surgebench.domain.plans import planning_service as planning
from surgebench.domain.surges import service as surges
from surgebench.domain.upkeep.jobs import move_cycles_on_dates
from surgebench.lib.clock import FixedClock

PM = Actor.system("benchmark-pm")
TODAY = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CYCLE_4 = ("orion-2.3", date(2026, 12, 14), date(2027, 2, 26))
CYCLE_5 = ("orion-2.4", date(2027, 3, 8), date(2027, 5, 21))


def _database(path: Path, specialists: int) -> str:
    url = f"sqlite:///{path}"
    fresh = not path.exists()
    migrate.upgrade(url)
    if fresh:
        started = time.perf_counter()
        with unit_of_work(get_engine(url)) as db:
            load_demo(db, specialists=specialists, seed=7, today=TODAY.date())
        print(f"demo loaded: {specialists:,} specialists in {time.perf_counter() - started:.1f} s")
    return url


def _orion(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Orion's program id and its last closed cycle's id."""
    program_id = db.scalar(
        select(Program.id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .where(ClientModel.name == "orion")
    )
    last = db.scalar(
        select(Cycle.id)
        .where(Cycle.program_id == program_id, Cycle.status == "closed")
        .order_by(Cycle.number.desc())
    )
    return program_id, last


def _roles(db, cycle_id: int, seats: int) -> list[dict]:  # type: ignore[no-untyped-def]
    """Four 20 h roles over the skills the last team worked most, seats split by how many worked each."""
    top = db.execute(
        select(Engagement.skill_id, func.count())
        .where(Engagement.cycle_id == cycle_id)
        .group_by(Engagement.skill_id)
        .order_by(func.count().desc(), Engagement.skill_id)
        .limit(4)
    ).all()
    total = sum(n for _skill, n in top)
    roles = []
    for i, (skill, n) in enumerate(top):
        roles.append(
            {
                "key": f"role{i + 1}",
                "skill": skill,
                "min_level": 1,
                "min_quality": "0.000",
                "headcount": max(1, round(seats * n / total)),
                "hours_per_week": 20,
            }
        )
    return roles


def _ramp(first: date, seats: int) -> list[dict]:
    days, day = [], first
    while len(days) < 5:
        if day.weekday() < 5:
            days.append({"date": day.isoformat(), "onboarding_capacity": seats})
        day += timedelta(days=1)
    return days


def _plan(engine, request_id: int, clock: FixedClock) -> Plan:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        plan_id = planning.start_plan(db, PM, request_id, time_limit=120).id
    while jobs.run_next(engine, job_kinds(), clock=clock):
        pass
    with unit_of_work(engine, writes=False) as db:
        plan = db.get(Plan, plan_id)
        db.expunge(plan)
        return plan


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--specialists", type=int, default=20_000)
    parser.add_argument("--seats", type=int, default=1_000)
    parser.add_argument("--db", type=Path, default=None, help="SQLite file to reuse (default: a new one)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "next_cycle.db"
    url = _database(path, args.specialists)
    engine = get_engine(url)
    clock = FixedClock(TODAY)
    with unit_of_work(engine, writes=False) as db:
        program_id, last = _orion(db)
        roles = _roles(db, last, args.seats)

    def request(version: str, starts: date, ends: date) -> int:
        raw = {
            "cycle": {"model_version": version, "starts_on": starts.isoformat(), "ends_on": ends.isoformat()},
            "roles": roles,
            "ramp": _ramp(starts, args.seats),
        }
        with unit_of_work(engine) as db:
            return surges.create_request(db, PM, program_id, raw, clock.today()).id

    fourth = request(*CYCLE_4)
    plan4 = _plan(engine, fourth, clock)
    with unit_of_work(engine) as db:
        approved = approval.approve(db, PM, plan4.id, clock.now())
    print(f"cycle 4 approved: {approved.added:,} people ({plan4.objective})")
    fifth = request(*CYCLE_5)
    running = _plan(engine, fifth, clock)
    clock.advance(timedelta(days=(date(2027, 3, 1) - clock.today()).days))
    for _day in range(2):  # the calendar starts cycle 4 on its first run, closes it on the next
        with unit_of_work(engine) as db:
            move_cycles_on_dates(db, clock.now())
    with unit_of_work(engine, writes=False) as db:
        status = db.scalar(select(Cycle.status).where(Cycle.program_id == program_id, Cycle.number == 4))
    print(f"cycle 4 on {clock.today()}: {status}")
    closed = _plan(engine, fifth, clock)
    seats = sum(r["headcount"] for r in roles)
    print(f"\n{seats:,} seats in four 20 h roles; cycle 4's team: {approved.added:,} people")
    print(f"{'cycle 5 planned':<44} {'fill':>6} {'continuity':>11} {'status':>9}")
    for label, plan in (
        ("while cycle 4 runs (2026-12-07)", running),
        ("after cycle 4 closed (2027-03-01)", closed),
    ):
        o = plan.objective or {}
        print(
            f"{label:<44} {o.get('fill', 0):>6,} {o.get('continuity', 0):>11,} {plan.solve_status or plan.status:>9}"  # noqa: E501
        )


if __name__ == "__main__":
    main()
