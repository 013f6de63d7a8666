"""A level the time limit stops still ends with a real bound: the best its priced LPs proved."""

from __future__ import annotations

from builders import make_problem, parse, ramp, request, role, specialist

from surgebench.staffing.settings import SolverSettings
from surgebench.staffing.solve import solve

SEATS = 300

ONE_PAIR_A_ROUND = SolverSettings(
    working_set=0, seed_per_seat=0, seed_extra=0, pricing_batch=1, pricing_neighbours=1
)
"""The working set starts from the greedy plan and pricing brings one pair in per round: fill
needs hundreds of rounds here (16 s on the dev machine), far more than the time limit allows."""


def greedy_trap() -> dict:
    """Versatile people (py and sql) rank first, so the greedy plan puts them all in the
    priority-2 python seats and leaves the sql seats empty: fill 2 × SEATS of the 3 × SEATS the
    python-only people make possible (each person has the hours for one seat)."""
    versatile = [specialist(f"V{i:04d}", skills={"py": 5, "sql": 5}, quality=0.9) for i in range(SEATS)]
    python_only = [specialist(f"P{i:04d}", skills={"py": 4}, quality=0.7) for i in range(SEATS)]
    days = ramp(("2026-12-07", 2 * SEATS), ("2026-12-08", 2 * SEATS))
    python = role("py", skill="py", headcount=SEATS)
    sql = role("sql", skill="sql", headcount=SEATS)
    return make_problem(
        [{**person, "weekly_hours": 30} for person in versatile + python_only],
        [
            request("Q1", priority=2, ramp=days, roles=[python]),
            request("Q2", client="globex", priority=1, ramp=days, roles=[sql]),
        ],
    )


def test_level_stopped_by_the_time_limit_reports_the_bound_its_lps_proved():
    plan = solve(parse(greedy_trap()), time_limit=1.0, settings=ONE_PAIR_A_ROUND)
    assert plan.status == "feasible"
    fill = plan.levels[0]
    assert fill.name == "fill"
    assert not fill.proven
    every_pair = SEATS * (2 + 1) + SEATS * 2  # versatile people in both requests, python-only in Q1
    assert fill.value <= 3 * SEATS <= fill.bound < every_pair
