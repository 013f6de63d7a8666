"""Rank cuts (`cuts.rank_cuts`): every row they return is valid — α is the most seats of the set one
specialist can hold together — and they cut the point the hours, clique and cover rows let through."""

from __future__ import annotations

import itertools
import random

from builders import make_problem, parse, request, role, specialist

from surgebench.staffing.bench import Bench
from surgebench.staffing.candidates import build_candidates
from surgebench.staffing.cuts import rank_cuts
from surgebench.staffing.model import build_model
from surgebench.staffing.settings import DEFAULT_SETTINGS

RANK_SEATS = DEFAULT_SETTINGS.rank_seats


def _alpha(built, rows) -> int:
    """Most seats of `rows` one specialist can hold (rules 2–4), by enumeration."""
    req, hours, free = built.request_of_row, built.hours_of_row, int(built.free_of_row[rows[0]])
    best = 0
    for size in range(1, len(rows) + 1):
        for subset in itertools.combinations(rows, size):
            requests = [int(req[i]) for i in subset]
            if len(set(requests)) < size or sum(int(hours[i]) for i in subset) > free:
                continue
            if any(b in built.rival_of.get(a, ()) for a in requests for b in requests):
                continue
            best = size
    return best


def _problem(rng: random.Random | None = None) -> dict:
    clients = ["a", "b", "c", "d"]
    hours = [10, 20, 15, 20] if rng is None else [rng.choice([10, 15, 20]) for _ in clients]
    rivals = (
        {"d": ["b", "c"]} if rng is None else {c: rng.sample(clients, rng.randint(0, 2)) for c in clients}
    )
    reqs = [
        request(
            f"Q{k}",
            client=client,
            competitors=[x for x in rivals.get(client, []) if x != client],
            roles=[role(f"r{k}", headcount=2, hours_per_week=hours[k])],
        )
        for k, client in enumerate(clients)
    ]
    people = [specialist(f"S{i}", weekly_hours=40) for i in range(1 if rng is None else 2)]
    return make_problem(people, reqs)


def _built(data: dict):
    bench = Bench(parse(data))
    return build_model(bench, build_candidates(bench), set())


def test_cover_joined_by_a_competing_seat_is_cut():
    built = _built(_problem())
    raw = [0.0] * len(built.model.names)
    order = sorted(range(len(built.assign)), key=lambda i: int(built.request_of_row[i]))
    for i, x in zip(order, (1.0, 0.5, 0.5, 0.5), strict=True):
        raw[built.assign[i]] = x
    cuts = rank_cuts(built, raw, max_seats=RANK_SEATS)
    assert cuts == [(sorted(cuts[0][0]), 2)] and len(cuts[0][0]) == 4


def test_every_rank_cut_is_valid_on_random_points():
    rng = random.Random(5)
    found = 0
    for _ in range(60):
        built = _built(_problem(rng))
        for _ in range(5):
            raw = [0.0] * len(built.model.names)
            for var in built.assign:
                raw[var] = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0])
            for rows, alpha in rank_cuts(built, raw, max_seats=RANK_SEATS):
                found += 1
                assert alpha == _alpha(built, rows)
                assert sum(raw[built.assign[i]] for i in rows) > alpha
                assert len({int(built.candidates.specialist[i]) for i in rows}) == 1
    assert found > 0
