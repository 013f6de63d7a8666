"""Deterministic surge problems for the solver benchmark (format `surge-problem/1`).

`generate(size, seed)` returns a contract problem dict shaped like an AI post-training surge:

- a bench of specialists from the countries such work comes from, each with the country's IANA
  zone and languages, one to four skills at levels 1-5 (skewed to 2-3), a beta-distributed quality
  (and, in the families that ask for it, a per-skill `skill_quality` for part of the bench),
  an hourly rate set by country, skill and quality, vetting statuses and expiries, start dates spread
  around the ramp, and weekly / already-committed hours;
- histories: engagements with unrelated clients, a previous cycle of each requested model (the
  returning specialists, about 5-15% of the seats), and engagements with the requests' competitors,
  some still running and some ending right around the cooldown boundary;
- requests with several roles (skill, level and quality gates, languages, UTC-offset windows,
  country caps), a five-working-day ramp whose onboarding capacity is tighter than the seats, a few
  pinned people and a few exclusions.

Sizes: S = 2,000 specialists / 200 seats / 2 requests; M = 20,000 / 1,000 / 2;
L = 200,000 / 10,000 / 5, where several requests' clients are competitors of each other.

The same (size, seed) always gives byte-identical JSON (`to_json`). Run as a script to write a file:

    python benchmarks/instances.py L --seed 0 -o /tmp/L.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import zoneinfo
from dataclasses import dataclass

import numpy as np

FORMAT = "surge-problem/1"

FIRST_RAMP_DATE = dt.date(2026, 12, 7)  # a Monday; the ramp is that working week
RAMP_DAYS = 5
CYCLE_WEEKS = 12
COOLDOWN_DAYS = 90

# --- the bench -------------------------------------------------------------------------------

# country: (share of the bench, zones with weights, mean hourly rate in USD, languages with odds)
COUNTRIES: dict[str, tuple[float, dict[str, float], float, dict[str, float]]] = {
    "IN": (0.22, {"Asia/Kolkata": 1.0}, 18.0, {"en": 0.95, "hi": 0.75, "ta": 0.12, "te": 0.10, "bn": 0.08}),
    "US": (
        0.15,
        {
            "America/New_York": 0.45,
            "America/Chicago": 0.25,
            "America/Denver": 0.05,
            "America/Los_Angeles": 0.25,
        },
        68.0,
        {"en": 1.0, "es": 0.18},
    ),
    "PH": (0.08, {"Asia/Manila": 1.0}, 12.0, {"en": 0.97, "tl": 0.9}),
    "NG": (0.07, {"Africa/Lagos": 1.0}, 12.0, {"en": 1.0, "yo": 0.35, "ig": 0.25, "ha": 0.2}),
    "KE": (0.06, {"Africa/Nairobi": 1.0}, 12.5, {"en": 0.98, "sw": 0.85}),
    "BR": (0.06, {"America/Sao_Paulo": 1.0}, 22.0, {"pt": 1.0, "en": 0.65, "es": 0.15}),
    "GB": (0.05, {"Europe/London": 1.0}, 55.0, {"en": 1.0, "fr": 0.08}),
    "PK": (0.04, {"Asia/Karachi": 1.0}, 12.0, {"ur": 0.95, "en": 0.85}),
    "PL": (0.04, {"Europe/Warsaw": 1.0}, 34.0, {"pl": 1.0, "en": 0.85, "de": 0.15}),
    "MX": (0.04, {"America/Mexico_City": 1.0}, 22.0, {"es": 1.0, "en": 0.6}),
    "DE": (0.03, {"Europe/Berlin": 1.0}, 56.0, {"de": 1.0, "en": 0.9}),
    "EG": (0.03, {"Africa/Cairo": 1.0}, 14.0, {"ar": 1.0, "en": 0.8}),
    "CA": (0.03, {"America/Toronto": 0.6, "America/Vancouver": 0.4}, 55.0, {"en": 1.0, "fr": 0.25}),
    "ZA": (0.03, {"Africa/Johannesburg": 1.0}, 25.0, {"en": 1.0, "af": 0.3, "zu": 0.2}),
    "ES": (0.02, {"Europe/Madrid": 1.0}, 38.0, {"es": 1.0, "en": 0.8}),
    "FR": (0.02, {"Europe/Paris": 1.0}, 48.0, {"fr": 1.0, "en": 0.8}),
    "AR": (0.02, {"America/Argentina/Buenos_Aires": 1.0}, 20.0, {"es": 1.0, "en": 0.7}),
}

# skill: (popularity among general skills, rate premium)
SKILLS: dict[str, tuple[float, float]] = {
    "coding.python": (0.16, 1.25),
    "coding.typescript": (0.08, 1.2),
    "coding.java": (0.05, 1.15),
    "coding.rust": (0.02, 1.3),
    "coding.sql": (0.05, 1.1),
    "math.algebra": (0.09, 1.15),
    "math.calculus": (0.06, 1.15),
    "math.olympiad": (0.015, 1.4),
    "physics.general": (0.04, 1.15),
    "chemistry.organic": (0.025, 1.2),
    "biology.molecular": (0.025, 1.2),
    "medicine.clinical": (0.035, 1.7),
    "medicine.radiology": (0.01, 1.8),
    "law.contracts": (0.03, 1.6),
    "law.ip": (0.01, 1.6),
    "finance.accounting": (0.04, 1.3),
    "writing.creative": (0.08, 1.0),
    "writing.technical": (0.06, 1.05),
    "safety.redteaming": (0.04, 1.3),
    "reasoning.general": (0.09, 1.0),
}
# language skills only go to people who speak the language
LANGUAGE_SKILLS = {
    "hi": "lang.hindi",
    "es": "lang.spanish",
    "pt": "lang.portuguese",
    "sw": "lang.swahili",
    "tl": "lang.tagalog",
    "ar": "lang.arabic",
    "de": "lang.german",
    "fr": "lang.french",
}
LEVEL_ODDS = np.array([0.12, 0.28, 0.32, 0.20, 0.08])  # levels 1..5
STATUSES = {"vetted": 0.86, "pending": 0.07, "lapsed": 0.04, "suspended": 0.03}
WEEKLY_HOURS = {10: 0.08, 15: 0.10, 20: 0.25, 25: 0.15, 30: 0.20, 40: 0.22}
COMMITTED_HOURS = {0: 0.6, 5: 0.1, 10: 0.15, 15: 0.08, 20: 0.07}
UNRELATED_CLIENTS = ["fathom", "lumen-research", "pinecrest", "tessellate", "bluefin-ai", "kestrel"]

# --- the requests ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleTemplate:
    id: str
    skill: str
    min_level: int
    min_quality: float
    weight: float  # share of the request's seats
    hours_per_week: int
    languages: tuple[str, ...] = ()
    utc_offset: tuple[float, float] | None = None
    max_country_share: float | None = None


@dataclass(frozen=True)
class RequestTemplate:
    client: str
    model: str
    cycle: int
    priority: int
    competitors: tuple[str, ...]
    seat_share: float  # share of the instance's seats
    roles: tuple[RoleTemplate, ...]


ORION = RequestTemplate(
    "helios-labs",
    "orion",
    4,
    3,
    ("orbital-ml", "cobalt-ai"),
    0.6,
    (
        RoleTemplate("py-sft", "coding.python", 3, 0.70, 0.30, 20, ("en",), None, 0.30),
        RoleTemplate("py-expert", "coding.python", 5, 0.85, 0.06, 10, ("en",), None, 0.40),
        RoleTemplate("ts-sft", "coding.typescript", 3, 0.70, 0.15, 20, ("en",), None, 0.40),
        RoleTemplate("sql-eval", "coding.sql", 3, 0.72, 0.07, 15, ("en",), None, None),
        RoleTemplate("math-rlhf", "math.algebra", 4, 0.80, 0.14, 15, ("en",), None, 0.30),
        RoleTemplate("redteam-us", "safety.redteaming", 3, 0.75, 0.08, 10, ("en",), (-8.0, -3.0), None),
        RoleTemplate("reasoning", "reasoning.general", 3, 0.65, 0.20, 20, ("en",), None, 0.30),
    ),
)
ATLAS = RequestTemplate(
    "northwind-ai",
    "atlas",
    2,
    2,
    ("cobalt-ai",),
    0.4,
    (
        RoleTemplate("clinical", "medicine.clinical", 4, 0.80, 0.18, 10, ("en",), None, 0.40),
        RoleTemplate("contracts", "law.contracts", 3, 0.75, 0.12, 15, ("en",), None, 0.40),
        RoleTemplate("hindi-rlhf", "lang.hindi", 4, 0.70, 0.18, 20, ("hi", "en"), (5.0, 6.0), None),
        RoleTemplate("spanish-rlhf", "lang.spanish", 4, 0.70, 0.14, 20, ("es",), (-6.0, 1.0), 0.40),
        RoleTemplate("algebra", "math.algebra", 3, 0.72, 0.20, 15, ("en",), None, 0.30),
        RoleTemplate("tech-writing", "writing.technical", 3, 0.70, 0.18, 10, ("en",), None, 0.30),
    ),
)
VEGA = RequestTemplate(
    "orbital-ml",
    "vega",
    7,
    3,
    ("helios-labs",),
    0.25,
    (
        RoleTemplate("py-agents", "coding.python", 4, 0.78, 0.30, 20, ("en",), None, 0.30),
        RoleTemplate("java-sft", "coding.java", 3, 0.70, 0.15, 20, ("en",), None, 0.40),
        RoleTemplate("calculus", "math.calculus", 3, 0.72, 0.20, 15, ("en",), None, 0.30),
        RoleTemplate("physics", "physics.general", 3, 0.75, 0.15, 15, ("en",), None, 0.40),
        RoleTemplate("olympiad", "math.olympiad", 4, 0.85, 0.05, 10, ("en",), None, None),
        RoleTemplate("pt-rlhf", "lang.portuguese", 4, 0.70, 0.15, 20, ("pt",), (-4.0, 1.0), None),
    ),
)
NOVA = RequestTemplate(
    "quanta",
    "nova",
    3,
    1,
    ("helios-labs", "deepcurrent"),
    0.2,
    (
        RoleTemplate("creative", "writing.creative", 3, 0.68, 0.30, 10, ("en",), None, 0.30),
        RoleTemplate("reasoning", "reasoning.general", 3, 0.70, 0.25, 15, ("en",), None, 0.30),
        RoleTemplate("swahili", "lang.swahili", 4, 0.65, 0.10, 20, ("sw", "en"), (2.0, 4.0), None),
        RoleTemplate("tagalog", "lang.tagalog", 4, 0.65, 0.10, 20, ("tl", "en"), (7.0, 9.0), None),
        RoleTemplate("finance", "finance.accounting", 3, 0.75, 0.15, 15, ("en",), None, 0.40),
        RoleTemplate("redteam", "safety.redteaming", 4, 0.80, 0.10, 10, ("en",), None, 0.40),
    ),
)
LYRA = RequestTemplate(
    "helios-labs",
    "lyra",
    2,
    2,
    ("orbital-ml", "cobalt-ai"),
    0.15,
    (
        RoleTemplate("radiology", "medicine.radiology", 3, 0.78, 0.15, 10, ("en",), None, 0.40),
        RoleTemplate("biology", "biology.molecular", 3, 0.75, 0.25, 15, ("en",), None, 0.40),
        RoleTemplate("chemistry", "chemistry.organic", 3, 0.75, 0.25, 15, ("en",), None, 0.40),
        RoleTemplate("law-ip", "law.ip", 3, 0.75, 0.10, 10, ("en",), None, None),
        RoleTemplate("rust-sft", "coding.rust", 3, 0.75, 0.25, 20, ("en",), None, 0.30),
    ),
)


@dataclass(frozen=True)
class Shape:
    """What to generate. The defaults are the S/M/L benches; `families.py` varies the rest."""

    specialists: int
    seats: int
    requests: tuple[RequestTemplate, ...]
    capacity_share: float = 0.7
    """Onboarding capacity over the ramp week, as a share of the seats (front-loaded)."""
    pins_per_request: int = 2
    """Pinned people per request (on distinct roles while roles last, then round again)."""
    competitor_share: float = 0.01
    """Share of the bench with an engagement with each competitor (30% still running, the rest
    ending within ±5 days of the cooldown boundary)."""
    gate_shift: tuple[int, float] = (0, 0.0)
    """Added to every role's (min_level, min_quality), capped at (5, 0.95): tighter gates."""
    skill_quality_share: float = 0.0
    """Share of the bench that gives a `skill_quality` for one or two of its skills (their quality
    there: `quality` plus noise, above or below it). S, M and L have none."""


SIZES: dict[str, Shape] = {
    "S": Shape(2_000, 200, (ORION, ATLAS)),
    "M": Shape(20_000, 1_000, (ORION, ATLAS)),
    # shares are renormalised; helios (orion, lyra) and orbital-ml (vega) are mutual competitors,
    # quanta (nova) lists helios-labs as a competitor.
    "L": Shape(200_000, 10_000, (ORION, ATLAS, VEGA, NOVA, LYRA)),
}

# --- generation ------------------------------------------------------------------------------


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _pick(rng: np.random.Generator, odds: dict, n: int) -> list:
    keys = list(odds)
    p = np.array([odds[k] for k in keys], dtype=float)
    return [keys[i] for i in rng.choice(len(keys), size=n, p=p / p.sum())]


def _split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of `total` by `weights` (deterministic)."""
    w = np.array(weights, dtype=float)
    exact = total * w / w.sum()
    parts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - parts), kind="stable")
    for i in order[: total - int(parts.sum())]:
        parts[i] += 1
    return [int(x) for x in parts]


def _utc_offset(zone: str) -> float:
    noon = dt.datetime.combine(FIRST_RAMP_DATE, dt.time(12), tzinfo=dt.UTC)
    return noon.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset().total_seconds() / 3600


def _bench(rng: np.random.Generator, n: int) -> list[dict]:
    """The specialists without histories."""
    countries = _pick(rng, {c: v[0] for c, v in COUNTRIES.items()}, n)
    quality = np.round(rng.beta(7.0, 2.2, size=n), 3)
    status = _pick(rng, STATUSES, n)
    expires = rng.integers(-30, 720, size=n)
    start_kind = rng.random(n)
    early = rng.integers(-120, 0, size=n)  # already free before the ramp
    during = rng.integers(0, 7, size=n)  # free during the ramp week (5-6 = the weekend after)
    late = rng.integers(7, 35, size=n)  # free only after the ramp
    available = np.where(start_kind < 0.68, early, np.where(start_kind < 0.9, during, late))
    weekly = _pick(rng, WEEKLY_HOURS, n)
    committed = _pick(rng, COMMITTED_HOURS, n)
    rate_noise = rng.lognormal(0.0, 0.25, size=n)
    zone_roll = rng.random(n)

    general = list(SKILLS)
    pop = np.array([SKILLS[s][0] for s in general])
    n_skills = 1 + rng.binomial(3, 0.4, size=n)
    gumbel = np.log(pop)[None, :] + rng.gumbel(size=(n, len(general)))
    top = np.argsort(-gumbel, axis=1)[:, :4]
    levels = rng.choice(5, size=(n, 4), p=LEVEL_ODDS) + 1
    lang_roll = rng.random((n, 8))
    lang_skill_roll = rng.random((n, len(LANGUAGE_SKILLS)))
    lang_level = rng.choice(3, size=(n, len(LANGUAGE_SKILLS)), p=[0.3, 0.45, 0.25]) + 3

    people = []
    for i in range(n):
        country = countries[i]
        _, zones, base_rate, lang_odds = COUNTRIES[country]
        zone_names = list(zones)
        zone = zone_names[
            min(len(zone_names) - 1, int(np.searchsorted(np.cumsum(list(zones.values())), zone_roll[i])))
        ]
        languages = [lang for j, (lang, odds) in enumerate(lang_odds.items()) if lang_roll[i, j] < odds]
        if not languages:
            languages = [next(iter(lang_odds))]
        skills = {general[int(top[i, k])]: int(levels[i, k]) for k in range(int(n_skills[i]))}
        for j, (lang, skill) in enumerate(LANGUAGE_SKILLS.items()):
            if lang in languages and lang_skill_roll[i, j] < 0.35:
                skills[skill] = int(lang_level[i, j])
        premium = max(SKILLS.get(s, (0.0, 1.0))[1] for s in skills)
        rate = base_rate * premium * (0.8 + 0.4 * float(quality[i])) * float(rate_noise[i])
        w = int(weekly[i])
        people.append(
            {
                "id": f"SP{i + 1:06d}",
                "status": status[i],
                "vetting_expires": _iso(FIRST_RAMP_DATE + dt.timedelta(days=int(expires[i]))),
                "skills": dict(sorted(skills.items())),
                "languages": sorted(languages),
                "country": country,
                "timezone": zone,
                "available_from": _iso(FIRST_RAMP_DATE + dt.timedelta(days=int(available[i]))),
                "weekly_hours": w,
                "committed_hours": min(int(committed[i]), w),
                "quality": float(quality[i]),
                "hourly_rate": round(float(rate), 2),
                "history": [],
            }
        )
    return people


def _skill_qualities(rng: np.random.Generator, people: list[dict], share: float) -> None:
    """Give `share` of the people a `skill_quality` in one or two of their skills (35% two): their
    quality plus N(0, 0.12), clipped to [0, 1], three decimals, so it crosses role gates both ways."""
    picked = np.flatnonzero(rng.random(len(people)) < share)
    count = np.where(rng.random(len(picked)) < 0.35, 2, 1)
    noise = rng.normal(0.0, 0.12, size=(len(picked), 2))
    order = rng.random((len(picked), len(SKILLS) + len(LANGUAGE_SKILLS)))  # ≥ anyone's skill count
    for k, i in enumerate(picked.tolist()):
        person = people[i]
        names = sorted(person["skills"])
        chosen = sorted(names[j] for j in np.argsort(order[k, : len(names)])[: count[k]])
        person["skill_quality"] = {
            skill: round(min(1.0, max(0.0, person["quality"] + float(noise[k, j]))), 3)
            for j, skill in enumerate(chosen)
        }


def _skill_levels(people: list[dict]) -> dict[str, np.ndarray]:
    """Skill -> every person's level in it (0 when missing), for vectorised qualification."""
    levels: dict[str, np.ndarray] = {}
    for i, p in enumerate(people):
        for skill, level in p["skills"].items():
            column = levels.get(skill)
            if column is None:
                column = levels[skill] = np.zeros(len(people), dtype=np.int8)
            column[i] = level
    return levels


def _histories(
    rng: np.random.Generator, people: list[dict], requests: list[dict], competitor_share: float = 0.01
) -> None:
    """Unrelated engagements, previous cycles (returning people) and competitor engagements."""
    n = len(people)
    levels = _skill_levels(people)
    missing = np.zeros(n, dtype=np.int8)
    first = FIRST_RAMP_DATE
    competitors = sorted({c for q in requests for c in q["competitors"]})
    clients = UNRELATED_CLIENTS + competitors
    # background: about 0.8 engagements a person with anyone, mostly long over, a few still running
    count = rng.poisson(0.8, size=n)
    for i in np.nonzero(count)[0]:
        for _ in range(int(count[i])):
            ended = (
                None if rng.random() < 0.06 else _iso(first - dt.timedelta(days=int(rng.integers(30, 720))))
            )
            people[i]["history"].append(
                {
                    "client": clients[int(rng.integers(len(clients)))],
                    "model": f"m{int(rng.integers(1, 6))}",
                    "cycle": int(rng.integers(1, 9)),
                    "ended_on": ended,
                }
            )
    for q in requests:
        skills = {r["skill"]: r["min_level"] for r in q["roles"]}
        # people who worked the previous cycle (most still qualify), plus an older cycle (not returning)
        able = np.zeros(n, dtype=bool)
        for skill, level in skills.items():
            able |= levels.get(skill, missing) >= level
        qualified = np.flatnonzero(able).tolist()
        seats = sum(r["headcount"] for r in q["roles"])
        k = min(len(qualified), int(round(seats * rng.uniform(0.22, 0.32))))
        for i in rng.choice(qualified, size=k, replace=False):
            people[int(i)]["history"].append(
                {
                    "client": q["client"],
                    "model": q["model"],
                    "cycle": q["cycle"] - 1,
                    "ended_on": _iso(first - dt.timedelta(days=int(rng.integers(10, 120)))),
                }
            )
        for i in rng.choice(qualified, size=k // 2, replace=False):
            people[int(i)]["history"].append(
                {
                    "client": q["client"],
                    "model": q["model"],
                    "cycle": q["cycle"] - 2,
                    "ended_on": _iso(first - dt.timedelta(days=int(rng.integers(150, 400)))),
                }
            )
        # competitor engagements: ~1% of the bench per competitor, 30% running, the rest ending
        # within a few days either side of the cooldown boundary
        for rival in q["competitors"]:
            for i in rng.choice(n, size=max(2, int(round(n * competitor_share))), replace=False):
                ended = (
                    None
                    if rng.random() < 0.3
                    else _iso(first - dt.timedelta(days=q["cooldown_days"] + int(rng.integers(-5, 6))))
                )
                people[int(i)]["history"].append(
                    {
                        "client": rival,
                        "model": f"m{int(rng.integers(1, 6))}",
                        "cycle": int(rng.integers(1, 9)),
                        "ended_on": ended,
                    }
                )
    for p in people:
        p["history"].sort(key=lambda h: (h["ended_on"] or "9999", h["client"], h["model"], h["cycle"]))


def _requests(rng: np.random.Generator, size: Shape) -> list[dict]:
    ramp = [FIRST_RAMP_DATE + dt.timedelta(days=d) for d in range(RAMP_DAYS)]
    ends_on = FIRST_RAMP_DATE + dt.timedelta(weeks=CYCLE_WEEKS, days=-3)  # the Friday
    seats_per_request = _split(size.seats, [t.seat_share for t in size.requests])
    requests = []
    for template, seats in zip(size.requests, seats_per_request, strict=True):
        headcounts = _split(seats, [r.weight for r in template.roles])
        # onboarding takes ~70% of the seats over the week, front-loaded
        capacity = _split(int(round(size.capacity_share * seats)), [0.28, 0.24, 0.2, 0.16, 0.12])
        level_shift, quality_shift = size.gate_shift
        requests.append(
            {
                "id": f"{template.model}-c{template.cycle}",
                "client": template.client,
                "model": template.model,
                "cycle": template.cycle,
                "priority": template.priority,
                "ends_on": _iso(ends_on),
                "ramp": [
                    {"date": _iso(d), "onboarding_capacity": max(2, c)}
                    for d, c in zip(ramp, capacity, strict=True)
                ],
                "competitors": list(template.competitors),
                "cooldown_days": COOLDOWN_DAYS,
                "roles": [
                    {
                        "id": r.id,
                        "skill": r.skill,
                        "min_level": min(5, r.min_level + level_shift),
                        "min_quality": min(0.95, round(r.min_quality + quality_shift, 2)),
                        "headcount": h,
                        "hours_per_week": r.hours_per_week,
                        "languages": list(r.languages),
                        "utc_offset": list(r.utc_offset) if r.utc_offset else None,
                        "max_country_share": r.max_country_share,
                    }
                    for r, h in zip(template.roles, headcounts, strict=True)
                ],
                "pinned": [],
                "excluded": [],
            }
        )
    return requests


def _make_fit(person: dict, request: dict, role: dict) -> None:
    """Edit a specialist so that a hand pin of them on `role` keeps every rule."""
    ends_on = dt.date.fromisoformat(request["ends_on"])
    person["status"] = "vetted"
    person["vetting_expires"] = max(person["vetting_expires"], _iso(ends_on + dt.timedelta(days=180)))
    person["skills"][role["skill"]] = max(person["skills"].get(role["skill"], 0), role["min_level"])
    person["skills"] = dict(sorted(person["skills"].items()))
    person["quality"] = max(person["quality"], min(1.0, round(role["min_quality"] + 0.05, 3)))
    if role["skill"] in person.get("skill_quality", {}):
        per_skill = person["skill_quality"]
        per_skill[role["skill"]] = max(per_skill[role["skill"]], person["quality"])
    person["languages"] = sorted(set(person["languages"]) | set(role["languages"]))
    if role["utc_offset"] is not None:
        lo, hi = role["utc_offset"]
        if not lo <= _utc_offset(person["timezone"]) <= hi:
            country, zone = next(
                (c, z) for c, v in COUNTRIES.items() for z in v[1] if lo <= _utc_offset(z) <= hi
            )
            person["country"], person["timezone"] = country, zone
    person["available_from"] = min(person["available_from"], request["ramp"][0]["date"])
    person["committed_hours"] = 0
    person["weekly_hours"] = max(person["weekly_hours"], role["hours_per_week"])
    person["history"] = [h for h in person["history"] if h["client"] not in request["competitors"]]


def _pins_and_exclusions(
    rng: np.random.Generator, people: list[dict], requests: list[dict], pins_per_request: int = 2
) -> None:
    holders_of = {skill: np.flatnonzero(column) for skill, column in _skill_levels(people).items()}
    none = np.zeros(0, dtype=np.int64)
    taken: set[int] = set()
    for q in requests:
        roles = q["roles"]
        picked = [int(j) for j in rng.choice(len(roles), size=min(2, len(roles)), replace=False)]
        # more pins than two go round the request's roles in order after the two drawn ones
        extra = [k % len(roles) for k in range(max(0, pins_per_request - len(picked)))]
        for j in (picked + extra)[:pins_per_request]:
            role = roles[j]
            candidates = holders_of.get(role["skill"], none)
            holders = candidates[~np.isin(candidates, list(taken))]
            i = int(holders[int(rng.integers(len(holders)))])
            taken.add(i)
            _make_fit(people[i], q, role)
            q["pinned"].append({"specialist": people[i]["id"], "role": role["id"]})
        # mostly people who hold one of the request's skills, i.e. plausible candidates
        skills = sorted({r["skill"] for r in roles})
        holding = np.unique(np.concatenate([holders_of.get(skill, none) for skill in skills]))
        holders = holding[~np.isin(holding, list(taken))]
        for i in sorted(rng.choice(holders, size=min(len(holders), 6), replace=False)):
            q["excluded"].append(people[int(i)]["id"])
    # a pinned person must not be barred from their pin by a competing request's pin elsewhere:
    # pins are on distinct people, and `_make_fit` cleared their competitor history for that request.


def generate(size: str, seed: int = 0) -> dict:
    """A contract problem dict of the given size ("S", "M" or "L"); deterministic in `seed`."""
    return build(SIZES[size], [seed, ord(size)])


def build(shape: Shape, key: list[int]) -> dict:
    """A contract problem dict of the given shape; the same `key` always gives the same problem."""
    rng = np.random.default_rng(key)
    people = _bench(rng, shape.specialists)
    if shape.skill_quality_share:
        # a stream of its own, so the rest of the problem is the one the shape gives without it
        _skill_qualities(np.random.default_rng([*key, 1]), people, shape.skill_quality_share)
    requests = _requests(rng, shape)
    _histories(rng, people, requests, shape.competitor_share)
    _pins_and_exclusions(rng, people, requests, shape.pins_per_request)
    return {"format": FORMAT, "specialists": people, "requests": requests}


def to_json(problem: dict) -> str:
    """The canonical text of a problem: the same dict always gives the same bytes."""
    return json.dumps(problem, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a generated surge problem (surge-problem/1).")
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = to_json(generate(args.size, args.seed))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
