"""Plan-wide rules as limits (`rules.PLAN_RULES`, `rules.limits`): each rule caps the right groups,
and the three questions the doors ask — which groups a plan overfills (check, pins), which seats
would overfill one if added (shortfall, explain), and may this one seat join (greedy) — agree."""

from __future__ import annotations

import random

import numpy as np
from builders import engagement, make_problem, parse, ramp, request, role, specialist

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.rules import competitors, seats
from surgebench.staffing.rules.limits import UNDECIDED, Occupancy, Seats, blocked, overfilled
from surgebench.staffing.rules.ramp import onboarding_capacity


def _bench(people, requests) -> Bench:
    return Bench(parse(make_problem(people, requests)))


def _over(limit) -> list[tuple[str, int, int]]:
    over = overfilled(limit)
    return [
        (limit.describe(k), load, cap) for k, load, cap in zip(over.group, over.load, over.cap, strict=True)
    ]


def test_hours_limit_holds_a_specialists_seats_to_their_free_hours():
    bench = _bench([specialist("S1", weekly_hours=40, committed_hours=10)], [request("Q1"), request("Q2")])
    both = Seats.of(bench, [0, 0], [0, 1])  # two 20-hour seats, 30 hours free
    assert _over(seats.hours_within_free_hours(both)) == [("S1", 40, 30)]
    assert _over(seats.hours_within_free_hours(Seats.of(bench, [0], [0]))) == []


def test_competitor_limit_counts_requests_not_seats():
    problem = [request("Q1", client="acme", competitors=["rival"], roles=[role("a"), role("b")])]
    bench = _bench([specialist("S1")], [*problem, request("Q2", client="rival")])
    same_request = Seats.of(bench, [0, 0], [0, 1])
    rival_requests = Seats.of(bench, [0, 0], [0, 2])
    assert _over(competitors.no_seats_on_competing_requests(same_request)) == []
    assert _over(seats.one_seat_per_request(same_request)) == [("S1 -> Q1", 2, 1)]
    assert _over(competitors.no_seats_on_competing_requests(rival_requests)) == [("S1 on Q1, Q2", 2, 1)]


def test_requests_that_all_compete_form_one_group():
    clients = ["a", "b", "c"]
    requests = [
        request(f"Q{i}", client=c, competitors=[x for x in clients if x != c]) for i, c in enumerate(clients)
    ]
    assert competitors.competing_request_sets(parse(make_problem([specialist("S1")], requests))) == (
        (0, 1, 2),
    )


def test_country_share_caps_only_roles_that_set_one():
    people = [specialist(f"S{i}", country="IN", timezone="Asia/Kolkata") for i in range(3)]
    roles = [role("capped", headcount=3, max_country_share=0.5), role("open", headcount=3)]
    bench = _bench(people, [request("Q1", roles=roles)])
    assert _over(seats.country_share(Seats.of(bench, [0, 1, 2], [1, 1, 1]))) == []
    assert _over(seats.country_share(Seats.of(bench, [0, 1], [0, 0]))) == [("Q1/capped, IN", 2, 1)]


def test_onboarding_stops_a_newcomer_only_when_every_day_from_their_earliest_is_full():
    people = [
        specialist("S1"),
        specialist("S2", available_from="2026-12-08"),
        specialist("S3"),
        specialist("S4", history=[engagement("acme", "orion", 1)]),  # returning: no onboarding
    ]
    days = ramp(("2026-12-07", 1), ("2026-12-08", 1))
    bench = _bench(people, [request("Q1", ramp=days, roles=[role(headcount=4)])])
    plan = Seats.of(bench, [0, 1], [0, 0], np.array([0, 1]))  # both days taken
    extra = Seats.of(bench, [2, 3], [0, 0])
    assert blocked(onboarding_capacity(plan), onboarding_capacity(extra), 2).tolist() == [True, False]
    day_one_only = Seats.of(bench, [0], [0], np.array([0]))
    assert blocked(onboarding_capacity(day_one_only), onboarding_capacity(extra), 2).tolist() == [
        False,
        False,
    ]


def test_decided_starts_count_newcomers_per_day():
    one_a_day = ramp(("2026-12-07", 1), ("2026-12-08", 1))
    bench = _bench(
        [specialist("S1"), specialist("S2")], [request("Q1", ramp=one_a_day, roles=[role(headcount=2)])]
    )
    assert _over(onboarding_capacity(Seats.of(bench, [0, 1], [0, 0], np.array([0, 0])))) == [
        ("Q1 on 2026-12-07", 2, 1)
    ]
    assert _over(onboarding_capacity(Seats.of(bench, [0, 1], [0, 0], np.array([0, 1])))) == []


def test_one_seat_at_a_time_agrees_with_judging_all_seats_against_the_plan():
    rng = random.Random(3)
    for _ in range(40):
        people = [
            specialist(f"S{i}", weekly_hours=rng.choice([20, 30, 40]), country=rng.choice(["US", "IN"]))
            for i in range(4)
        ]
        requests = [
            request(
                f"Q{q}",
                client=client,
                competitors=["rival"] if client == "acme" else [],
                roles=[
                    role(f"r{k}", headcount=rng.randint(1, 3), max_country_share=rng.choice([None, 0.5]))
                    for k in range(2)
                ],
            )
            for q, client in enumerate(rng.sample(["acme", "rival", "beta"], 2))
        ]
        bench = _bench(people, requests)
        pairs = [(s, g) for s in range(4) for g in range(4)]
        table = Seats.of(bench, [s for s, _ in pairs], [g for _, g in pairs])
        plan_rules = [rule for rule in rules.PLAN_RULES if not rule.start_days]
        occupancy = Occupancy([rule.limit(table) for rule in plan_rules], len(pairs))
        taken: list[int] = []
        for i in rng.sample(range(len(pairs)), len(pairs)):
            plan = Seats.of(bench, [pairs[j][0] for j in taken], [pairs[j][1] for j in taken])
            one = Seats.of(bench, [pairs[i][0]], [pairs[i][1]])
            stopped = any(blocked(rule.limit(plan), rule.limit(one), 1)[0] for rule in plan_rules)
            assert occupancy.fits(i) is not stopped
            if not stopped:
                occupancy.take(i)
                taken.append(i)


def test_seats_start_undecided_unless_given():
    bench = _bench([specialist("S1")], [request("Q1")])
    assert Seats.of(bench, [0], [0]).start.tolist() == [UNDECIDED]
