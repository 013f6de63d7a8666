"""Hypothesis strategies for random, valid ``surge-problem/1`` dicts that reach every hard rule.

Values come from small pools so that they collide: specialists share skills, countries and
timezones; qualities tie; about half give a ``skill_quality`` (in a role's skill or in one no role
asks for, above or below their ``quality``, on and just under the gates, or crossing a role's gate);
dates sit on the boundaries the rules test (vetting expiring on ``ends_on``, ``available_from``
around the ramp, competitor engagements ending exactly ``cooldown_days`` before the first ramp date,
first ramp dates on DST changes). ``tiny_problems`` stay small enough for ``bruteforce.best_plan``;
``small_problems`` are for solver-only properties.
"""

from __future__ import annotations

from datetime import date, timedelta

from bruteforce import eligible, is_returning, violations
from hypothesis import strategies as st

CLIENTS = ("acme", "globex", "initech")
MODELS = ("orion", "lyra")
SKILLS = ("py", "sql")
LANGUAGES = ("en", "de", "hi")
COUNTRIES = ("US", "IN", "GB")
STATUSES = ("vetted",) * 6 + ("pending", "suspended")
TIMEZONES = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "Asia/Kathmandu",
    "America/St_Johns",
)
# First ramp dates around 2026's DST changes (US 8 Mar / 1 Nov, EU 29 Mar / 25 Oct,
# Adelaide 5 Apr / 4 Oct), including the change days themselves.
FIRST_RAMP_DATES = tuple(
    date.fromisoformat(d)
    for d in (
        "2026-03-06",
        "2026-03-08",
        "2026-03-09",
        "2026-03-27",
        "2026-03-29",
        "2026-03-30",
        "2026-04-03",
        "2026-04-05",
        "2026-04-06",
        "2026-10-02",
        "2026-10-04",
        "2026-10-23",
        "2026-10-25",
        "2026-10-30",
        "2026-11-01",
        "2026-11-02",
    )
)
UTC_WINDOWS = (None,) * 60 + (
    [-5, -4],
    [-4, -4],
    [-5, -5],
    [0, 0],
    [0, 1],
    [1, 1],
    [5.5, 5.5],
    [5, 6],
    [5.75, 5.75],
    [9.5, 10.5],
    [10.5, 10.5],
    [-3.5, -2.5],
    [-2.5, -2.5],
    [-12, 14],
)
COUNTRY_SHARES = (None, None, 0.29, 0.5, 0.01, 1.0, 0.34, 0.67, 0.57)
QUALITIES = (0.9, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.999, 1.0)
SKILL_QUALITY_SKILLS = (*SKILLS, "go")  # "go": a skill no role asks for
SKILL_QUALITIES = (0.6, 0.95, 0.499, 0.5, 0.8, 0.849, 0.85, 0.9, 1.0, 0.3, 0)
MIN_QUALITIES = (0,) * 8 + (0.5, 0.8, 0.85, 0.9)
RATES = (25.0, 30.5, 42.25, 42.25, 60.0, 80.99, 4.35, 1.15, 0.57)  # 100 × 4.35 = 434.999…


def _iso(day: date) -> str:
    return day.isoformat()


@st.composite
def roles(draw, index: int, max_headcount: int) -> dict:
    return {
        "id": f"r{index}",
        "skill": draw(st.sampled_from(SKILLS)),
        "min_level": draw(st.sampled_from((1,) * 6 + (2, 2, 3, 4, 5))),
        "min_quality": draw(st.sampled_from(MIN_QUALITIES)),
        "headcount": draw(st.sampled_from(tuple(range(1, max_headcount + 1)) * 2 + (0,))),
        "hours_per_week": draw(st.sampled_from((10, 20, 10, 30))),
        "languages": draw(st.sampled_from(([],) * 8 + (["en"], ["en"], ["de"], ["en", "hi"]))),
        "utc_offset": draw(st.sampled_from(UTC_WINDOWS)),
        "max_country_share": draw(st.sampled_from(COUNTRY_SHARES)),
    }


@st.composite
def requests(draw, index: int, max_roles: int, max_ramp: int, max_headcount: int) -> dict:
    client = draw(st.sampled_from(CLIENTS))
    first = draw(st.sampled_from(FIRST_RAMP_DATES))
    n_ramp = draw(st.sampled_from(range(1, max_ramp + 1)))
    days = [first]
    for _ in range(n_ramp - 1):
        days.append(days[-1] + timedelta(days=draw(st.integers(1, 3))))
    n_roles = draw(st.sampled_from(range(1, max_roles + 1)))
    return {
        "id": f"Q{index}",
        "client": client,
        "model": draw(st.sampled_from(MODELS)),
        "cycle": draw(st.integers(1, 3)),
        "priority": draw(st.sampled_from((1, 1, 2, 3))),
        "ends_on": _iso(days[-1] + timedelta(days=draw(st.sampled_from((30, 0, 1, 60))))),
        "ramp": [
            {"date": _iso(day), "onboarding_capacity": draw(st.sampled_from((2, 1, 1, 0, 3, 5)))}
            for day in days
        ],
        "competitors": draw(
            st.lists(st.sampled_from([c for c in CLIENTS if c != client]), unique=True, max_size=2)
        ),
        "cooldown_days": draw(st.sampled_from((30, 0, 1, 90))),
        "roles": [draw(roles(k, max_headcount)) for k in range(n_roles)],
        "pinned": [],
        "excluded": [],
    }


@st.composite
def histories(draw, reqs: list[dict]) -> list[dict]:
    """Past engagements aimed at the requests: returning ones, near misses, competitor ones."""
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        request = draw(st.sampled_from(reqs))
        first = date.fromisoformat(request["ramp"][0]["date"])
        kind = draw(st.sampled_from(("returning", "returning", "near", "competitor", "competitor", "any")))
        if kind == "returning":
            client, model, cycle = request["client"], request["model"], request["cycle"] - 1
        elif kind == "near":
            client, model, cycle = draw(
                st.sampled_from(
                    (
                        (request["client"], request["model"], request["cycle"]),
                        (request["client"], request["model"], request["cycle"] - 2),
                        (request["client"], "other", request["cycle"] - 1),
                    )
                )
            )
        elif kind == "competitor" and request["competitors"]:
            client, model, cycle = draw(st.sampled_from(request["competitors"])), "orion", 1
        else:
            client, model, cycle = draw(st.sampled_from(CLIENTS)), draw(st.sampled_from(MODELS)), 1
        if draw(st.integers(0, 4)) == 0:
            ended_on = None
        else:
            # Around the cooldown boundary of this request: ended exactly cooldown_days before the
            # first ramp date is allowed, one day later is barred.
            back = request["cooldown_days"] + draw(st.sampled_from((-1, 0, 0, 1, 20)))
            ended_on = _iso(first - timedelta(days=back))
        entries.append({"client": client, "model": model, "cycle": cycle, "ended_on": ended_on})
    return entries


@st.composite
def skill_qualities(draw, reqs: list[dict], quality: float) -> dict | None:
    """None (the field left out) for about half; otherwise qualities in one or two skills from a
    pool on and around the role gates (`MIN_QUALITIES`), or one that puts a role's gate on the other
    side of ``quality`` than ``quality`` puts it, sometimes an empty object."""
    kind = draw(st.sampled_from(("none",) * 5 + ("some",) * 2 + ("gate",) * 2 + ("empty",)))
    if kind == "none":
        return None
    if kind == "empty":
        return {}
    if kind == "gate":
        role = draw(st.sampled_from([role for request in reqs for role in request["roles"]]))
        gate = role["min_quality"]
        if quality >= gate > 0:
            value = draw(st.sampled_from((round(gate - 0.001, 3), 0.3 if gate > 0.3 else 0)))
        elif quality < gate:
            value = draw(st.sampled_from((gate, 1.0)))
        else:  # no gate to cross: reorder the role's people instead
            value = draw(st.sampled_from(SKILL_QUALITIES))
        return {role["skill"]: value}
    names = draw(st.lists(st.sampled_from(SKILL_QUALITY_SKILLS), unique=True, min_size=1, max_size=2))
    return {name: draw(st.sampled_from(SKILL_QUALITIES)) for name in names}


@st.composite
def specialists(draw, index: int, reqs: list[dict]) -> dict:
    """About half are strong candidates (vetted, skilled, multilingual, available), so seats are
    contested; the rest fail one gate or another at the boundaries."""
    request = draw(st.sampled_from(reqs))
    first = date.fromisoformat(request["ramp"][0]["date"])
    ends_on = date.fromisoformat(request["ends_on"])
    weekly = draw(st.sampled_from((40, 40, 30, 20, 10)))
    committed = draw(st.sampled_from((0, 0, 0, 10, 20, 50)))  # 50: over-committed, no free hours
    if draw(st.sampled_from((True, False))):
        status = "vetted"
        vetting_expires = max(date.fromisoformat(r["ends_on"]) for r in reqs) + timedelta(days=400)
        skills = {name: draw(st.sampled_from((4, 5, 5))) for name in SKILLS}
        languages = list(LANGUAGES)
        earliest = min(date.fromisoformat(r["ramp"][0]["date"]) for r in reqs)
        available_from = earliest + timedelta(days=draw(st.sampled_from((-5, -1, 0))))
    else:
        status = draw(st.sampled_from(STATUSES))
        vetting_expires = ends_on + timedelta(days=draw(st.sampled_from((-1, 0, 1, 400, 400))))
        skill_names = draw(st.sampled_from((SKILLS, SKILLS, SKILLS[:1], SKILLS[1:])))
        skills = {name: draw(st.integers(1, 5)) for name in skill_names}
        languages = ["en"] if draw(st.integers(0, 3)) else []
        languages += draw(st.lists(st.sampled_from(LANGUAGES[1:]), unique=True, max_size=2))
        available_from = first + timedelta(days=draw(st.sampled_from((-1, 0, 1, 2, 3, 8))))
    spec = {
        "id": f"S{index}",
        "status": status,
        "vetting_expires": _iso(vetting_expires),
        "skills": skills,
        "languages": languages,
        "country": draw(st.sampled_from(COUNTRIES)),
        "timezone": draw(st.sampled_from(TIMEZONES)),
        "available_from": _iso(available_from),
        "weekly_hours": weekly,
        "committed_hours": committed,
        "quality": draw(st.sampled_from(QUALITIES)),
        "hourly_rate": draw(st.sampled_from(RATES)),
        "history": draw(histories(reqs)),
    }
    per_skill = draw(skill_qualities(reqs, spec["quality"]))
    if per_skill is not None:
        spec["skill_quality"] = per_skill
    return spec


@st.composite
def problems(
    draw,
    max_specialists: int,
    max_requests: int,
    max_roles: int,
    max_ramp: int,
    max_headcount: int,
    min_specialists: int = 1,
) -> dict:
    n_requests = draw(st.sampled_from(range(max_requests, 0, -1)))
    reqs = [draw(requests(i, max_roles, max_ramp, max_headcount)) for i in range(n_requests)]
    n_specs = draw(st.sampled_from(range(min_specialists, max_specialists + 1)))  # uniform, not small-biased
    specs = [draw(specialists(i, reqs)) for i in range(n_specs)]
    spec_ids = [s["id"] for s in specs]
    for request in reqs:
        request["excluded"] = draw(st.lists(st.sampled_from(spec_ids), unique=True, max_size=1))
        pins: list[dict] = []
        for _ in range(draw(st.sampled_from((0,) * 7 + (1, 1, 2)))):
            # Mostly pins a person could keep; sometimes any pin at all (likely infeasible).
            possible = [
                (s["id"], role["id"])
                for s in specs
                for role in request["roles"]
                if eligible(s, request, role)
            ]
            if possible and draw(st.sampled_from((True,) * 5 + (False,))):
                spec_id, role_id = draw(st.sampled_from(possible))
            else:
                spec_id = draw(st.sampled_from(spec_ids))
                role_id = draw(st.sampled_from([role["id"] for role in request["roles"]]))
            pin = {"specialist": spec_id, "role": role_id}
            if pin not in pins:
                pins.append(pin)
        request["pinned"] = pins
    return {"format": "surge-problem/1", "specialists": specs, "requests": reqs}


def tiny_problems() -> st.SearchStrategy[dict]:
    """≤ 5 specialists, ≤ 2 requests, ≤ 2 roles each, ≤ 3 ramp days: exact search is cheap."""
    return problems(
        max_specialists=5, max_requests=2, max_roles=2, max_ramp=3, max_headcount=3, min_specialists=2
    )


def tiny_three_request_problems() -> st.SearchStrategy[dict]:
    """≤ 3 specialists over 3 requests: people torn between seats of different priority and hours."""
    return problems(max_specialists=3, max_requests=3, max_roles=2, max_ramp=2, max_headcount=2)


def small_problems() -> st.SearchStrategy[dict]:
    """≤ 40 specialists, ≤ 3 requests, ≤ 3 roles each, ≤ 5 ramp days."""
    return problems(
        max_specialists=40, max_requests=3, max_roles=3, max_ramp=5, max_headcount=7, min_specialists=5
    )


@st.composite
def plans_for(draw, problem: dict) -> dict:
    """A random ``surge-plan/1`` for ``problem``, valid or not: mostly eligible seats (so rules 3–8 are
    what breaks), sometimes any seat, with the pins often included. The objective is stated truthfully
    and the returning flags are right, so only the rules decide whether it is valid."""
    seats = [
        {
            "specialist": s["id"],
            "request": r["id"],
            "role": role["id"],
            "start": step["date"],
            "returning": is_returning(s, r),
        }
        for r in problem["requests"]
        for role in r["roles"]
        for s in problem["specialists"]
        for step in r["ramp"]
    ]
    good = [
        seat
        for seat in seats
        for r in problem["requests"]
        if r["id"] == seat["request"]
        for role in r["roles"]
        if role["id"] == seat["role"]
        for s in problem["specialists"]
        if s["id"] == seat["specialist"] and eligible(s, r, role)
    ]
    chosen: list[dict] = []
    if draw(st.booleans()):
        # A valid plan grown greedily in a random order, then perhaps one seat too many: the plans
        # that sit right on a rule's edge.
        pinned = [
            seat
            for r in problem["requests"]
            for pin in r["pinned"]
            for seat in good
            if (seat["specialist"], seat["request"], seat["role"])
            == (pin["specialist"], r["id"], pin["role"])
        ]
        for seat in [*draw(st.permutations(pinned)), *draw(st.permutations(good))[:12]]:
            if not violations(problem, {"assignments": [*chosen, seat]}):
                chosen.append(seat)
        if draw(st.booleans()):
            chosen.append(draw(st.sampled_from(seats)))
        return {"format": "surge-plan/1", "status": "feasible", "assignments": chosen}
    for _ in range(draw(st.integers(0, 8))):
        pool = good if good and draw(st.sampled_from((True, True, True, False))) else seats
        chosen.append(draw(st.sampled_from(pool)))
    if draw(st.booleans()):
        for r in problem["requests"]:
            for pin in r["pinned"]:
                options = [
                    seat
                    for seat in good
                    if (seat["specialist"], seat["request"], seat["role"])
                    == (pin["specialist"], r["id"], pin["role"])
                ]
                if options:
                    chosen.append(draw(st.sampled_from(options)))
    unique = list({tuple(sorted(a.items())): a for a in chosen}.values())
    return {"format": "surge-plan/1", "status": "feasible", "assignments": unique}


@st.composite
def torn_problems(draw) -> dict:
    """One to three able people torn between single seats of several requests that their hours
    cannot all cover: rule 4 against fill, where a relaxed (fractional) answer looks better than any
    real plan."""
    problem = draw(problems(max_specialists=3, max_requests=3, max_roles=2, max_ramp=2, max_headcount=1))
    for spec in problem["specialists"]:
        spec.update(
            status="vetted",
            vetting_expires="2028-12-31",
            skills={name: 5 for name in SKILLS},
            languages=list(LANGUAGES),
            available_from="2026-01-01",
            weekly_hours=draw(st.sampled_from((20, 30, 40))),
            committed_hours=draw(st.sampled_from((0, 0, 10))),
        )
    for request in problem["requests"]:
        request["competitors"] = []
        for role in request["roles"]:
            role.update(
                min_quality=0,
                languages=[],
                utc_offset=None,
                hours_per_week=draw(st.sampled_from((10, 20, 30))),
            )
    return problem
