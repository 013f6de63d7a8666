"""Seeded random surge problems for measuring the solver (`python -m surgebench.staffing.generate`).

    python -m surgebench.staffing.generate --specialists 20000 --seats 1000 --requests 2 -o m.json

Shapes loosely follow a real bench: a few large countries, most people with two or three skills,
some history with the requesting clients and their competitors, and a share of the bench (a third by
default) that gives its quality in one or two of its skills (`skill_quality`), above or below its
`quality`.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any, TextIO

import click

COUNTRIES = [
    ("US", "America/New_York", 30),
    ("IN", "Asia/Kolkata", 20),
    ("GB", "Europe/London", 8),
    ("BR", "America/Sao_Paulo", 7),
    ("DE", "Europe/Berlin", 6),
    ("PH", "Asia/Manila", 6),
    ("NG", "Africa/Lagos", 5),
    ("CA", "America/Toronto", 5),
    ("MX", "America/Mexico_City", 4),
    ("PL", "Europe/Warsaw", 3),
    ("KE", "Africa/Nairobi", 3),
    ("AU", "Australia/Sydney", 3),
]
SKILLS = [f"sk{i:02d}" for i in range(16)]
LANGUAGES = ["en", "es", "pt", "de", "fr", "hi"]


SKILL_QUALITY_SHARE = 1 / 3
"""Share of the bench that gives a `skill_quality` unless told otherwise."""


def generate(
    specialists: int,
    seats: int,
    requests: int,
    seed: int = 1,
    skill_quality_share: float = SKILL_QUALITY_SHARE,
) -> dict[str, Any]:
    rng = random.Random(seed)
    # per-skill quality from a stream of its own: the rest of the problem does not depend on the share
    per_skill = random.Random(f"skill_quality {seed}")
    first = date(2026, 12, 7)
    clients = [f"client{i}" for i in range(requests)]
    bench: list[dict[str, Any]] = []
    for i in range(specialists):
        country, tz, _w = rng.choices(COUNTRIES, weights=[c[2] for c in COUNTRIES])[0]
        skills = {s: rng.randint(1, 5) for s in rng.sample(SKILLS, rng.choice([1, 2, 2, 3, 3, 4]))}
        langs = ["en"] + rng.sample(LANGUAGES[1:], rng.choice([0, 0, 1, 2]))
        history = []
        if rng.random() < 0.25:
            c = rng.randrange(requests)
            ended = (
                None if rng.random() < 0.2 else (first - timedelta(days=rng.randint(-10, 400))).isoformat()
            )
            history.append(
                {"client": clients[c], "model": f"m{c}", "cycle": rng.choice([1, 2, 3]), "ended_on": ended}
            )
        weekly = rng.choice([10, 20, 20, 30, 40, 40])
        bench.append(
            {
                "id": f"S{i:06d}",
                "status": "vetted" if rng.random() < 0.9 else rng.choice(["pending", "suspended"]),
                "vetting_expires": (first + timedelta(days=rng.randint(0, 500))).isoformat(),
                "skills": skills,
                "languages": langs,
                "country": country,
                "timezone": tz,
                "available_from": (first + timedelta(days=rng.randint(-60, 12))).isoformat(),
                "weekly_hours": weekly,
                "committed_hours": rng.choice([0, 0, 0, 10, 20]) if weekly > 10 else 0,
                "quality": round(rng.uniform(0.3, 1.0), 3),
                "hourly_rate": round(rng.uniform(20, 150), 2),
                "history": history,
            }
        )
        if per_skill.random() < skill_quality_share:
            quality = bench[-1]["quality"]
            bench[-1]["skill_quality"] = {
                skill: round(min(1.0, max(0.0, quality + per_skill.gauss(0, 0.12))), 3)
                for skill in sorted(
                    per_skill.sample(sorted(skills), min(len(skills), per_skill.choice([1, 1, 2])))
                )
            }
    reqs = []
    for q in range(requests):
        n_roles = max(1, seats // requests // 100)
        per_role = seats // requests // n_roles
        ramp_days = rng.randint(5, 10)
        ramp = [
            {
                "date": (first + timedelta(days=d)).isoformat(),
                "onboarding_capacity": max(1, per_role * n_roles // ramp_days),
            }
            for d in range(ramp_days)
        ]
        roles = []
        for k in range(n_roles):
            roles.append(
                {
                    "id": f"role{k}",
                    "skill": rng.choice(SKILLS),
                    "min_level": rng.randint(2, 4),
                    "min_quality": rng.choice([0.4, 0.5, 0.6, 0.7]),
                    "headcount": per_role,
                    "hours_per_week": rng.choice([10, 20]),
                    "languages": rng.choice([[], [], ["en"], ["en", "es"]]),
                    "utc_offset": rng.choice([None, None, [-8, 1], [-1, 6]]),
                    "max_country_share": rng.choice([None, 0.3, 0.5]),
                }
            )
        reqs.append(
            {
                "id": f"Q{q}",
                "client": clients[q],
                "model": f"m{q}",
                "cycle": 2,
                "priority": rng.randint(1, 3),
                "ends_on": (first + timedelta(days=90)).isoformat(),
                "ramp": ramp,
                "competitors": [clients[(q + 1) % requests]] if requests > 1 and q % 2 == 0 else [],
                "cooldown_days": 60,
                "roles": roles,
                "pinned": [],
                "excluded": [],
            }
        )
    return {"format": "surge-problem/1", "specialists": bench, "requests": reqs}


@click.command()
@click.option("--specialists", type=int, default=20000)
@click.option("--seats", type=int, default=1000)
@click.option("--requests", type=int, default=2)
@click.option("--seed", type=int, default=1)
@click.option(
    "--skill-quality-share",
    type=click.FloatRange(0, 1),
    default=SKILL_QUALITY_SHARE,
    show_default=True,
    help="Share of the bench giving per-skill quality.",
)
@click.option("-o", "--output", type=click.File("w"), default="-")
def main(
    specialists: int, seats: int, requests: int, seed: int, skill_quality_share: float, output: TextIO
) -> None:
    json.dump(generate(specialists, seats, requests, seed, skill_quality_share), output)


if __name__ == "__main__":
    main()
