"""Rule 2, competitors: no specialist serves two competing clients."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Problem, Request, Role
from surgebench.staffing.rules.limits import Limit, Seats


def no_recent_competitor_engagement(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """No engagement with a competitor client still running or ended fewer than cooldown_days ago."""
    return ~bench.facts(request).competitor_history


def requests_compete(a: Request, b: Request) -> bool:
    """Two different requests compete when either client lists the other among its competitors."""
    return a.id != b.id and (b.client in a.competitors or a.client in b.competitors)


def competing_request_pairs(problem: Problem) -> list[tuple[int, int]]:
    """Index pairs (i < j) of requests one specialist may not both hold seats on."""
    requests = problem.requests
    return [
        (i, j)
        for i in range(len(requests))
        for j in range(i + 1, len(requests))
        if requests_compete(requests[i], requests[j])
    ]


def competing_request_sets(problem: Problem) -> tuple[tuple[int, ...], ...]:
    """The maximal sets of requests that all compete with each other (sorted), so "seats on at most
    one request of each set" says rule 2 exactly: every competing pair lies in some set."""
    return _maximal_cliques(len(problem.requests), tuple(competing_request_pairs(problem)))


@lru_cache(maxsize=64)
def _maximal_cliques(n: int, pairs: tuple[tuple[int, int], ...]) -> tuple[tuple[int, ...], ...]:
    adjacent: list[set[int]] = [set() for _ in range(n)]
    for a, b in pairs:
        adjacent[a].add(b)
        adjacent[b].add(a)
    found: list[tuple[int, ...]] = []

    def expand(clique: set[int], candidates: set[int], excluded: set[int]) -> None:
        if not candidates and not excluded:
            if len(clique) > 1:
                found.append(tuple(sorted(clique)))
            return
        for v in sorted(candidates):
            expand(clique | {v}, candidates & adjacent[v], excluded & adjacent[v])
            candidates = candidates - {v}
            excluded = excluded | {v}

    expand(set(), set(range(n)), set())
    return tuple(sorted(found))


def no_seats_on_competing_requests(seats: Seats) -> Limit:
    """A specialist holds seats on at most one request of any set of mutually competing requests
    (each request counts once: two seats on one request are rule 3's business)."""
    bench = seats.bench
    sets = competing_request_sets(bench.problem)
    member, group = [], []
    for c, requests in enumerate(sets):
        rows = np.flatnonzero(np.isin(seats.request, requests))
        member.append(rows)
        group.append(seats.specialist[rows] * len(sets) + c)
    member_ = np.concatenate(member) if member else np.zeros(0, dtype=np.int64)
    group_ = np.concatenate(group) if group else np.zeros(0, dtype=np.int64)
    ids = [r.id for r in bench.problem.requests]

    def describe(key: int) -> str:
        s, c = divmod(int(key), len(sets))
        return f"{bench.ids[s]} on {', '.join(ids[r] for r in sets[c])}"

    ones = np.ones(len(member_), dtype=np.int64)
    return Limit(member_, group_, ones, ones, describe, part=seats.request[member_])
