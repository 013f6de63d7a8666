"""How fast a client's roster pages answer for a 10,000-person cycle, through the real app over HTTP.

    .venv/bin/python benchmarks/bench_portal.py [--people 10000] [--runs 7] [--no-postgres]

Fills a fresh database (SQLite in a temporary directory; PostgreSQL ``surgebench_portal`` when
127.0.0.1:5432 answers) with a bench (``bench_listing.fill``: 3 × ``--people`` specialists) and one
client's program with two cycles: cycle 1 of 8,000 people and cycle 2 of ``--people``, 70% of them back
from cycle 1 (so every row's "returning" and "cycles on this model" is computed). Then, signed in as that
client with an API token, it asks for the roster page (first page, sorted, filtered, a deep page), the
roster API and the whole CSV export, and prints the median and 95th percentile of ``--runs`` runs.
No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from litestar.testing import TestClient
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from bench_listing import fill  # noqa: E402

from surgebench.app import create_app  # noqa: E402
from surgebench.db import migrate  # noqa: E402
from surgebench.db.orm import Client, Cycle, Engagement, Specialist  # noqa: E402
from surgebench.db.session import get_engine, unit_of_work  # noqa: E402
from surgebench.domain.accounts import service as accounts  # noqa: E402
from surgebench.domain.audit.service import Actor  # noqa: E402
from surgebench.domain.programs.service import ensure_program  # noqa: E402
from surgebench.settings import DatabaseSettings, SchedulerSettings, ServerSettings, Settings  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_DB = "surgebench_portal"
PAGES = [
    ("roster page 1", "/client/cycles/{c}", {}),
    ("roster sorted by tenure", "/client/cycles/{c}", {"sort": "tenure", "order": "desc"}),
    ("roster returning only", "/client/cycles/{c}", {"returning": "yes"}),
    ("roster page 80", "/client/cycles/{c}", {"page": "80"}),
    ("roster API page 1", "/api/client/cycles/{c}/roster", {}),
    ("roster CSV (all)", "/client/cycles/{c}/roster.csv", {}),
]


def prepare(url: str, people: int) -> tuple[int, str]:
    migrate.upgrade(url)
    engine = get_engine(url)
    fill(engine, people * 3)
    now = datetime.now(UTC)
    with unit_of_work(engine) as db:
        client = db.scalar(select(Client).where(Client.slug == "aurora-labs"))
        program = ensure_program(db, client.id, "orion")
        cycles = []
        for number, (start, end) in enumerate(
            ((date(2026, 5, 4), date(2026, 8, 28)), (date(2026, 9, 7), date(2027, 1, 29))), start=1
        ):
            cycle = Cycle(
                program_id=program.id,
                number=number,
                model_version=f"orion-{number}",
                starts_on=start,
                ends_on=end,
                status="closed" if number == 1 else "active",
            )
            db.add(cycle)
            db.flush()
            cycles.append(cycle)
        ids = list(db.scalars(select(Specialist.id).order_by(Specialist.id).limit(people * 2)))
        rng = random.Random(3)
        first = rng.sample(ids, 8_000)
        back = rng.sample(first, int(people * 0.7))
        fresh = [i for i in ids if i not in set(first)][: people - len(back)]
        for cycle, members in ((cycles[0], first), (cycles[1], back + fresh)):
            db.execute(
                insert(Engagement),
                [
                    {
                        "cycle_id": cycle.id,
                        "specialist_id": sid,
                        "skill_id": "coding.python",
                        "level": 3,
                        "weekly_hours": 20,
                        "starts_on": cycle.starts_on,
                        "ends_on": None if cycle.number == 2 else cycle.ends_on,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for sid in members
                ],
            )
        user = accounts.create_user(
            db,
            Actor.system("bench"),
            email=f"lab-{time.time_ns()}@example.test",
            full_name="Lab Lead",
            role="client",
            password="correct horse battery staple",
            client_slug="aurora-labs",
        )
        token = accounts.create_api_token(db, Actor.system("bench"), user, "bench")
        cycle_id = cycles[1].id
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return cycle_id, token


def measure(name: str, url: str, people: int, runs: int) -> None:
    started = time.perf_counter()
    cycle_id, token = prepare(url, people)
    print(f"\n{name}: a {people:,}-person cycle (filled in {time.perf_counter() - started:.0f} s)")
    print(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'status':>6}")
    app = create_app(
        Settings(
            db=DatabaseSettings(url=url),
            server=ServerSettings(run_jobs=False),
            scheduler=SchedulerSettings(enabled=False),
        )
    )
    with TestClient(app=app) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for label, path, params in PAGES:
            samples, status = [], 0
            for run in range(runs + 1):
                t = time.perf_counter()
                answer = http.get(path.format(c=cycle_id), params=params)
                status = answer.status_code
                if run:
                    samples.append((time.perf_counter() - t) * 1000)
            ordered = sorted(samples)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            print(f"{label:<28} {statistics.median(samples):>10.1f} {p95:>8.1f} {status:>6}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench_portal_") as tmp:
        url = f"sqlite:///{Path(tmp) / 'portal.db'}"
        measure("SQLite", url, args.people, args.runs)
        get_engine(url).dispose()
    if args.no_postgres:
        return
    admin = create_engine(
        POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    url = make_url(POSTGRES_ADMIN_URL).set(database=POSTGRES_DB).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{POSTGRES_DB}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable server just means "SQLite only"
        print(f"\nPostgreSQL skipped: {exc.__class__.__name__}")
        return
    try:
        measure("PostgreSQL", url, args.people, args.runs)
    finally:
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
