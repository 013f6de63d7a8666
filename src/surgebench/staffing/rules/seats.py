"""Rules 3 to 7: seats, hours, headcount, country share and the ramp."""

from __future__ import annotations

import numpy as np

from surgebench.staffing.bench import Bench
from surgebench.staffing.problem import Request, Role


def enough_free_hours(bench: Bench, request: Request, role: Role) -> np.ndarray:
    """A seat fits only if its hours_per_week fit in weekly_hours - committed_hours."""
    return bench.free_hours >= role.hours_per_week


def country_cap(role: Role) -> int | None:
    """At most max(1, (round(100 × max_country_share) × headcount) // 100) of a role's people per country."""
    return role.country_cap


def returning(bench: Bench, request: Request) -> np.ndarray:
    """Returning: history holds the same client and model with cycle == request.cycle - 1."""
    return bench.facts(request).returning


def earliest_start_index(bench: Bench, request: Request) -> np.ndarray:
    """A start is a ramp date on or after available_from: the index of the first such date."""
    return bench.facts(request).earliest
