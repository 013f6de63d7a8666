"""An independent reference for the surge contract, for tests only.

Written from the contract alone (``docs/surge-problem.md`` is the repository's copy); it reads the
problem and plan as plain JSON dicts and imports nothing from ``surgebench.staffing``, so a misreading
of the contract in the solver cannot hide behind the same misreading here.

- ``eligible`` is rules 1 and 2 (the per-specialist part) for one specialist and one role.
- ``violations`` checks a plan against every hard rule 1–8 and returns one readable line per breach.
- ``objective_of`` and ``shortfall_of`` recompute what a plan reports.
- ``best_plan`` / ``best_objective`` search every valid plan of a tiny problem exactly. Each specialist
  independently picks, per request, nothing or one eligible role with a start date; what couples the
  specialists is only the shared limits (headcount, onboarding capacity, country cap), so the search
  memoises on how much of each limit is used. ``naive_best_objective`` is the same search without any
  cleverness (every combination, judged by ``violations``) to cross-check it on the very smallest.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Objective = tuple[int, int, int, int, int]
"""(fill, continuity, quality, ramp, cost), in the contract's order."""

OBJECTIVE_LEVELS = ("fill", "continuity", "quality", "ramp", "cost")


def _day(text: str) -> date:
    return date.fromisoformat(text)


# ---------------------------------------------------------------- rules 1 and 2, one specialist


def utc_offset_hours(timezone_name: str, on: date) -> float:
    """The zone's UTC offset in hours at noon UTC on ``on`` (fractional for half-hour zones)."""
    noon = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    offset = noon.astimezone(ZoneInfo(timezone_name)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def is_returning(spec: dict, request: dict) -> bool:
    """Rule 7: an engagement with the same client and model in the cycle just before this one."""
    return any(
        past["client"] == request["client"]
        and past["model"] == request["model"]
        and past["cycle"] == request["cycle"] - 1
        for past in spec["history"]
    )


def barred_by_competitor(spec: dict, request: dict) -> bool:
    """Rule 2: a running competitor engagement, or one ended less than ``cooldown_days`` ago."""
    first_ramp = _day(request["ramp"][0]["date"])
    for past in spec["history"]:
        if past["client"] not in request["competitors"]:
            continue
        if past["ended_on"] is None:
            return True
        if (first_ramp - _day(past["ended_on"])).days < request["cooldown_days"]:
            return True
    return False


def quality_for(spec: dict, role: dict) -> float:
    """The specialist's quality for the role: its ``skill_quality`` entry for the role's skill when it
    gives one, otherwise its ``quality`` (rule 1's gate and the quality level)."""
    per_skill = spec.get("skill_quality") or {}
    return per_skill[role["skill"]] if role["skill"] in per_skill else spec["quality"]


def eligible(spec: dict, request: dict, role: dict) -> bool:
    """Rules 1 and 2 (per specialist): may ``spec`` take ``role`` of ``request`` at all?"""
    if not request["ramp"]:
        return False
    if spec["status"] != "vetted":
        return False
    if _day(spec["vetting_expires"]) < _day(request["ends_on"]):
        return False
    if spec["skills"].get(role["skill"], 0) < role["min_level"]:
        return False
    if quality_for(spec, role) < role["min_quality"]:
        return False
    if not set(role["languages"]) <= set(spec["languages"]):
        return False
    if role["utc_offset"] is not None:
        low, high = role["utc_offset"]
        offset = utc_offset_hours(spec["timezone"], _day(request["ramp"][0]["date"]))
        if not low <= offset <= high:
            return False
    if _day(spec["available_from"]) > _day(request["ramp"][-1]["date"]):
        return False
    if spec["id"] in request["excluded"]:
        return False
    return not barred_by_competitor(spec, request)


def clients_compete(request_a: dict, request_b: dict) -> bool:
    """Rule 2: either request's client lists the other's client among its competitors."""
    return request_b["client"] in request_a["competitors"] or request_a["client"] in request_b["competitors"]


def country_cap(role: dict) -> int | None:
    """Rule 6: how many of the role's people may share a country (None: no cap)."""
    share = role["max_country_share"]
    if share is None:
        return None
    return max(1, (round(100 * share) * role["headcount"]) // 100)


def free_hours(spec: dict) -> int:
    return spec["weekly_hours"] - spec["committed_hours"]


# ---------------------------------------------------------------- whole plans


def _index(problem: dict) -> tuple[dict, dict, dict]:
    specs = {s["id"]: s for s in problem["specialists"]}
    requests = {r["id"]: r for r in problem["requests"]}
    roles = {(r["id"], role["id"]): role for r in problem["requests"] for role in r["roles"]}
    return specs, requests, roles


def violations(problem: dict, plan: dict) -> list[str]:
    """Every breach of hard rules 1–8 by ``plan``'s assignments (empty when the plan is valid)."""
    specs, requests, roles = _index(problem)
    found: list[str] = []
    known: list[dict] = []
    for a in plan["assignments"]:
        if a["specialist"] not in specs or (a["request"], a["role"]) not in roles:
            found.append(f"unknown specialist, request or role in {a}")
        else:
            known.append(a)

    seats_by_spec: dict[str, list[dict]] = {}
    for a in known:
        spec, request, role = specs[a["specialist"]], requests[a["request"]], roles[a["request"], a["role"]]
        who = f"{a['specialist']} on {a['request']}/{a['role']}"
        seats_by_spec.setdefault(a["specialist"], []).append(a)
        if not eligible(spec, request, role):
            found.append(f"rule 1/2: {who} is not eligible")
        ramp_dates = [step["date"] for step in request["ramp"]]
        if a["start"] not in ramp_dates:
            found.append(f"rule 7: {who} starts {a['start']}, not a ramp date")
        elif _day(a["start"]) < _day(spec["available_from"]):
            found.append(f"rule 7: {who} starts {a['start']} before available_from {spec['available_from']}")
        if a.get("returning") is not None and a["returning"] != is_returning(spec, request):
            found.append(f"plan: {who} says returning={a['returning']}, contract says {not a['returning']}")

    for spec_id, seats in seats_by_spec.items():
        per_request = Counter(a["request"] for a in seats)
        for request_id, n in per_request.items():
            if n > 1:
                found.append(f"rule 3: {spec_id} holds {n} seats on {request_id}")
        hours = sum(roles[a["request"], a["role"]]["hours_per_week"] for a in seats)
        if hours > free_hours(specs[spec_id]):
            found.append(f"rule 4: {spec_id} holds {hours} h/week, has {free_hours(specs[spec_id])}")
        for id_a, id_b in itertools.combinations(sorted(per_request), 2):
            if clients_compete(requests[id_a], requests[id_b]):
                found.append(f"rule 2: {spec_id} holds seats on competing {id_a} and {id_b}")

    for (request_id, role_id), role in roles.items():
        people = [a for a in known if (a["request"], a["role"]) == (request_id, role_id)]
        if len(people) > role["headcount"]:
            found.append(f"rule 5: {request_id}/{role_id} has {len(people)} > headcount {role['headcount']}")
        cap = country_cap(role)
        if cap is not None:
            by_country = Counter(specs[a["specialist"]]["country"] for a in people)
            for country, n in sorted(by_country.items()):
                if n > cap:
                    found.append(f"rule 6: {request_id}/{role_id} has {n} from {country} > cap {cap}")

    for request_id, request in requests.items():
        starting = Counter(
            a["start"]
            for a in known
            if a["request"] == request_id and not is_returning(specs[a["specialist"]], request)
        )
        for step in request["ramp"]:
            if starting[step["date"]] > step["onboarding_capacity"]:
                found.append(
                    f"rule 7: {request_id} onboards {starting[step['date']]} new on {step['date']}"
                    f" > capacity {step['onboarding_capacity']}"
                )
        held = {(a["specialist"], a["role"]) for a in known if a["request"] == request_id}
        for pin in request["pinned"]:
            if (pin["specialist"], pin["role"]) not in held:
                found.append(f"rule 8: pin {pin['specialist']} on {request_id}/{pin['role']} is not kept")
    return found


def objective_of(problem: dict, assignments: list[dict]) -> Objective:
    """The five levels for a set of assignments, as the contract defines them."""
    specs, requests, roles = _index(problem)
    fill = continuity = quality = ramp = cost = 0
    for a in assignments:
        spec, request, role = specs[a["specialist"]], requests[a["request"]], roles[a["request"], a["role"]]
        fill += request["priority"]
        continuity += is_returning(spec, request)
        quality += round(1000 * quality_for(spec, role))
        ramp += [step["date"] for step in request["ramp"]].index(a["start"])
        cost += round(100 * spec["hourly_rate"]) * role["hours_per_week"]
    return (fill, continuity, quality, ramp, cost)


def shortfall_of(problem: dict, assignments: list[dict]) -> dict[tuple[str, str], int]:
    """(request, role) → missing seats, for every role with fewer people than its headcount."""
    filled = Counter((a["request"], a["role"]) for a in assignments)
    return {
        (request["id"], role["id"]): role["headcount"] - filled[request["id"], role["id"]]
        for request in problem["requests"]
        for role in request["roles"]
        if filled[request["id"], role["id"]] < role["headcount"]
    }


# ---------------------------------------------------------------- exact search for tiny problems


def _better(value: Objective, than: Objective | None) -> bool:
    """Lexicographic: more fill, continuity, quality; then less ramp, cost."""
    if than is None:
        return True
    fill, continuity, quality, ramp, cost = value
    o_fill, o_continuity, o_quality, o_ramp, o_cost = than
    return (fill, continuity, quality, -ramp, -cost) > (o_fill, o_continuity, o_quality, -o_ramp, -o_cost)


def _add(a: Objective, b: Objective) -> Objective:
    return tuple(x + y for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _seat_choices(spec: dict, request: dict) -> list[tuple[dict, int] | None]:
    """Nothing, or (role, ramp index) for every eligible role and every start on/after available_from."""
    choices: list[tuple[dict, int] | None] = [None]
    for role in request["roles"]:
        if not eligible(spec, request, role):
            continue
        for index, step in enumerate(request["ramp"]):
            if _day(step["date"]) >= _day(spec["available_from"]):
                choices.append((role, index))
    return choices


def best_plan(problem: dict) -> tuple[Objective, list[dict]] | None:
    """The lexicographically best valid plan of a tiny problem, or None when the pins cannot be kept."""
    specs = problem["specialists"]
    requests = problem["requests"]
    spec_ids = {s["id"] for s in specs}

    pins: dict[str, dict[int, set[str]]] = {}
    for r_index, request in enumerate(requests):
        role_ids = {role["id"] for role in request["roles"]}
        for pin in request["pinned"]:
            if pin["specialist"] not in spec_ids or pin["role"] not in role_ids:
                return None
            pins.setdefault(pin["specialist"], {}).setdefault(r_index, set()).add(pin["role"])

    # The shared limits, one counter each: (kind, ...) → limit.
    limits: dict[tuple, int] = {}
    for r_index, request in enumerate(requests):
        for role in request["roles"]:
            limits["head", r_index, role["id"]] = role["headcount"]
            cap = country_cap(role)
            if cap is not None:
                for country in {s["country"] for s in specs}:
                    limits["country", r_index, role["id"], country] = cap
        for t_index, step in enumerate(request["ramp"]):
            limits["onboard", r_index, t_index] = step["onboarding_capacity"]
    keys = list(limits)
    key_index = {key: i for i, key in enumerate(keys)}
    limit_vector = [limits[key] for key in keys]

    # Every specialist's own valid combinations (rules 1–4, 7's start date, its pins), with what they
    # use of the shared limits and what they are worth.
    options: list[list[tuple[tuple[int, ...], Objective, list[dict]]]] = []
    for spec in specs:
        own_pins = pins.get(spec["id"], {})
        mine = []
        for combo in itertools.product(*(_seat_choices(spec, request) for request in requests)):
            held = [(r_index, choice) for r_index, choice in enumerate(combo) if choice is not None]
            if any(
                combo[r_index] is None or {combo[r_index][0]["id"]} != role_ids
                for r_index, role_ids in own_pins.items()
            ):
                continue
            # Rule 4 binds people who hold seats (an over-committed person simply takes none).
            if held and sum(choice[0]["hours_per_week"] for _, choice in held) > free_hours(spec):
                continue
            if any(
                clients_compete(requests[i], requests[j])
                for (i, _), (j, _) in itertools.combinations(held, 2)
            ):
                continue
            used = [0] * len(keys)
            assignments = []
            for r_index, (role, t_index) in held:
                request = requests[r_index]
                returning = is_returning(spec, request)
                used[key_index["head", r_index, role["id"]]] += 1
                if ("country", r_index, role["id"], spec["country"]) in key_index:
                    used[key_index["country", r_index, role["id"], spec["country"]]] += 1
                if not returning:
                    used[key_index["onboard", r_index, t_index]] += 1
                assignments.append(
                    {
                        "specialist": spec["id"],
                        "request": request["id"],
                        "role": role["id"],
                        "start": request["ramp"][t_index]["date"],
                        "returning": returning,
                    }
                )
            mine.append((tuple(used), objective_of(problem, assignments), assignments))
        if not mine:
            return None
        options.append(mine)

    memo: dict[tuple[int, tuple[int, ...]], tuple[Objective, list[dict]] | None] = {}

    def search(position: int, used: tuple[int, ...]) -> tuple[Objective, list[dict]] | None:
        if position == len(options):
            return ((0, 0, 0, 0, 0), [])
        state = (position, used)
        if state in memo:
            return memo[state]
        best: tuple[Objective, list[dict]] | None = None
        for extra, value, assignments in options[position]:
            after = tuple(u + e for u, e in zip(used, extra, strict=True))
            if any(u > limit for u, limit in zip(after, limit_vector, strict=True)):
                continue
            rest = search(position + 1, after)
            if rest is None:
                continue
            total = _add(value, rest[0])
            if _better(total, best[0] if best else None):
                best = (total, assignments + rest[1])
        memo[state] = best
        return best

    return search(0, tuple([0] * len(keys)))


def best_objective(problem: dict) -> Objective | None:
    """The best (fill, continuity, quality, ramp, cost) over all valid plans, or None if infeasible."""
    found = best_plan(problem)
    return None if found is None else found[0]


def naive_best_objective(problem: dict, max_plans: int = 50_000) -> Objective | None:
    """Every combination of (nothing | role × ramp date) per specialist and request, kept when
    ``violations`` finds nothing. Only for the very smallest problems; raises if there are too many."""
    seat_options = []
    for spec in problem["specialists"]:
        for request in problem["requests"]:
            choices = [None] + [
                (role["id"], step["date"]) for role in request["roles"] for step in request["ramp"]
            ]
            seat_options.append([(spec["id"], request["id"], choice) for choice in choices])
    total = 1
    for choices in seat_options:
        total *= len(choices)
    if total > max_plans:
        raise ValueError(f"{total} plans is too many for the naive search")
    best: Objective | None = None
    for combo in itertools.product(*seat_options):
        assignments = [
            {"specialist": spec_id, "request": request_id, "role": choice[0], "start": choice[1]}
            for spec_id, request_id, choice in combo
            if choice is not None
        ]
        if violations(problem, {"assignments": assignments}):
            continue
        value = objective_of(problem, assignments)
        if _better(value, best):
            best = value
    return best


def pins_feasible(problem: dict) -> bool:
    """Whether the pins alone can be kept. Every rule only caps, so a plan keeping the pins exists
    exactly when the pinned assignments alone (with some choice of start dates) form a valid plan;
    this searches just those, so it is cheap even for problems too big for ``best_plan``."""
    pinned_on: dict[str, set[str]] = {}
    for request in problem["requests"]:
        for pin in request["pinned"]:
            pinned_on.setdefault(pin["specialist"], set()).add(request["id"])
    reduced = {
        "specialists": [s for s in problem["specialists"] if s["id"] in pinned_on],
        "requests": [
            {
                **request,
                "excluded": list(request["excluded"])
                + [spec_id for spec_id, ids in pinned_on.items() if request["id"] not in ids],
            }
            for request in problem["requests"]
        ],
    }
    return best_plan(reduced) is not None
