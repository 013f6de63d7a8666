"""Rule 7, start date and ramp: who needs onboarding, and how many newcomers each day takes."""

from __future__ import annotations

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Request
from surgebench.staffing.rules.limits import UNDECIDED, Limit, Seats


def returning(bench: Bench, request: Request) -> np.ndarray:
    """Returning: history holds the same client and model with cycle == request.cycle - 1."""
    return bench.facts(request).returning


def earliest_start_index(bench: Bench, request: Request) -> np.ndarray:
    """A start is a ramp date on or after available_from: the index of the first such date."""
    return bench.facts(request).earliest


def day_key(bench: Bench, r: int, t: int) -> int:
    """The group key of request r's ramp day t."""
    return r * bench.ramp_stride + t


def onboarding_capacity(seats: Seats) -> Limit:
    """On each ramp day, the request's non-returning people starting that day number at most its
    onboarding_capacity. A seat whose start is not decided may take any ramp day from its earliest,
    so it needs room on one of them; a start off the ramp counts on no day."""
    bench = seats.bench
    requests = bench.problem.requests
    newcomer = ~seats.returning
    decided = np.flatnonzero(newcomer & (seats.start >= 0))
    member, day = [decided], [seats.start[decided]]
    undecided = np.flatnonzero(newcomer & (seats.start == UNDECIDED))
    if len(undecided):
        days = np.array([len(request.ramp) for request in requests], dtype=np.int64)[seats.request[undecided]]
        for t in range(int(days.max(initial=0))):
            can = undecided[(seats.earliest[undecided] <= t) & (t < days)]
            member.append(can)
            day.append(np.full(len(can), t, dtype=np.int64))
    member_, day_ = np.concatenate(member), np.concatenate(day)
    order = np.argsort(member_, kind="stable")
    member_, day_ = member_[order], day_[order]
    request = seats.request[member_]
    capacity = np.zeros((len(requests), bench.ramp_stride), dtype=np.int64)
    for r, request_ in enumerate(requests):
        capacity[r, : len(request_.ramp)] = bench.facts(request_).capacity

    def describe(key: int) -> str:
        r, t = divmod(int(key), bench.ramp_stride)
        return f"{requests[r].id} on {requests[r].ramp[t].date}"

    ones = np.ones(len(member_), dtype=np.int64)
    group = request * bench.ramp_stride + day_
    return Limit(member_, group, ones, capacity[request, day_], describe, alternatives=True)
