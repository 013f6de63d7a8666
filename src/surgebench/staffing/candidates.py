"""Candidate (specialist, role) pairs, and the exact dominance reduction that shrinks them.

A pair is a candidate when the specialist passes every rule in `rules.CANDIDATE_RULES` for the role
(and the role has seats). Candidates are then pruned without changing the optimum:

*Classes.* For a role ρ, two candidates are interchangeable in every rule except quality and cost
when they share the country (only when ρ's country cap binds), the returning flag for ρ's request
and the earliest ramp index they can start at. Quality here is each candidate's quality *for ρ*
(`skill_quality` in ρ's skill when given): the only quality a seat on ρ adds.

*Single-role dominators.* A *single* is a candidate for exactly one role in the whole problem and
pinned nowhere. Swapping a chosen candidate m for an unused single d of m's class that is at least as
good — higher quality for ρ, or equal quality and no higher rate — keeps every rule, fill, continuity
and ramp, and does not worsen quality then cost. So when a class holds ≥ headcount(ρ) singles, only
its best `headcount` singles (quality desc, rate asc, index asc) can matter, and every other
candidate of the class that the worst of those dominates is dropped from ρ (never a pinned pair).
Dropping can make more specialists single, so the reduction repeats until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.rules import seats
from surgebench.staffing.settings import DEFAULT_SETTINGS


@dataclass(frozen=True)
class RoleRef:
    """A role with its request, by position (`g` is the role's global index)."""

    g: int
    request_index: int
    role_index: int


@dataclass
class Candidates:
    """Parallel arrays, one entry per candidate pair."""

    specialist: np.ndarray
    role: np.ndarray
    roles: list[RoleRef]
    total: int  # pairs before the reduction


def role_refs(bench: Bench) -> list[RoleRef]:
    refs: list[RoleRef] = []
    for r, request in enumerate(bench.problem.requests):
        for k in range(len(request.roles)):
            refs.append(RoleRef(len(refs), r, k))
    return refs


def pinned_pairs(bench: Bench, refs: list[RoleRef]) -> set[tuple[int, int]]:
    """(specialist index, global role index) of every pin."""
    g_of = {
        (ref.request_index, bench.problem.requests[ref.request_index].roles[ref.role_index].id): ref.g
        for ref in refs
    }
    return {
        (bench.index[pin.specialist], g_of[(r, pin.role)])
        for r, request in enumerate(bench.problem.requests)
        for pin in request.pinned
    }


def build_candidates(bench: Bench, *, passes: int = DEFAULT_SETTINGS.dominance_passes) -> Candidates:
    """Every candidate pair, then up to `passes` rounds of the dominance reduction (0: none)."""
    problem = bench.problem
    refs = role_refs(bench)
    spec_parts: list[np.ndarray] = []
    role_parts: list[np.ndarray] = []
    for ref in refs:
        request = problem.requests[ref.request_index]
        role = request.roles[ref.role_index]
        if role.headcount == 0:
            continue
        idx = np.flatnonzero(rules.candidates(bench, request, role))
        spec_parts.append(idx)
        role_parts.append(np.full(len(idx), ref.g, dtype=np.int64))
    specialist = np.concatenate(spec_parts) if spec_parts else np.zeros(0, dtype=np.int64)
    roles = np.concatenate(role_parts) if role_parts else np.zeros(0, dtype=np.int64)
    found = Candidates(specialist.astype(np.int64), roles, refs, len(specialist))
    pins = pinned_pairs(bench, refs)
    for _ in range(passes):
        before = len(found.specialist)
        found = _dominance_pass(bench, found, pins)
        if len(found.specialist) == before:
            break
    return found


def _dominance_pass(bench: Bench, found: Candidates, pins: set[tuple[int, int]]) -> Candidates:
    problem = bench.problem
    pinned_specialists = np.zeros(len(bench), dtype=bool)
    for pinned, _g in pins:
        pinned_specialists[pinned] = True
    role_count = np.bincount(found.specialist, minlength=len(bench))
    is_single = (role_count[found.specialist] == 1) & ~pinned_specialists[found.specialist]
    keep = np.ones(len(found.specialist), dtype=bool)
    order = np.argsort(found.role, kind="stable")
    bounds = np.searchsorted(found.role[order], np.arange(len(found.roles) + 1))
    for ref in found.roles:
        rows = order[bounds[ref.g] : bounds[ref.g + 1]]
        request = problem.requests[ref.request_index]
        role = request.roles[ref.role_index]
        if len(rows) <= role.headcount:
            continue
        s = found.specialist[rows]
        cap = seats.country_cap(role)
        binds = cap is not None and cap < role.headcount
        country = bench.country[s].astype(np.int64) if binds else np.zeros(len(s), dtype=np.int64)
        facts = bench.facts(request)
        cls = (country * 2 + facts.returning[s]) * (len(request.ramp) + 1) + facts.earliest[s]
        q, rate = bench.quality_milli_for(role.skill, s), bench.rate_cents[s]
        single = is_single[rows]
        # singles of each class in dominance order: class, quality desc, rate asc, index asc
        srows = np.flatnonzero(single)
        sorder = srows[np.lexsort((s[srows], rate[srows], -q[srows], cls[srows]))]
        scls = cls[sorder]
        starts = (
            np.flatnonzero(np.r_[True, scls[1:] != scls[:-1]]) if len(scls) else np.zeros(0, dtype=np.int64)
        )
        ends = np.r_[starts[1:], len(scls)]
        full = (ends - starts) >= role.headcount
        if not full.any():
            continue
        worst = sorder[starts[full] + role.headcount - 1]  # the headcount-th best single per full class
        worst_of = dict(zip(cls[worst].tolist(), worst.tolist(), strict=True))
        kept_singles = np.zeros(len(rows), dtype=bool)
        for a in starts[full].tolist():
            kept_singles[sorder[a : a + role.headcount]] = True
        w = np.array([worst_of.get(c, -1) for c in cls.tolist()], dtype=np.int64)
        has = w >= 0
        wq = np.where(has, q[np.maximum(w, 0)], -1)
        wrate = np.where(has, rate[np.maximum(w, 0)], 0)
        dominated = has & ~kept_singles & ((wq > q) | ((wq == q) & (wrate <= rate)))
        if dominated.any():
            for i in np.flatnonzero(dominated):
                if (int(s[i]), ref.g) not in pins:
                    keep[rows[i]] = False
    return Candidates(found.specialist[keep], found.role[keep], found.roles, found.total)
