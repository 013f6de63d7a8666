"""Hull cuts (`cuts.hull_cuts`): rows of one specialist's seats with whole weights. They cut the
halves identical requests of rival clients leave in the quality LP (which every rank cut lets
through), and every row they return is valid: α is the most weight of seats one person can hold.
Also the fractional dive's fixes and a level's bound on the grid of its coefficients."""

from __future__ import annotations

import itertools
import random

from builders import make_problem, parse, request, role, specialist

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import build_candidates
from surgebench.staffing.cuts import hull_cuts, rank_cuts
from surgebench.staffing.dives import dive_fixes
from surgebench.staffing.model import build_model
from surgebench.staffing.settings import DEFAULT_SETTINGS

SEATS = DEFAULT_SETTINGS.rank_seats
DENOMINATOR = DEFAULT_SETTINGS.hull_denominator


def _most(built, rows, coeffs) -> int:
    """Most weight of `rows` one specialist can hold (rules 2–4), by enumeration."""
    req, hours, free = built.request_of_row, built.hours_of_row, int(built.free_of_row[rows[0]])
    best = 0
    for size in range(1, len(rows) + 1):
        for subset in itertools.combinations(range(len(rows)), size):
            requests = [int(req[rows[j]]) for j in subset]
            if len(set(requests)) < size or sum(int(hours[rows[j]]) for j in subset) > free:
                continue
            if any(b in built.rival_of.get(a, ()) for a in requests for b in requests):
                continue
            best = max(best, sum(coeffs[j] for j in subset))
    return best


def _built(data: dict):
    bench = Bench(parse(data))
    return build_model(bench, build_candidates(bench), set())


def _alike(people: int = 1) -> dict:
    """Five requests asking for the same 20-hour role: three of client a, which lists b as a
    competitor, two of b; people free for two seats."""
    reqs = [
        request(
            f"Q{k}",
            client=client,
            competitors=["b"] if client == "a" else [],
            roles=[role(f"r{k}", headcount=2, hours_per_week=20)],
        )
        for k, client in enumerate("aaabb")
    ]
    return make_problem([specialist(f"S{i}", weekly_hours=40) for i in range(people)], reqs)


def test_halves_on_identical_requests_of_rival_clients_are_cut_though_no_rank_cut_is():
    built = _built(_alike())
    raw = [0.0] * len(built.model.names)
    order = sorted(range(len(built.assign)), key=lambda i: int(built.request_of_row[i]))
    for i, x in zip(order, (0.5, 0.5, 0.5, 0.5, 0.0), strict=True):
        raw[built.assign[i]] = x
    assert rank_cuts(built, raw, max_seats=SEATS) == []
    cuts = hull_cuts(built, raw, max_seats=SEATS, max_denominator=DENOMINATOR)
    assert len(cuts) == 1
    rows, coeffs, alpha = cuts[0]
    weight = dict(zip((int(built.request_of_row[i]) for i in rows), coeffs, strict=True))
    assert (weight, alpha) == ({0: 1, 1: 1, 2: 1, 3: 2}, 2)  # A + B + C + 2D ≤ 2 (E stays 0: D + E fit)
    assert sum(raw[built.assign[i]] * c for i, c in zip(rows, coeffs, strict=True)) > alpha


def test_every_hull_cut_is_valid_on_random_points():
    rng = random.Random(7)
    found = 0
    for _ in range(40):
        clients = [rng.choice("abc") for _ in range(5)]
        rivals = {c: rng.sample("abc", rng.randint(0, 2)) for c in "abc"}
        reqs = [
            request(
                f"Q{k}",
                client=client,
                competitors=[x for x in rivals[client] if x != client],
                roles=[role(f"r{k}", headcount=2, hours_per_week=rng.choice([10, 15, 20]))],
            )
            for k, client in enumerate(clients)
        ]
        built = _built(make_problem([specialist("S0", weekly_hours=40)], reqs))
        for _ in range(5):
            raw = [0.0] * len(built.model.names)
            for var in built.assign:
                raw[var] = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0])
            for rows, coeffs, alpha in hull_cuts(built, raw, max_seats=SEATS, max_denominator=DENOMINATOR):
                found += 1
                assert all(c >= 1 for c in coeffs)
                assert alpha == _most(built, rows, coeffs)
                assert sum(raw[built.assign[i]] * c for i, c in zip(rows, coeffs, strict=True)) > alpha
    assert found > 0


def test_the_fractional_dive_opens_only_the_pairs_of_people_the_lp_splits():
    # variables 0-2 are S0's, 3-4 S1's, 5 S2's; the LP splits S1 (variable 4)
    assign, specialist_of = [0, 1, 2, 3, 4, 5], [0, 0, 0, 1, 1, 2]
    lp = [1, 0, 1, 0, 0, 1]
    fixes = dive_fixes("fractional", assign, lp, {4}, [0] * 6, specialist_of)
    assert fixes == [(0, 1), (1, 0), (2, 1), (5, 1)]


def test_a_level_bound_is_rounded_down_to_the_multiple_every_plan_value_is():
    # every seat takes 20 hours, so every plan's cost (cents × hours) is a multiple of 20 × gcd(rates)
    import time

    import numpy as np

    from surgebench.staffing.greedy import greedy_plan
    from surgebench.staffing.pricing import ColumnFacts
    from surgebench.staffing.search import LevelSearch

    people = [specialist(f"S{i}", weekly_hours=40, hourly_rate=rate) for i, rate in enumerate((12.5, 15.0))]
    bench = Bench(
        parse(make_problem(people, [request("Q0", roles=[role("r0", headcount=2, hours_per_week=20)])]))
    )
    found = build_candidates(bench)
    columns = ColumnFacts(bench, found)
    pinned = np.zeros(len(found.specialist), dtype=bool)
    start = greedy_plan(bench, found, columns, pinned, DEFAULT_SETTINGS.greedy_chunk)
    keep = np.ones(len(found.specialist), dtype=bool)
    search = LevelSearch(
        bench,
        found,
        columns,
        set(),
        keep,
        start,
        time.perf_counter() + 60,
        DEFAULT_SETTINGS,
        lambda *_: None,
    )
    grid = 250 * 20  # gcd(1250, 1500) cents × 20 hours
    assert search._on_grid("cost", -3 * grid + 1) == -3 * grid
    assert search._on_grid("cost", -3 * grid) == -3 * grid
    assert search._on_grid("ramp", -7) == -7
