"""Small problem builders for staffing tests: plain dicts in the contract's JSON shape.

    problem = make_problem(
        specialists=[specialist("S1", skills={"py": 4})],
        requests=[request("Q1", roles=[role("py", skill="py", headcount=1)])],
    )

Every builder fills in values that pass every rule, so a test overrides only the field it is about.
`parse(problem)` returns the frozen `Problem`.
"""

from __future__ import annotations

from surgebench.staffing.problem import Problem, parse_problem

RAMP_START = "2026-12-07"


def specialist(sid: str, **overrides: object) -> dict:
    data = {
        "id": sid,
        "status": "vetted",
        "vetting_expires": "2027-12-31",
        "skills": {"py": 4},
        "languages": ["en"],
        "country": "US",
        "timezone": "America/New_York",
        "available_from": "2026-11-01",
        "weekly_hours": 40,
        "committed_hours": 0,
        "quality": 0.8,
        "hourly_rate": 50.0,
        "history": [],
    }
    data.update(overrides)
    return data


def engagement(
    client: str, model: str = "orion", cycle: int = 1, ended_on: str | None = "2026-01-01"
) -> dict:
    return {"client": client, "model": model, "cycle": cycle, "ended_on": ended_on}


def role(rid: str = "py", **overrides: object) -> dict:
    data = {
        "id": rid,
        "skill": "py",
        "min_level": 3,
        "min_quality": 0.5,
        "headcount": 1,
        "hours_per_week": 20,
        "languages": [],
        "utc_offset": None,
        "max_country_share": None,
    }
    data.update(overrides)
    return data


def ramp(*days: tuple[str, int]) -> list[dict]:
    return [{"date": d, "onboarding_capacity": c} for d, c in days]


def request(qid: str = "Q1", **overrides: object) -> dict:
    data = {
        "id": qid,
        "client": "acme",
        "model": "orion",
        "cycle": 2,
        "priority": 1,
        "ends_on": "2027-03-31",
        "ramp": ramp((RAMP_START, 10), ("2026-12-08", 10), ("2026-12-09", 10)),
        "competitors": [],
        "cooldown_days": 90,
        "roles": [role()],
        "pinned": [],
        "excluded": [],
    }
    data.update(overrides)
    return data


def make_problem(specialists: list[dict], requests: list[dict]) -> dict:
    return {"format": "surge-problem/1", "specialists": specialists, "requests": requests}


def parse(problem: dict) -> Problem:
    return parse_problem(problem)
