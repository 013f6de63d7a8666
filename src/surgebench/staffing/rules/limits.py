"""Plan-wide rules as caps on groups of seats, and the questions every door asks of them.

A plan-wide rule (`rules.PLAN_RULES`) is one function of a `Seats` table returning a `Limit`: the
group(s) each seat counts in, with what weight, and each group's cap ("a specialist's seats take at
most their free hours": group = the specialist, weight = the seat's hours, cap = the free hours).
That one statement serves every door:

- the model adds a row Σ weight · assign ≤ cap for each group the candidate seats could overfill
  (`overfillable`), and pricing prices a left-out pair by the duals of its groups' rows;
- `check` and `pins` report the groups a plan overfills (`overfilled`);
- `shortfall` and `explain` ask which seats would overfill a group if added to a plan (`blocked`),
  and the greedy start asks the same one seat at a time (`Occupancy`).

Two refinements cover the rules that are not plain sums. A group may count each *part* once (the
competitor rule counts requests, not seats: two seats on one request are rule 3's business). And a
seat whose start day is not decided yet may have *alternatives* — one membership per day it could
start on — and then needs room in one of them rather than in all (onboarding capacity).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from surgebench.staffing.bench import Bench
from surgebench.staffing.plan import Assignment

UNDECIDED = -1
"""`Seats.start` of a seat whose start day is not decided yet."""
OFF_RAMP = -2
"""`Seats.start` of a seat that starts on a day that is not a ramp day (`check` reports it apart)."""


@dataclass(frozen=True)
class Seats:
    """Seats as columns, one entry per seat: who holds which role, and what plan-wide rules read."""

    bench: Bench
    specialist: np.ndarray
    role: np.ndarray
    """Global role index (`Bench.roles`)."""
    request: np.ndarray
    hours: np.ndarray
    returning: np.ndarray
    earliest: np.ndarray
    """First ramp index the specialist can start on for the seat's request."""
    start: np.ndarray
    """Ramp index of the start, UNDECIDED or OFF_RAMP."""

    @classmethod
    def of(
        cls, bench: Bench, specialist: ArrayLike, role: ArrayLike, start: ArrayLike | None = None
    ) -> Seats:
        """Seats for (specialist index, global role index) pairs; starts UNDECIDED unless given."""
        specialist_ = np.asarray(specialist, dtype=np.int64)
        role_ = np.asarray(role, dtype=np.int64)
        request = bench.role_request[role_] if len(role_) else np.zeros(0, dtype=np.int64)
        returning = np.zeros(len(specialist_), dtype=bool)
        earliest = np.zeros(len(specialist_), dtype=np.int64)
        for r, request_ in enumerate(bench.problem.requests):
            rows = request == r
            if rows.any():
                facts = bench.facts(request_)
                returning[rows] = facts.returning[specialist_[rows]]
                earliest[rows] = facts.earliest[specialist_[rows]]
        starts = np.full(len(specialist_), UNDECIDED, dtype=np.int64) if start is None else np.asarray(start)
        hours = bench.role_hours[role_] if len(role_) else np.zeros(0, dtype=np.int64)
        return cls(bench, specialist_, role_, request, hours, returning, earliest, starts.astype(np.int64))

    @classmethod
    def of_plan(cls, bench: Bench, assignments: Iterable[Assignment]) -> Seats:
        """The seats of a plan's assignments (those naming a known specialist, request and role),
        with their start days (OFF_RAMP for a start that is not a ramp day)."""
        problem = bench.problem
        role_of = {
            (problem.requests[r].id, role.id): g
            for g, (r, role) in enumerate(zip(bench.role_request.tolist(), bench.roles, strict=True))
        }
        specialist, role, start = [], [], []
        for a in assignments:
            s, g = bench.index.get(a.specialist), role_of.get((a.request, a.role))
            if s is None or g is None:
                continue
            day = bench.facts(problem.requests[int(bench.role_request[g])]).ramp_index(a.start)
            specialist.append(s)
            role.append(g)
            start.append(OFF_RAMP if day is None else day)
        return cls.of(bench, specialist, role, np.array(start, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.specialist)


@dataclass(frozen=True)
class Limit:
    """Memberships of seats in capped groups: for each group, Σ weight ≤ cap."""

    seat: np.ndarray
    """The seat (index into the `Seats` table) of each membership."""
    group: np.ndarray
    """A key naming the group; the same key means the same group whatever the table (int64)."""
    weight: np.ndarray
    cap: np.ndarray
    """The cap of the membership's group."""
    describe: Callable[[int], str]
    """Words for a group key, e.g. "SP000123" or "orion-c4/py-sft, IN"."""
    part: np.ndarray | None = None
    """When given, a group's load counts each part once (at its largest weight)."""
    alternatives: bool = False
    """A seat's memberships are alternatives: it needs room in one of them, not in all."""

    @classmethod
    def one_each(
        cls,
        group: ArrayLike,
        weight: ArrayLike,
        cap: ArrayLike,
        describe: Callable[[int], str],
        part: np.ndarray | None = None,
    ) -> Limit:
        """Every seat in exactly one group."""
        groups = np.asarray(group, dtype=np.int64)
        seat = np.arange(len(groups), dtype=np.int64)
        return cls(
            seat, groups, np.asarray(weight, dtype=np.int64), np.asarray(cap, dtype=np.int64), describe, part
        )


@dataclass(frozen=True)
class Loads:
    """Per group (sorted keys): the load and the cap."""

    group: np.ndarray
    load: np.ndarray
    cap: np.ndarray

    def of(self, groups: np.ndarray) -> np.ndarray:
        """Load of each key in `groups` (0 for a group without members)."""
        if len(self.group) == 0:
            return np.zeros(len(groups), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.group, groups), len(self.group) - 1)
        return np.where(self.group[at] == groups, self.load[at], 0)


def _counted(limit: Limit, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group, weight, cap) of the memberships that count: each part once, at its largest weight."""
    keep = np.ones(len(limit.group), dtype=bool) if mask is None else mask
    group, weight, cap = limit.group[keep], limit.weight[keep], limit.cap[keep]
    if limit.part is None or len(group) == 0:
        return group, weight, cap
    take = _first_of_parts(group, limit.part[keep], weight)
    return group[take], weight[take], cap[take]


def _first_of_parts(group: np.ndarray, part: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Indices of the heaviest membership of each (group, part)."""
    order = np.lexsort((-weight, part, group))
    g, p = group[order], part[order]
    return order[np.r_[True, (g[1:] != g[:-1]) | (p[1:] != p[:-1])]]


def _counted_parts(limit: Limit, part: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group, part, weight) of the counted memberships of a limit with parts (`limit.part`)."""
    take = _first_of_parts(limit.group, part, limit.weight)
    return limit.group[take], part[take], limit.weight[take]


def loads(limit: Limit, mask: np.ndarray | None = None) -> Loads:
    """The load of every group, over all memberships or those `mask` keeps."""
    group, weight, cap = _counted(limit, mask)
    keys, first, inverse = np.unique(group, return_index=True, return_inverse=True)
    total = np.zeros(len(keys), dtype=np.int64)
    np.add.at(total, inverse, weight)
    return Loads(keys, total, cap[first])


def overfilled(limit: Limit) -> Loads:
    """The groups whose load exceeds their cap (with every membership counted)."""
    every = loads(limit)
    over = every.load > every.cap
    return Loads(every.group[over], every.load[over], every.cap[over])


def overfillable(limit: Limit) -> list[np.ndarray]:
    """Membership indices grouped by group key (keys ascending, memberships in table order), for the
    groups whose members together could exceed the cap: the groups a model needs a row for."""
    over = overfilled(limit).group
    if len(over) == 0:
        return []
    inside = np.flatnonzero(np.isin(limit.group, over))
    order = inside[np.argsort(limit.group[inside], kind="stable")]
    cuts = np.flatnonzero(limit.group[order][1:] != limit.group[order][:-1]) + 1
    return np.split(order, cuts)


def blocked(plan: Limit, extra: Limit, n_extra: int) -> np.ndarray:
    """Per seat of the `extra` table (`n_extra` seats): would adding it alone to the plan overfill a
    group? Seats of `extra` are judged one at a time against the plan's loads, not against each
    other. With alternatives, a seat is blocked when every one of its memberships is."""
    held = loads(plan)
    add = extra.weight
    if extra.part is not None and plan.part is not None and len(plan.group) and len(extra.group):
        # a part the plan already holds in the group adds only what its weight exceeds
        plan_group, plan_part, plan_weight = _counted_parts(plan, plan.part)
        parts = int(max(plan_part.max(), extra.part.max())) + 1
        plan_key, extra_key = plan_group * parts + plan_part, extra.group * parts + extra.part
        order = np.argsort(plan_key)
        have = Loads(plan_key[order], plan_weight[order], plan_weight[order]).of(extra_key)
        add = np.maximum(0, extra.weight - have)
    over = held.of(extra.group) + add > extra.cap
    if extra.alternatives:
        has = np.bincount(extra.seat, minlength=n_extra) > 0
        room = np.bincount(extra.seat[~over], minlength=n_extra) > 0
        return has & ~room
    return np.bincount(extra.seat[over], minlength=n_extra) > 0


class Occupancy:
    """The loads of a plan that grows one seat at a time: may this seat join, and take it.

    Built over a `Seats` table's limits (one per rule); `fits(i)` and `take(i)` name seats of that
    table. Limits with alternatives (start days) are left to the caller, who picks the day.
    `open_seats` turns away in bulk the seats the plan so far already refuses: the greedy start
    over the 1M bench's 1.75M pairs took 21 s seat by seat, most of them refused (their person
    already holds a rival request's seat, or their role is full)."""

    def __init__(self, limits: list[Limit], n_seats: int) -> None:
        self._limits = [_Loads(limit, n_seats) for limit in limits if not limit.alternatives]
        # the limits with the fewest groups first: a full role turns every later seat of it away
        self._limits.sort(key=lambda loads: len(loads.load))

    def open_seats(self, seats: np.ndarray) -> np.ndarray:
        """Which of `seats` the plan so far does not already turn away (`fits` decides the rest)."""
        ok = np.ones(len(seats), dtype=bool)
        for loads in self._limits:
            ok &= loads.open_seats(seats)
        return ok

    def fits(self, i: int) -> bool:
        """Adding seat i overfills no group."""
        for loads in self._limits:
            if not loads.fits(i):
                return False
        return True

    def take(self, i: int) -> None:
        """Add seat i to the plan."""
        for loads in self._limits:
            loads.take(i)


class _Loads:
    """One limit's memberships by seat, with group loads kept as lists (one seat at a time) and as
    arrays (in bulk). Groups and (group, part) pairs are numbered densely."""

    def __init__(self, limit: Limit, n_seats: int) -> None:
        order = np.argsort(limit.seat, kind="stable")
        self.bounds = np.searchsorted(limit.seat[order], np.arange(n_seats + 1))
        group_keys, group = np.unique(limit.group[order], return_inverse=True)
        self.group, self.weight, self.cap = group.reshape(-1), limit.weight[order], limit.cap[order]
        self.load = np.zeros(len(group_keys), dtype=np.int64)
        self.part: np.ndarray | None = None
        """Per membership, its (group, part) pair's number; None when the limit has no parts."""
        self.held = np.zeros(0, dtype=np.int64)
        """Per (group, part) pair, the weight the plan holds there."""
        if limit.part is not None:
            pairs = np.stack([self.group, limit.part[order]], axis=1)
            _pair_keys, part = np.unique(pairs, axis=0, return_inverse=True)
            self.part = part.reshape(-1)
            self.held = np.zeros(int(self.part.max(initial=-1)) + 1, dtype=np.int64)
        self._bounds, self._group, self._weight = (
            self.bounds.tolist(),
            self.group.tolist(),
            self.weight.tolist(),
        )
        self._cap, self._load = self.cap.tolist(), self.load.tolist()
        self._part = None if self.part is None else self.part.tolist()
        self._held: list[int] = self.held.tolist()

    def _adds(self, members: np.ndarray) -> np.ndarray:
        weight: np.ndarray = self.weight[members]
        if self.part is None:
            return weight
        adds: np.ndarray = np.maximum(0, weight - self.held[self.part[members]])
        return adds

    def open_seats(self, seats: np.ndarray) -> np.ndarray:
        starts = self.bounds[seats]
        counts = self.bounds[seats + 1] - starts
        members = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        over = self.load[self.group[members]] + self._adds(members) > self.cap[members]
        ok = np.ones(len(seats), dtype=bool)
        ok[np.repeat(np.arange(len(seats)), counts)[over]] = False
        return ok

    def fits(self, i: int) -> bool:
        group, weight, cap, load, part, held = (
            self._group,
            self._weight,
            self._cap,
            self._load,
            self._part,
            self._held,
        )
        for j in range(self._bounds[i], self._bounds[i + 1]):
            add = weight[j] if part is None else max(0, weight[j] - held[part[j]])
            if load[group[j]] + add > cap[j]:
                return False
        return True

    def take(self, i: int) -> None:
        for j in range(self._bounds[i], self._bounds[i + 1]):
            g, w = self._group[j], self._weight[j]
            if self._part is not None:
                p = self._part[j]
                w, self._held[p] = max(0, w - self._held[p]), max(w, self._held[p])
                self.held[p] = self._held[p]
            self._load[g] += w
            self.load[g] = self._load[g]
