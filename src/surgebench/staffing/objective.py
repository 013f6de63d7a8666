"""The five objective levels, in lexicographic order, each as a plain function of the assignments.

1. fill        maximise Σ request priority
2. continuity  maximise the number of assignments whose specialist is returning for the request
3. quality     maximise Σ round(1000 × q), q the specialist's quality for the role
4. ramp        minimise Σ index of `start` in the request's ramp
5. cost        minimise Σ round(100 × hourly_rate) × hours_per_week

The model builder states the same sums over its variables; the checker and the solver's final
report call these functions on the assignments themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from surgebench.staffing.plan import Assignment
from surgebench.staffing.problem import Problem, Request, Role, Specialist


@dataclass(frozen=True)
class Seat:
    """One assignment resolved against the problem."""

    specialist: Specialist
    request: Request
    role: Role
    ramp_index: int


def is_returning(specialist: Specialist, request: Request) -> bool:
    """Returning: history holds the same client and model with cycle == request.cycle - 1."""
    return any(
        h.client == request.client and h.model == request.model and h.cycle == request.cycle - 1
        for h in specialist.history
    )


def fill(seats: Iterable[Seat]) -> int:
    """Σ over assignments of the request's priority (maximise)."""
    return sum(seat.request.priority for seat in seats)


def continuity(seats: Iterable[Seat]) -> int:
    """Number of assignments whose specialist is returning for that request (maximise)."""
    return sum(1 for seat in seats if is_returning(seat.specialist, seat.request))


def quality(seats: Iterable[Seat]) -> int:
    """Σ over assignments of round(1000 × q) (maximise), q the specialist's quality for the role:
    `skill_quality` in the role's skill when given, else `quality`."""
    return sum(round(1000 * seat.specialist.quality_for(seat.role.skill)) for seat in seats)


def ramp(seats: Iterable[Seat]) -> int:
    """Σ over assignments of the 0-based index of `start` in the request's ramp (minimise)."""
    return sum(seat.ramp_index for seat in seats)


def cost(seats: Iterable[Seat]) -> int:
    """Σ over assignments of round(100 × hourly_rate) × hours_per_week (minimise)."""
    return sum(round(100 * seat.specialist.hourly_rate) * seat.role.hours_per_week for seat in seats)


@dataclass(frozen=True)
class Level:
    name: str
    maximise: bool
    value: Callable[[Iterable[Seat]], int]


LEVELS: tuple[Level, ...] = (
    Level("fill", True, fill),
    Level("continuity", True, continuity),
    Level("quality", True, quality),
    Level("ramp", False, ramp),
    Level("cost", False, cost),
)


def resolve(problem: Problem, assignments: Iterable[Assignment]) -> list[Seat]:
    """Seats for the assignments that name a known specialist, request, role and ramp date."""
    specialists = {s.id: s for s in problem.specialists}
    requests = {r.id: r for r in problem.requests}
    seats = []
    for a in assignments:
        specialist, request = specialists.get(a.specialist), requests.get(a.request)
        if specialist is None or request is None:
            continue
        role = next((r for r in request.roles if r.id == a.role), None)
        index = next((i for i, day in enumerate(request.ramp) if day.date == a.start), None)
        if role is not None and index is not None:
            seats.append(Seat(specialist, request, role, index))
    return seats


def evaluate(problem: Problem, assignments: Iterable[Assignment]) -> dict[str, int]:
    """All five levels for a set of assignments, in lexicographic order."""
    seats = resolve(problem, assignments)
    return {level.name: level.value(seats) for level in LEVELS}
