"""Rules 3 to 6: one seat per request, hours, headcount and country share."""

from __future__ import annotations

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Request, Role
from surgebench.staffing.rules.limits import Limit, Seats


def enough_free_hours(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """A seat fits only if its hours_per_week fit in weekly_hours - committed_hours."""
    fits: np.ndarray = bench.free_hours >= role.hours_per_week
    return fits


def country_cap(role: Role) -> int | None:
    """At most max(1, (round(100 × max_country_share) × headcount) // 100) of a role's people per country."""
    return role.country_cap


def _role_name(bench: Bench, g: int) -> str:
    request = bench.problem.requests[int(bench.role_request[g])]
    return f"{request.id}/{bench.roles[g].id}"


def one_seat_per_request(seats: Seats) -> Limit:
    """A specialist holds at most one role per request."""
    bench = seats.bench
    n_requests = len(bench.problem.requests)

    def describe(key: int) -> str:
        s, r = divmod(int(key), n_requests)
        return f"{bench.ids[s]} -> {bench.problem.requests[r].id}"

    ones = np.ones(len(seats), dtype=np.int64)
    return Limit.one_each(seats.specialist * n_requests + seats.request, ones, ones, describe)


def hours_within_free_hours(seats: Seats) -> Limit:
    """The hours_per_week of all seats a specialist holds sum to at most weekly - committed hours."""
    bench = seats.bench
    return Limit.one_each(
        seats.specialist, seats.hours, bench.free_hours[seats.specialist], lambda s: bench.ids[int(s)]
    )


def headcount(seats: Seats) -> Limit:
    """A role gets at most `headcount` people."""
    bench = seats.bench
    caps = np.array([role.headcount for role in bench.roles], dtype=np.int64)
    ones = np.ones(len(seats), dtype=np.int64)
    return Limit.one_each(seats.role, ones, caps[seats.role], lambda g: _role_name(bench, int(g)))


def country_share(seats: Seats) -> Limit:
    """Of a role with a max_country_share, at most `country_cap` people share a country."""
    bench = seats.bench
    caps = np.array([-1 if role.country_cap is None else role.country_cap for role in bench.roles])
    rows = np.flatnonzero(caps[seats.role] >= 0) if len(seats) else np.zeros(0, dtype=np.int64)
    stride = len(bench.countries) + 1
    group = seats.role[rows] * stride + bench.country[seats.specialist[rows]].astype(np.int64)

    def describe(key: int) -> str:
        g, c = divmod(int(key), stride)
        return f"{_role_name(bench, g)}, {bench.countries[c]}"

    ones = np.ones(len(rows), dtype=np.int64)
    return Limit(rows, group, ones, caps[seats.role[rows]].astype(np.int64), describe)
