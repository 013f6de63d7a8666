"""The live ramp, simulated: a 1,000-seat surge over the demo bench, driven through the JSON API with the
injected clock, where simulated people answer their offers after a random delay.

    PYTHONPATH=src .venv/bin/python benchmarks/ramp_simulation.py [--seats 1000] [--seed 5]
                                                                 [--specialists 20000] [--tick-hours 1]

A fresh SQLite database gets the demo (``fixtures load``: 20,000 specialists, three programs with three
closed cycles each). On Friday 2026-12-04 09:00 UTC a program manager requests Orion's next cycle — four
roles in the bench's deepest skills (editing, Python, preference ranking, statistics), ``--seats`` seats,
a five-day ramp Monday 7 to Friday 11 December, 250 newcomers a day — with
"backfill automatically", plans it and approves it. Then the clock moves on ``--tick-hours`` at a time
until Friday ends; at each tick the answers that are due are sent through the vendor API, and the
schedule ticks (``offer_expiry``, ``ramp_backfill``) with the jobs it queues run to the end. Each person
offered a seat is given, from the seed: 80 % accept after 1-20 hours, 12 % decline after 1-20 hours,
8 % never answer. An answer arriving after its deadline is refused (the offer has expired).

Prints, at the end of each ramp day: seats accepted (accepted or started, of the seats the first plan
could fill), offers sent per fillable seat, continuity among the accepted (the share who worked the
program's previous cycle), and open seats. No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import logging
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("SURGEBENCH_SOLVE_TIME_LIMIT", "30")
os.environ.setdefault("SURGEBENCH_PASSWORD_HASHING", "CHEAPEST")

from litestar.testing import TestClient  # noqa: E402

from surgebench.app import create_app, job_kinds, scheduled_jobs  # noqa: E402
from surgebench.db import migrate  # noqa: E402
from surgebench.db.session import get_engine, unit_of_work  # noqa: E402
from surgebench.demo.loader import load_demo  # noqa: E402
from surgebench.domain.accounts import service as accounts  # noqa: E402
from surgebench.domain.audit.service import Actor  # noqa: E402
from surgebench.domain.clients import repository as clients  # noqa: E402
from surgebench.domain.jobs import service as jobs  # noqa: E402
from surgebench.domain.programs import repository as programs  # noqa: E402
from surgebench.domain.upkeep.service import Upkeep  # noqa: E402
from surgebench.lib.clock import FixedClock  # noqa: E402
from surgebench.settings import DatabaseSettings, SchedulerSettings, ServerSettings, Settings  # noqa: E402

START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
RAMP = [date(2026, 12, d) for d in (7, 8, 9, 10, 11)]
END = datetime(2026, 12, 12, 0, 0, tzinfo=UTC)
ROLES = (
    ("writing.editing", 0.3),
    ("coding.python", 0.3),
    ("writing.preference_ranking", 0.2),
    ("math.statistics", 0.2),
)
"""The demo bench's deepest skills (vetted at level 2 or more: 1,743, 1,577, 1,227 and 1,214 people), so
the backfill has people to turn to once the first choices decline."""


def request_payload(seats: int) -> dict[str, object]:
    counts = [round(seats * share) for _s, share in ROLES]
    counts[0] += seats - sum(counts)
    return {
        "cycle": {"model_version": "orion-2.3", "starts_on": "2026-12-07", "ends_on": "2027-02-26"},
        "roles": [
            {
                "key": skill.split(".")[1].replace("_", "-"),
                "skill": skill,
                "min_level": 2,
                "min_quality": 0.6,
                "headcount": n,
                "hours_per_week": 20,
            }
            for (skill, _share), n in zip(ROLES, counts, strict=True)
        ],
        "ramp": [{"date": d.isoformat(), "onboarding_capacity": 250} for d in RAMP],
    }


def run_jobs(engine, clock) -> None:  # type: ignore[no-untyped-def]
    while jobs.run_next(engine, job_kinds(), clock=clock):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--specialists", type=int, default=20_000)
    parser.add_argument("--tick-hours", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'ramp.db'}"
    migrate.upgrade(url)
    engine = get_engine(url)
    with unit_of_work(engine) as db:
        load_demo(db, specialists=args.specialists, seed=7, today=date(2026, 12, 1))
        pm = accounts.create_user(
            db,
            Actor.system("sim"),
            email="pm@sim.test",
            full_name="Sim PM",
            role="program_manager",
            password="correct horse battery staple",
        )
        token = accounts.create_api_token(db, Actor.system("sim"), pm, "simulation")
        aurora = clients.by_slug(db, "aurora-labs")
        assert aurora is not None
        program = programs.program_of_model(db, aurora.id, "orion")
        assert program is not None
    print(f"demo loaded in {time.perf_counter() - started:.0f} s")
    clock = FixedClock(START)
    settings = Settings(
        db=DatabaseSettings(url=url),
        server=ServerSettings(run_jobs=False),
        scheduler=SchedulerSettings(enabled=False),
    )
    upkeep = Upkeep(engine, scheduled_jobs(settings), clock, settings.scheduler, instance="sim")
    rng = random.Random(args.seed)
    with TestClient(app=create_app(settings, clock)) as api:
        api.headers["Authorization"] = f"Bearer {token}"
        made = api.post(f"/api/programs/{program.id}/surges", json=request_payload(args.seats))
        assert made.status_code == 201, made.text
        request_id = made.json()["id"]
        api.put(f"/api/surges/{request_id}/offer-terms", json={"backfill": "auto", "answer_hours": 24})
        plan = api.post(f"/api/surges/{request_id}/plans", json={}).json()
        run_jobs(engine, clock)
        plan = api.get(f"/api/plans/{plan['id']}").json()
        approved = api.post(f"/api/plans/{plan['id']}/approve")
        assert approved.status_code == 200, approved.text
        fillable = approved.json()["added"]
        print(f"{args.seats} seats asked; the first plan fills {fillable} (the fillable seats)")
        fates: dict[int, tuple[str, datetime] | None] = {}
        sent_answers: set[int] = set()
        refused = 0
        day_rows = []
        solves = 0
        while clock.now() < END:
            offers = api.get(f"/api/surges/{request_id}/offers").json()
            for o in offers:
                if o["id"] in fates:
                    continue
                roll = rng.random()
                offered = datetime.fromisoformat(o["offered_at"])
                delay = timedelta(hours=rng.uniform(1, 20))
                fates[o["id"]] = (
                    ("accept", offered + delay)
                    if roll < 0.80
                    else ("decline", offered + delay)
                    if roll < 0.92
                    else None
                )
            for offer_id, fate in sorted(fates.items(), key=lambda kv: kv[1][1] if kv[1] else END):
                if fate is None or offer_id in sent_answers or fate[1] > clock.now():
                    continue
                body = {"answer": fate[0]} | (
                    {"reason": rng.choice(["busy", "rate", "not_interested", "other"])}
                    if fate[0] == "decline"
                    else {}
                )
                answer = api.post(f"/api/surges/{request_id}/offers/{offer_id}/answer", json=body)
                sent_answers.add(offer_id)
                refused += answer.status_code == 409
            ran = upkeep.tick()
            solves += sum(r.get("replans", 0) for r in ran if r["job"] == "ramp_backfill")
            run_jobs(engine, clock)
            clock.advance(timedelta(hours=args.tick_hours))
            if clock.now().hour == 0 and clock.now().date() - timedelta(days=1) in RAMP:
                day_rows.append(_day(api, request_id, clock.now().date() - timedelta(days=1), fillable))
    print(
        f"\n{'end of':<14}{'accepted':>10}{'of fillable':>13}{'offers/seat':>13}{'continuity':>12}{'open':>7}"
    )
    for row in day_rows:
        print(
            f"{row['day']:%a %d %b}    {row['accepted']:>8}{row['share']:>12.1%}{row['per_seat']:>13.2f}"
            f"{row['continuity']:>12.1%}{row['open']:>7}"
        )
    print(
        f"\nbackfill re-plans: {solves}; answers refused as late: {refused}; "
        f"wall time {time.perf_counter() - started:.0f} s"
    )


def _day(api, request_id: int, day: date, fillable: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    offers = api.get(f"/api/surges/{request_id}/offers").json()
    ramp = api.get(f"/api/surges/{request_id}/ramp").json()
    accepted = [o for o in offers if o["state"] in ("accepted", "started")]
    returning = sum(o["returning"] for o in accepted)
    return {
        "day": day,
        "accepted": len(accepted),
        "share": len(accepted) / fillable if fillable else 0.0,
        "per_seat": len(offers) / fillable if fillable else 0.0,
        "continuity": returning / len(accepted) if accepted else 0.0,
        "open": ramp["open_seats"],
    }


if __name__ == "__main__":
    main()
