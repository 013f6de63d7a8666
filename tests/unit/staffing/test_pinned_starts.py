"""Rule 7 with rule 8: every pinned newcomer starts on the earliest ramp day it can.

A re-plan pins the people a roster keeps, each with `available_from` the start day they were
approved with, and relies on each of them starting on that day again. Start days are handed out
last (`solve._start_dates`); among plans of equal worth a pinned newcomer takes the earliest day
before any unpinned one of the same request, by a move into a day with room or by a swap with an
unpinned newcomer who can start later. Returning people need no onboarding: they always start on
their earliest day.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

import bruteforce as bf
from builders import engagement, make_problem, parse, ramp, request, role, specialist
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import build_candidates, pinned_pairs, role_refs
from surgebench.staffing.check import check_plan
from surgebench.staffing.model import build_model
from surgebench.staffing.problem import parse_problem
from surgebench.staffing.solve import _start_dates, solve

DAYS = ("2026-12-07", "2026-12-08", "2026-12-09")
ONE_A_DAY = ramp(*((day, 1) for day in DAYS))


def starts(problem: dict) -> dict[str, str]:
    plan = solve(parse(problem), time_limit=10)
    report = check_plan(parse(problem), plan)
    assert plan.status == "optimal" and report.ok, report.violations
    return {a.specialist: a.start.isoformat() for a in plan.assignments}


def test_pinned_newcomer_takes_the_first_day_before_a_better_unpinned_one():
    # both can start on the first day, which takes one newcomer: the ramp sum is 0 + 1 either way,
    # and by quality U would come first
    problem = make_problem(
        [specialist("P", quality=0.6), specialist("U", quality=0.9)],
        [
            request(
                "Q1", ramp=ONE_A_DAY, roles=[role(headcount=2)], pinned=[{"specialist": "P", "role": "py"}]
            )
        ],
    )
    assert starts(problem) == {"P": DAYS[0], "U": DAYS[1]}


def test_pinned_newcomer_swaps_with_an_unpinned_one_who_can_start_later():
    # U1 and U2 can start on the first day, P on the second: filling each day with those released
    # first puts U1, U2, P on the three days; P and U2 swap, at the same ramp sum
    problem = make_problem(
        [
            specialist("U1", quality=0.9),
            specialist("U2", quality=0.8),
            specialist("P", quality=0.7, available_from=DAYS[1]),
        ],
        [
            request(
                "Q1", ramp=ONE_A_DAY, roles=[role(headcount=3)], pinned=[{"specialist": "P", "role": "py"}]
            )
        ],
    )
    found = starts(problem)
    assert found["P"] == DAYS[1]
    assert sorted(found.values()) == list(DAYS)


def test_pinned_newcomers_share_out_a_full_first_day_and_never_overfill_it():
    pins = [{"specialist": s, "role": "py"} for s in ("P1", "P2")]
    problem = make_problem(
        [specialist("P1"), specialist("P2"), specialist("U", quality=0.99)],
        [request("Q1", ramp=ONE_A_DAY, roles=[role(headcount=3)], pinned=pins)],
    )
    found = starts(problem)
    assert sorted([found["P1"], found["P2"]]) == list(DAYS[:2])
    assert found["U"] == DAYS[2]


def test_pinned_returning_person_starts_on_their_earliest_day_without_onboarding():
    back = [engagement("acme", "orion", 1)]
    problem = make_problem(
        [specialist("R", history=back, available_from=DAYS[1]), specialist("U", quality=0.99)],
        [
            request(
                "Q1",
                ramp=ramp((DAYS[0], 1), (DAYS[1], 0), (DAYS[2], 1)),
                roles=[role(headcount=2)],
                pinned=[{"specialist": "R", "role": "py"}],
            )
        ],
    )
    assert starts(problem) == {"R": DAYS[1], "U": DAYS[0]}


def test_pinned_newcomer_moves_into_a_day_with_room_and_others_keep_theirs():
    # start counts that leave the first day half empty (a solve never ends with such counts, but
    # the last step must not depend on it): P moves there, U stays, the ramp sum only falls
    problem = parse(
        make_problem(
            [specialist("P"), specialist("U", quality=0.9)],
            [
                request(
                    "Q1",
                    ramp=ramp((DAYS[0], 2), (DAYS[1], 1), (DAYS[2], 1)),
                    roles=[role(headcount=2)],
                    pinned=[{"specialist": "P", "role": "py"}],
                )
            ],
        )
    )
    bench = Bench(problem)
    found = build_candidates(bench, passes=0)
    pins = pinned_pairs(bench, role_refs(bench))
    built = build_model(bench, found, pins)
    rows = [0, 1]
    late = {(0, 0, 1): 1, (0, 0, 2): 1}  # one newcomer on the second day, one on the third
    day_of = _start_dates(bench, built, rows, late, pins)
    who = {bench.ids[int(found.specialist[i])]: day for i, day in day_of.items()}
    assert who == {"U": 1, "P": 0}


def test_a_re_plan_starts_everyone_it_keeps_on_the_day_they_were_approved_with():
    people = [specialist(f"S{i}", quality=0.6 + i / 100) for i in range(5)]
    first = make_problem(
        people,
        [request("Q1", ramp=ramp((DAYS[0], 2), (DAYS[1], 2), (DAYS[2], 2)), roles=[role(headcount=5)])],
    )
    approved = starts(first)
    # the re-plan: keep the roster (pinned, free from their approved start) and bring in better people
    again = copy.deepcopy(first)
    for person in again["specialists"]:
        person["available_from"] = approved[person["id"]]
    again["specialists"] += [specialist(f"N{i}", quality=0.95) for i in range(3)]
    again["requests"][0]["roles"][0]["headcount"] = 8
    again["requests"][0]["ramp"] = ramp((DAYS[0], 3), (DAYS[1], 3), (DAYS[2], 3))
    again["requests"][0]["pinned"] = [{"specialist": s, "role": "py"} for s in approved]
    replanned = starts(again)
    assert {s: replanned[s] for s in approved} == approved


def pinned_could_start_earlier(problem: dict, plan: dict) -> str | None:
    """A pinned newcomer on a later day than its first possible one, while a day in between has
    onboarding room or holds an unpinned newcomer of the request who could take the later day."""
    specs = {s["id"]: s for s in problem["specialists"]}
    for req in problem["requests"]:
        pinned = {(pin["specialist"], pin["role"]) for pin in req["pinned"]}
        dates = [step["date"] for step in req["ramp"]]
        newcomers = [
            a
            for a in plan["assignments"]
            if a["request"] == req["id"] and not bf.is_returning(specs[a["specialist"]], req)
        ]
        for a in newcomers:
            if (a["specialist"], a["role"]) not in pinned:
                continue
            free_from = specs[a["specialist"]]["available_from"]
            for t, day in enumerate(dates[: dates.index(a["start"])]):
                if day < free_from:
                    continue
                there = [b for b in newcomers if b["start"] == day]
                if len(there) < req["ramp"][t]["onboarding_capacity"]:
                    return f"{a['specialist']} could move to {day}, which has room"
                for b in there:
                    if (b["specialist"], b["role"]) not in pinned:
                        return f"{a['specialist']} could swap with {b['specialist']} on {day}"
    return None


@st.composite
def contested_ramps(draw) -> dict:
    """One request whose few ramp days take few newcomers, able people free from different days,
    some returning, one to three of them pinned: the ties among start days that pins must win."""
    first = date(2026, 12, 7)
    days = [(first + timedelta(days=t)).isoformat() for t in range(draw(st.integers(2, 3)))]
    people = [
        specialist(
            f"S{i}",
            quality=draw(st.sampled_from((0.6, 0.7, 0.8, 0.9))),
            available_from=draw(st.sampled_from(("2026-11-01", *days))),
            history=[engagement("acme", "orion", 1)] if draw(st.integers(0, 4)) == 0 else [],
        )
        for i in range(draw(st.integers(3, 6)))
    ]
    roles = [role(f"r{k}", headcount=draw(st.integers(1, 4))) for k in range(draw(st.integers(1, 2)))]
    pinned = draw(st.lists(st.sampled_from([p["id"] for p in people]), min_size=1, max_size=3, unique=True))
    return make_problem(
        people,
        [
            request(
                "Q1",
                ramp=ramp(*((day, draw(st.integers(0, 2))) for day in days)),
                roles=roles,
                pinned=[{"specialist": s, "role": draw(st.sampled_from(roles))["id"]} for s in pinned],
            )
        ],
    )


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(contested_ramps())
def test_every_pinned_newcomer_starts_as_early_as_a_move_or_swap_allows(problem):
    plan = solve(parse_problem(copy.deepcopy(problem)), time_limit=10).to_json()
    best = bf.best_objective(problem)
    if best is None:
        assert plan["status"] == "infeasible"
        return
    assert bf.violations(problem, plan) == []
    assert tuple(plan["objective"][level] for level in bf.OBJECTIVE_LEVELS) == best
    assert pinned_could_start_earlier(problem, plan) is None, (problem, plan)
