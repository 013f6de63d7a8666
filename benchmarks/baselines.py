"""Two baselines the staffing solver is measured against, written straight from the contract.

- `greedy_plan`: what a spreadsheet process does. Pins first; then requests by priority, roles in
  order, candidates by quality for the role (best first); each candidate is taken if every hard
  rule still holds, starting on the earliest ramp day they are free and onboarding still has room.
- `mip_plan`: what a competent engineer writes first. One binary per (specialist, role, start day)
  for every eligible pair, every hard rule as a linear constraint, solved by SCIP through
  `ortools.linear_solver.pywraplp` in lexicographic passes: optimise a level, fix it, go on.

Both read the problem dict themselves (`Instance`) and compute eligibility from the contract text
(the repository's copy is `docs/surge-problem.md`); they share no code with `surgebench.staffing`, so
a bug there is not repeated here. Both return a contract plan dict (`surge-plan/1`).
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

PLAN_FORMAT = "surge-plan/1"
LEVELS = ("fill", "continuity", "quality", "ramp", "cost")

# --- the instance, read from the problem dict ------------------------------------------------


@dataclass(frozen=True)
class Role:
    request: int  # index into Instance.requests
    id: str
    skill: str
    min_level: int
    min_quality: float
    headcount: int
    hours: int
    languages: frozenset[str]
    utc_offset: tuple[float, float] | None
    country_cap: int | None  # rule 6, already in people


@dataclass(frozen=True)
class Request:
    id: str
    client: str
    model: str
    cycle: int
    priority: int
    ends_on: dt.date
    ramp: tuple[dt.date, ...]
    capacity: tuple[int, ...]
    competitors: frozenset[str]
    cooldown_days: int
    roles: tuple[int, ...]  # indices into Instance.roles
    pinned: tuple[tuple[str, str], ...]
    excluded: frozenset[str]


@dataclass
class Instance:
    specialists: list[dict]
    requests: list[Request]
    roles: list[Role]
    free_hours: list[int]  # weekly_hours - committed_hours
    returning: list[set[int]]  # per request: specialists returning for it
    eligible: list[list[int]]  # per role: specialists that may take it (rules 1 and 2, first part)
    first_day: dict[tuple[int, int], int] = field(default_factory=dict)  # (specialist, request) -> ramp idx
    reasons: list[Counter] = field(default_factory=list)  # per role: why the others may not take it

    def conflicts(self, a: int, b: int) -> bool:
        """Rule 2, second part: requests whose clients are competitors cannot share a person."""
        qa, qb = self.requests[a], self.requests[b]
        return qb.client in qa.competitors or qa.client in qb.competitors


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@cache
def utc_offset(zone: str, day: dt.date) -> float:
    """Offset in hours of `zone` at noon UTC on `day`."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return noon.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset().total_seconds() / 3600


def country_cap(share: float | None, headcount: int) -> int | None:
    """Rule 6 in integer arithmetic."""
    if share is None:
        return None
    return max(1, (round(100 * share) * headcount) // 100)


def quality_for(p: dict, skill: str) -> float:
    """The specialist's quality for a role asking for `skill`: `skill_quality[skill]` when given,
    else `quality` (rule 1's gate and the quality level)."""
    per_skill = p.get("skill_quality") or {}
    return per_skill[skill] if skill in per_skill else p["quality"]


def _exclusion(p: dict, q: Request, role: Role, ends_on: str, last_ramp: str) -> str | None:
    """The first eligibility rule (1, then 2) that keeps `p` off `role`, or None."""
    if p["status"] != "vetted":
        return "status"
    if p["vetting_expires"] < ends_on:
        return "vetting"
    if p["skills"].get(role.skill, 0) < role.min_level:
        return "skill_level"
    if quality_for(p, role.skill) < role.min_quality:
        return "quality"
    if not role.languages <= set(p["languages"]):
        return "languages"
    if role.utc_offset is not None:
        off = utc_offset(p["timezone"], q.ramp[0])
        if not role.utc_offset[0] <= off <= role.utc_offset[1]:
            return "utc_offset"
    if p["available_from"] > last_ramp:
        return "availability"
    if p["id"] in q.excluded:
        return "excluded"
    for h in p["history"]:
        if h["client"] in q.competitors and (
            h["ended_on"] is None or (q.ramp[0] - _date(h["ended_on"])).days < q.cooldown_days
        ):
            return "competitor"
    return None


def read_instance(problem: dict) -> Instance:
    people = problem["specialists"]
    requests: list[Request] = []
    roles: list[Role] = []
    for qi, q in enumerate(problem["requests"]):
        role_ids = []
        for r in q["roles"]:
            role_ids.append(len(roles))
            roles.append(
                Role(
                    request=qi,
                    id=r["id"],
                    skill=r["skill"],
                    min_level=r["min_level"],
                    min_quality=r["min_quality"],
                    headcount=r["headcount"],
                    hours=r["hours_per_week"],
                    languages=frozenset(r["languages"]),
                    utc_offset=tuple(r["utc_offset"]) if r["utc_offset"] is not None else None,
                    country_cap=country_cap(r["max_country_share"], r["headcount"]),
                )
            )
        requests.append(
            Request(
                id=q["id"],
                client=q["client"],
                model=q["model"],
                cycle=q["cycle"],
                priority=q["priority"],
                ends_on=_date(q["ends_on"]),
                ramp=tuple(_date(d["date"]) for d in q["ramp"]),
                capacity=tuple(d["onboarding_capacity"] for d in q["ramp"]),
                competitors=frozenset(q["competitors"]),
                cooldown_days=q["cooldown_days"],
                roles=tuple(role_ids),
                pinned=tuple((p["specialist"], p["role"]) for p in q["pinned"]),
                excluded=frozenset(q["excluded"]),
            )
        )
    inst = Instance(
        specialists=people,
        requests=requests,
        roles=roles,
        free_hours=[p["weekly_hours"] - p["committed_hours"] for p in people],
        returning=[],
        eligible=[[] for _ in roles],
        reasons=[Counter() for _ in roles],
    )
    for q in requests:
        inst.returning.append(
            {
                i
                for i, p in enumerate(people)
                if any(
                    h["client"] == q.client and h["model"] == q.model and h["cycle"] == q.cycle - 1
                    for h in p["history"]
                )
            }
        )
    for qi, q in enumerate(requests):
        ends_on, last_ramp = q.ends_on.isoformat(), q.ramp[-1].isoformat()
        ramp_iso = [d.isoformat() for d in q.ramp]
        for ri in q.roles:
            role = roles[ri]
            for i, p in enumerate(people):
                why = _exclusion(p, q, role, ends_on, last_ramp)
                if why is None:
                    inst.eligible[ri].append(i)
                    if (i, qi) not in inst.first_day:
                        inst.first_day[(i, qi)] = next(
                            d for d, day in enumerate(ramp_iso) if day >= p["available_from"]
                        )
                else:
                    inst.reasons[ri][why] += 1
    return inst


# --- plans -----------------------------------------------------------------------------------


def objective(inst: Instance, chosen: list[tuple[int, int, int]]) -> dict[str, int]:
    """The five levels for assignments given as (specialist, role, ramp day index)."""
    value = dict.fromkeys(LEVELS, 0)
    for i, ri, d in chosen:
        role = inst.roles[ri]
        p = inst.specialists[i]
        value["fill"] += inst.requests[role.request].priority
        value["continuity"] += i in inst.returning[role.request]
        value["quality"] += round(1000 * quality_for(p, role.skill))
        value["ramp"] += d
        value["cost"] += round(100 * p["hourly_rate"]) * role.hours
    return value


def shortfall(inst: Instance, chosen: list[tuple[int, int, int]]) -> list[dict]:
    """Every role below its headcount, with each other specialist counted under its first reason.

    The reason keys and their order are the solver's (`surgebench/staffing/shortfall.py`; the
    contract names no keys): rules 1 and 2 from `_exclusion`, then, for eligible people, a seat on a
    competing request, another seat in this request, hours, the country cap, onboarding capacity on
    every day they could start, and otherwise "not_chosen".
    """
    hours_used = Counter()
    held: dict[int, set[int]] = defaultdict(set)
    members: dict[int, set[int]] = defaultdict(set)
    new_starts = Counter()  # (request, day)
    for i, ri, d in chosen:
        role = inst.roles[ri]
        hours_used[i] += role.hours
        held[i].add(role.request)
        members[ri].add(i)
        if i not in inst.returning[role.request]:
            new_starts[(role.request, d)] += 1
    out = []
    for ri, role in enumerate(inst.roles):
        if len(members[ri]) >= role.headcount:
            continue
        qi, q = role.request, inst.requests[role.request]
        reasons = Counter(inst.reasons[ri])
        by_country = Counter(inst.specialists[i]["country"] for i in members[ri])
        open_from = [
            any(new_starts[(qi, t)] < q.capacity[t] for t in range(d, len(q.ramp)))
            for d in range(len(q.ramp))
        ]
        for i in inst.eligible[ri]:
            if i in members[ri]:
                continue
            if any(inst.conflicts(qi, other) for other in held[i]):
                why = "competitor_in_plan"
            elif qi in held[i]:
                why = "one_seat_per_request"
            elif inst.free_hours[i] - hours_used[i] < role.hours:
                why = "hours"
            elif (
                role.country_cap is not None
                and by_country[inst.specialists[i]["country"]] >= role.country_cap
            ):
                why = "country_share"
            elif i not in inst.returning[qi] and not open_from[inst.first_day[(i, qi)]]:
                why = "onboarding_capacity"
            else:
                why = "not_chosen"
            reasons[why] += 1
        out.append(
            {
                "request": q.id,
                "role": role.id,
                "missing": role.headcount - len(members[ri]),
                "reasons": dict(reasons),
            }
        )
    return out


def to_plan(inst: Instance, chosen: list[tuple[int, int, int]], status: str, seconds: float) -> dict:
    chosen = sorted(chosen, key=lambda a: (inst.roles[a[1]].request, a[1], inst.specialists[a[0]]["id"]))
    plan = {
        "format": PLAN_FORMAT,
        "status": status,
        "assignments": [
            {
                "specialist": inst.specialists[i]["id"],
                "request": inst.requests[inst.roles[ri].request].id,
                "role": inst.roles[ri].id,
                "start": inst.requests[inst.roles[ri].request].ramp[d].isoformat(),
                "returning": i in inst.returning[inst.roles[ri].request],
            }
            for i, ri, d in chosen
        ],
        "objective": objective(inst, chosen),
        "shortfall": shortfall(inst, chosen),
        "solve_seconds": round(seconds, 3),
    }
    if status == "infeasible":  # the baselines do not find which pins clash: they name them all
        plan["infeasible_pins"] = [
            {"specialist": sid, "request": q.id, "role": rid, "reason": "pins cannot all be kept"}
            for q in inst.requests
            for sid, rid in q.pinned
        ]
    return plan


# --- (a) the greedy picker -------------------------------------------------------------------


class _Ledger:
    """What the greedy picker has taken so far, with the rules that depend on it."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.hours = list(inst.free_hours)
        self.seats: dict[int, set[int]] = defaultdict(set)  # specialist -> requests held
        self.headcount = Counter()
        self.by_country: Counter = Counter()  # (role, country)
        self.onboarding = [list(q.capacity) for q in inst.requests]
        self.chosen: list[tuple[int, int, int]] = []

    def start_day(self, i: int, ri: int) -> int | None:
        """Earliest ramp day `i` can start on `ri` (rule 7), or None if onboarding is full."""
        qi = self.inst.roles[ri].request
        first = self.inst.first_day[(i, qi)]
        if i in self.inst.returning[qi]:
            return first
        return next((d for d in range(first, len(self.onboarding[qi])) if self.onboarding[qi][d] > 0), None)

    def try_take(self, i: int, ri: int) -> bool:
        inst, role = self.inst, self.inst.roles[ri]
        qi, country = role.request, inst.specialists[i]["country"]
        if self.headcount[ri] >= role.headcount:  # rule 5
            return False
        if self.hours[i] < role.hours:  # rule 4
            return False
        if qi in self.seats[i] or any(inst.conflicts(qi, other) for other in self.seats[i]):  # rules 3, 2
            return False
        if role.country_cap is not None and self.by_country[(ri, country)] >= role.country_cap:  # rule 6
            return False
        day = self.start_day(i, ri)  # rule 7
        if day is None:
            return False
        if i not in inst.returning[qi]:
            self.onboarding[qi][day] -= 1
        self.hours[i] -= role.hours
        self.seats[i].add(qi)
        self.headcount[ri] += 1
        self.by_country[(ri, country)] += 1
        self.chosen.append((i, ri, day))
        return True


def greedy_plan(problem: dict, inst: Instance | None = None) -> dict:
    """The spreadsheet process: pins, then by priority, role order and quality for the role, taking
    who fits."""
    started = time.perf_counter()
    inst = inst or read_instance(problem)
    ledger = _Ledger(inst)
    index = {p["id"]: i for i, p in enumerate(inst.specialists)}
    eligible_sets = [set(e) for e in inst.eligible]
    for q in inst.requests:
        role_of = {inst.roles[ri].id: ri for ri in q.roles}
        for sid, rid in q.pinned:
            ri = role_of.get(rid)
            i = index.get(sid)
            if ri is None or i is None or i not in eligible_sets[ri] or not ledger.try_take(i, ri):
                return to_plan(inst, [], "infeasible", time.perf_counter() - started)
    order = sorted(range(len(inst.requests)), key=lambda qi: -inst.requests[qi].priority)
    for qi in order:
        for ri in inst.requests[qi].roles:
            skill = inst.roles[ri].skill
            ranked = sorted(
                inst.eligible[ri],
                key=lambda i: (-quality_for(inst.specialists[i], skill), inst.specialists[i]["id"]),
            )
            for i in ranked:
                if ledger.headcount[ri] >= inst.roles[ri].headcount:
                    break
                ledger.try_take(i, ri)
    return to_plan(inst, ledger.chosen, "feasible", time.perf_counter() - started)


# --- (b) the straightforward MIP, SCIP through pywraplp --------------------------------------


@dataclass
class LevelRun:
    level: str
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, NOT_SOLVED, ... or "skipped (no time left)"
    value: int | None
    bound: float | None
    seconds: float


@dataclass
class MipResult:
    plan: dict
    levels: list[LevelRun]
    build_seconds: float
    variables: int
    constraints: int


def mip_plan(
    problem: dict,
    time_limit: float = 300.0,
    inst: Instance | None = None,
    threads: int = 1,
    start_from: dict | None = None,
) -> MipResult:
    """Lexicographic passes over one SCIP model.

    `time_limit` is the budget, in seconds, of all SCIP passes together; each pass gets what the
    passes before it left. A pass that ends without proof fixes its level at the best value found.
    `start_from` (a valid plan dict, e.g. the greedy one) is hinted to the first pass and kept as
    the incumbent if SCIP finds nothing better in time.
    """
    from ortools.linear_solver import pywraplp

    started = time.perf_counter()
    inst = inst or read_instance(problem)
    solver = pywraplp.Solver.CreateSolver("SCIP")
    if solver is None:
        raise RuntimeError("this ortools build has no SCIP")
    if threads > 1:
        solver.SetNumThreads(threads)

    # variables: x[i, ri, d] for every eligible pair and every ramp day on or after available_from
    x: dict[tuple[int, int, int], object] = {}
    for ri, role in enumerate(inst.roles):
        q = inst.requests[role.request]
        for i in inst.eligible[ri]:
            for d in range(inst.first_day[(i, role.request)], len(q.ramp)):
                x[(i, ri, d)] = solver.BoolVar(f"x[{inst.specialists[i]['id']},{q.id}/{role.id},{q.ramp[d]}]")
    by_person: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for key in x:
        by_person[key[0]].append(key)

    # rule 5: headcount; rule 6: country share
    per_role: dict[int, list] = defaultdict(list)
    per_role_country: dict[tuple[int, str], list] = defaultdict(list)
    for (i, ri, _d), v in x.items():
        per_role[ri].append(v)
        per_role_country[(ri, inst.specialists[i]["country"])].append(v)
    for ri, vs in per_role.items():
        if len(vs) > inst.roles[ri].headcount:
            solver.Add(solver.Sum(vs) <= inst.roles[ri].headcount, f"headcount[{ri}]")
    for (ri, country), vs in per_role_country.items():
        cap = inst.roles[ri].country_cap
        if cap is not None and len(vs) > cap:
            solver.Add(solver.Sum(vs) <= cap, f"country_share[{ri},{country}]")

    # rules 3 and 2: one seat per request; no seats on two competing requests; rule 4: hours
    for i, keys in by_person.items():
        per_request: dict[int, list] = defaultdict(list)
        for key in keys:
            per_request[inst.roles[key[1]].request].append(x[key])
        for vs in per_request.values():
            if len(vs) > 1:
                solver.Add(solver.Sum(vs) <= 1)
        held = sorted(per_request)
        for a_pos, a in enumerate(held):
            for b in held[a_pos + 1 :]:
                if inst.conflicts(a, b):
                    solver.Add(solver.Sum(per_request[a] + per_request[b]) <= 1)
        if sum(inst.roles[ri].hours for ri in {k[1] for k in keys}) > inst.free_hours[i]:
            solver.Add(solver.Sum([inst.roles[k[1]].hours * x[k] for k in keys]) <= inst.free_hours[i])

    # rule 7: onboarding capacity for people who are not returning
    per_day: dict[tuple[int, int], list] = defaultdict(list)
    for (i, ri, d), v in x.items():
        qi = inst.roles[ri].request
        if i not in inst.returning[qi]:
            per_day[(qi, d)].append(v)
    for (qi, d), vs in per_day.items():
        if len(vs) > inst.requests[qi].capacity[d]:
            solver.Add(solver.Sum(vs) <= inst.requests[qi].capacity[d])

    # rule 8: pins
    index = {p["id"]: i for i, p in enumerate(inst.specialists)}
    feasible_pins = True
    for q in inst.requests:
        role_of = {inst.roles[ri].id: ri for ri in q.roles}
        for sid, rid in q.pinned:
            i, ri = index.get(sid), role_of.get(rid)
            vs = [x[k] for k in by_person.get(i, []) if k[1] == ri] if ri is not None else []
            if not vs:
                feasible_pins = False
            else:
                solver.Add(solver.Sum(vs) == 1)

    # the objective levels as linear expressions: (sense, coefficient per variable)
    def coef(level: str, i: int, ri: int, d: int) -> int:
        role = inst.roles[ri]
        if level == "fill":
            return inst.requests[role.request].priority
        if level == "continuity":
            return int(i in inst.returning[role.request])
        if level == "quality":
            return round(1000 * quality_for(inst.specialists[i], role.skill))
        if level == "ramp":
            return d
        return round(100 * inst.specialists[i]["hourly_rate"]) * role.hours

    maximise = {"fill": True, "continuity": True, "quality": True, "ramp": False, "cost": False}
    build_seconds = time.perf_counter() - started  # reading the instance and building the model
    runs: list[LevelRun] = []
    keys = list(x)
    variables = list(x.values())
    solution: list[int] | None = None
    if start_from is not None:
        role_of = {(inst.requests[r.request].id, r.id): ri for ri, r in enumerate(inst.roles)}
        day_of = {(q.id, day.isoformat()): d for q in inst.requests for d, day in enumerate(q.ramp)}
        index = {p["id"]: i for i, p in enumerate(inst.specialists)}
        given = {
            (index[a["specialist"]], role_of[(a["request"], a["role"])], day_of[(a["request"], a["start"])])
            for a in start_from["assignments"]
        }
        solution = [int(k in given) for k in keys]
    all_optimal = True
    if not feasible_pins:
        return MipResult(
            to_plan(inst, [], "infeasible", time.perf_counter() - started),
            [],
            build_seconds,
            solver.NumVariables(),
            solver.NumConstraints(),
        )
    deadline = time.perf_counter() + time_limit  # the budget is for SCIP's passes, not the build
    for level in LEVELS:
        remaining = deadline - time.perf_counter()
        if remaining <= 1.0:
            runs.append(LevelRun(level, "skipped (no time left)", None, None, 0.0))
            all_optimal = False
            continue
        coefs = [coef(level, *k) for k in keys]
        expr = solver.Sum([c * v for c, v in zip(coefs, variables, strict=True) if c])
        if maximise[level]:
            solver.Maximize(expr)
        else:
            solver.Minimize(expr)
        if solution is not None:
            solver.SetHint(variables, solution)
        solver.SetTimeLimit(int(remaining * 1000))
        t0 = time.perf_counter()
        status = solver.Solve()
        seconds = time.perf_counter() - t0
        name = {
            pywraplp.Solver.OPTIMAL: "OPTIMAL",
            pywraplp.Solver.FEASIBLE: "FEASIBLE",
            pywraplp.Solver.INFEASIBLE: "INFEASIBLE",
            pywraplp.Solver.UNBOUNDED: "UNBOUNDED",
            pywraplp.Solver.ABNORMAL: "ABNORMAL",
            pywraplp.Solver.NOT_SOLVED: "NOT_SOLVED",
        }.get(status, str(status))
        if status == pywraplp.Solver.INFEASIBLE and solution is None:
            return MipResult(
                to_plan(inst, [], "infeasible", time.perf_counter() - started),
                [LevelRun(level, name, None, None, seconds)],
                build_seconds,
                solver.NumVariables(),
                solver.NumConstraints(),
            )
        if status in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            candidate = [round(v.solution_value()) for v in variables]
            value = sum(c * s for c, s in zip(coefs, candidate, strict=True))
            if solution is not None:  # keep the better of the hint and what SCIP returned
                previous = sum(c * s for c, s in zip(coefs, solution, strict=True))
                if (previous > value) if maximise[level] else (previous < value):
                    candidate, value = solution, previous
            solution = candidate
            bound = solver.Objective().BestBound()
            runs.append(LevelRun(level, name, value, bound, seconds))
            all_optimal &= status == pywraplp.Solver.OPTIMAL
            # fix this level at the value reached before optimising the next
            if maximise[level]:
                solver.Add(expr >= value, f"keep_{level}")
            else:
                solver.Add(expr <= value, f"keep_{level}")
        else:
            runs.append(LevelRun(level, name, None, None, seconds))
            all_optimal = False
            if solution is None:
                break
            # no better plan found in time: keep the previous one and fix this level at its value
            value = sum(c * s for c, s in zip(coefs, solution, strict=True))
            solver.Add(expr >= value if maximise[level] else expr <= value, f"keep_{level}")
    chosen = [k for k, s in zip(keys, solution or [], strict=False) if s]
    if solution is None:  # SCIP found nothing within the time limit
        status = "no_solution"
    else:
        status = "optimal" if all_optimal else "feasible"
    return MipResult(
        to_plan(inst, chosen, status, time.perf_counter() - started),
        runs,
        build_seconds,
        solver.NumVariables(),
        solver.NumConstraints(),
    )
