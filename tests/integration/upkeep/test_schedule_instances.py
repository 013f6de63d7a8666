"""The schedule across real instances: two ``surgebench serve`` processes on one database with a fast
schedule run each slot once between them; an instance killed (SIGKILL) in the middle of a run leaves
nothing behind, and the other instance retakes the slot and does the work exactly once."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import func, select

from surgebench.db.orm import AuditEntry, ScheduleRun, Specialist
from surgebench.db.session import unit_of_work
from tests.integration.faults.harness import Instance, wait_for
from tests.integration.specialists.bench_builders import add_specialist

FAST = {
    "SURGEBENCH_SCHEDULER": "1",
    "SURGEBENCH_SCHEDULE_EVERY_SECONDS": "2",
    "SURGEBENCH_SCHEDULER_TICK_SECONDS": "0.3",
    "SURGEBENCH_SCHEDULER_STALE_SECONDS": "3",
}


def _lapsed_people(engine, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        add_specialist(
            engine, email=f"lapsed{i}@example.test", full_name=f"Lapsed {i}", vetting_expires="2025-01-01"
        )


def _runs(engine) -> list[ScheduleRun]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        return list(db.scalars(select(ScheduleRun).order_by(ScheduleRun.slot)))


def _lapse_entries(engine) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        return (
            db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "lapse")) or 0
        )


def test_two_instances_run_every_slot_once_between_them(engine, database_url: str) -> None:
    _lapsed_people(engine, 3)
    first, second = Instance(database_url, "A", FAST), Instance(database_url, "B", FAST)
    try:
        wait_for(
            lambda: len({r.slot for r in _runs(engine) if r.job == "vetting_lapses"}) >= 4,
            60,
            "four slots of the fast schedule",
        )
    finally:
        first.stop()
        second.stop()
    runs = [r for r in _runs(engine) if r.job == "vetting_lapses"]
    slots = [r.slot for r in runs]
    assert len(slots) == len(set(slots)), "a slot ran twice"
    steps = {b - a for a, b in zip(slots, slots[1:], strict=False)}
    assert steps == {timedelta(seconds=2)}, f"every slot ran, none skipped: {steps}"
    assert {r.status for r in runs if r.finished_at} == {"succeeded"}
    assert _lapse_entries(engine) == 3  # the work happened once, not once per slot or instance


def test_an_instance_killed_mid_run_leaves_nothing_and_the_other_finishes_once(
    engine, database_url: str
) -> None:
    _lapsed_people(engine, 5)
    slow = {
        **FAST,
        # one slot for a century (from 2000): with an hourly slot, a run that crossed the hour had the
        # second instance claim the new hour's slot instead of retaking the killed one's (seen at 22:00)
        "SURGEBENCH_SCHEDULE_EVERY_SECONDS": str(100 * 365 * 24 * 3600),
        "SURGEBENCH_FAULT_HOLD_SECONDS": "30",
        "SURGEBENCH_FAULT_AT": "schedule",
    }
    leader = Instance(database_url, "A", slow)
    try:
        wait_for(
            lambda: any(
                r.job == "vetting_lapses" and r.instance.startswith(leader.worker_prefix)
                for r in _runs(engine)
            ),
            60,
            "the leader to claim the slot",
        )
        time.sleep(0.5)  # inside the run: its work is done but not committed
        leader.kill_nine()
    finally:
        leader.stop()
    claimed = next(r for r in _runs(engine) if r.job == "vetting_lapses")
    assert claimed.status == "running" and _lapse_entries(engine) == 0  # nothing half-written
    with unit_of_work(engine, writes=False) as db:
        assert (
            db.scalar(
                select(func.count()).select_from(Specialist).where(Specialist.vetting_lapsed_on.is_not(None))
            )
            == 0
        )
    other = Instance(database_url, "B", {**slow, "SURGEBENCH_FAULT_HOLD_SECONDS": "0"})
    try:
        wait_for(
            lambda: next(r for r in _runs(engine) if r.job == "vetting_lapses").status == "succeeded",
            60,
            "the other instance to retake and finish the run",
        )
    finally:
        other.stop()
    done = next(r for r in _runs(engine) if r.job == "vetting_lapses")
    assert done.instance.startswith(other.worker_prefix) and done.slot == claimed.slot
    assert _lapse_entries(engine) == 5 and done.outcome["lapsed"] == 5
