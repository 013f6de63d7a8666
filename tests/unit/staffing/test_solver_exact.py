"""The solver's optimum equals exhaustive search on tiny random problems, level by level.

Also run with a one-pair working set so that column generation (pricing) and the dominance
reduction are exercised on every case, and with a fresh LP for every level (what large working
models get, `SolverSettings.fresh_lp_pairs`), and with every level's LP on each of the LP engines.
"""

from __future__ import annotations

import itertools
import random

import pytest
from builders import engagement, make_problem, parse, ramp, request, role, specialist

from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.check import check_plan
from surgebench.staffing.objective import is_returning
from surgebench.staffing.settings import SolverSettings
from surgebench.staffing.solve import LEVEL_ORDER, solve

PRICING_FROM_THE_PINS = SolverSettings(working_set=0, seed_per_seat=0, seed_extra=0, pricing_batch=1)
"""The working set starts from the pins and the greedy plan alone, and pricing brings pairs in one
at a time: every case then exercises column generation."""


def random_problem(rng: random.Random) -> dict:
    people = []
    for i in range(rng.randint(2, 5)):
        history = []
        if rng.random() < 0.4:
            history.append(
                engagement(rng.choice(["acme", "rival"]), "orion", 1, rng.choice([None, "2026-11-20"]))
            )
        people.append(
            specialist(
                f"S{i}",
                skills={"py": rng.randint(2, 5)},
                country=rng.choice(["US", "IN"]),
                quality=rng.choice([0.6, 0.7, 0.8]),
                # on and around the roles' 0.5 gate, and in a skill no role asks for
                **rng.choice(
                    [
                        {},
                        {},
                        {"skill_quality": {"py": rng.choice([0.45, 0.5, 0.9])}},
                        {"skill_quality": {"sql": 0.95}},
                    ]
                ),
                hourly_rate=rng.choice([30.0, 40.0]),
                weekly_hours=rng.choice([20, 30, 40]),
                available_from=rng.choice(["2026-11-01", "2026-12-08"]),
                history=history,
            )
        )
    days = ramp(("2026-12-07", rng.randint(0, 2)), ("2026-12-08", rng.randint(0, 2)))
    reqs = []
    for q, client in enumerate(rng.sample(["acme", "rival", "beta"], rng.randint(1, 2))):
        roles = [
            role(
                f"r{k}",
                min_level=rng.randint(2, 4),
                headcount=rng.randint(0, 2),
                hours_per_week=rng.choice([10, 20]),
                max_country_share=rng.choice([None, 0.5]),
            )
            for k in range(rng.randint(1, 2))
        ]
        pinned = []
        if rng.random() < 0.15:
            pinned.append({"specialist": rng.choice(people)["id"], "role": roles[0]["id"]})
        reqs.append(
            request(
                f"Q{q}",
                client=client,
                priority=rng.randint(1, 2),
                competitors=["rival"] if client == "acme" and rng.random() < 0.7 else [],
                cooldown_days=30,
                ramp=days,
                roles=roles,
                pinned=pinned,
            )
        )
    return make_problem(people, reqs)


def best_by_enumeration(problem) -> tuple | None:
    """Lexicographic best (fill, continuity, quality, -ramp, -cost), or None if pins cannot be kept."""
    bench = Bench(problem)
    options = []  # per (specialist, request): None or an eligible role
    for s, person in enumerate(problem.specialists):
        for request_ in problem.requests:
            choices = [None] + [
                r for r in request_.roles if r.headcount > 0 and rules.candidates(bench, request_, r)[s]
            ]
            options.append((person, request_, choices))
    best = None
    for pick in itertools.product(*(choices for _, _, choices in options)):
        seats = [(p, q, r) for (p, q, _), r in zip(options, pick, strict=True) if r is not None]
        value = _value(problem, seats)
        if value is not None and (best is None or value > best):
            best = value
    return best


def _value(problem, seats) -> tuple | None:
    held = {(p.id, q.id, r.id) for p, q, r in seats}
    for q in problem.requests:
        if any((pin.specialist, q.id, pin.role) not in held for pin in q.pinned):
            return None
    hours, by_person = {}, {}
    for p, q, r in seats:
        hours[p.id] = hours.get(p.id, 0) + r.hours_per_week
        by_person.setdefault(p.id, []).append(q)
    if any(hours[p.id] > p.free_hours for p, _, _ in seats):
        return None
    for qs in by_person.values():
        if any(rules.competitors.requests_compete(a, b) for a in qs for b in qs):
            return None
    ramp_total = 0
    for q in problem.requests:
        for r in q.roles:
            members = [p for p, qq, rr in seats if qq is q and rr is r]
            if len(members) > r.headcount:
                return None
            cap = r.country_cap
            if cap is not None and any(
                sum(m.country == c for m in members) > cap for c in {m.country for m in members}
            ):
                return None
        released = []
        for p, qq, _ in seats:
            if qq is q:
                e = next(i for i, d in enumerate(q.ramp) if d.date >= p.available_from)
                if is_returning(p, q):
                    ramp_total += e
                else:
                    released.append(e)
        released.sort()
        waiting = 0
        for t, day in enumerate(q.ramp):
            waiting += sum(1 for e in released if e == t)
            started = min(waiting, day.onboarding_capacity)
            ramp_total += t * started
            waiting -= started
        if waiting:
            return None
    return (
        sum(q.priority for _, q, _ in seats),
        sum(is_returning(p, q) for p, q, _ in seats),
        sum(round(1000 * p.skill_quality.get(r.skill, p.quality)) for p, _, r in seats),
        -ramp_total,
        -sum(round(100 * p.hourly_rate) * r.hours_per_week for p, _, r in seats),
    )


A_FRESH_LP_PER_LEVEL = SolverSettings(fresh_lp_pairs=0)
"""Every level builds its LP afresh, as the 20k-pair and larger working models of the benches do."""


def every_level_on(method: str) -> SolverSettings:
    """Every level's LP by one method (`lp_engines.ENGINES`): the bound and the proof must not
    depend on which engine gave the duals."""
    return SolverSettings(lp_methods=dict.fromkeys(LEVEL_ORDER, method))


LEVELS = frozenset(LEVEL_ORDER)
HIGHS_GOING_ON_WITH_THE_DUAL = SolverSettings(
    lp_methods=dict.fromkeys(LEVELS, "highs-dual"), lp_continue_levels=LEVELS, lp_warm_dual_levels=LEVELS
)
"""Every level's LP goes on from the last one's basis, with the dual simplex."""


@pytest.mark.parametrize(
    "settings",
    [
        SolverSettings(),
        PRICING_FROM_THE_PINS,
        A_FRESH_LP_PER_LEVEL,
        every_level_on("glop"),
        every_level_on("highs-dual"),
        every_level_on("highs-primal"),
        every_level_on("highs-ipm"),
        HIGHS_GOING_ON_WITH_THE_DUAL,
    ],
    ids=[
        "whole-model",
        "column-generation",
        "fresh-lp-per-level",
        "glop",
        "highs-dual",
        "highs-primal",
        "highs-ipm",
        "highs-warm-dual",
    ],
)
def test_solver_matches_exhaustive_search(settings):
    rng = random.Random(20261207)
    for _ in range(80):
        problem = parse(random_problem(rng))
        expected = best_by_enumeration(problem)
        plan = solve(problem, time_limit=20, settings=settings)
        if expected is None:
            assert plan.status == "infeasible"
            continue
        assert plan.status == "optimal"
        o = plan.objective
        assert (o["fill"], o["continuity"], o["quality"], -o["ramp"], -o["cost"]) == expected
        report = check_plan(problem, plan)
        assert report.ok, report.violations
