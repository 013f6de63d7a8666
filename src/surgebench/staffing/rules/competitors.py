"""Rule 2, competitors: no specialist serves two competing clients."""

from __future__ import annotations

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Problem, Request, Role


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
