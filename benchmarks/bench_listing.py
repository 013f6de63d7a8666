"""How fast the bench list answers with a large bench, through the real app over HTTP.

    .venv/bin/python benchmarks/bench_listing.py [--specialists 200000] [--runs 7] [--no-postgres] [--reuse]

Fills a fresh database (a SQLite file in a temporary directory; and, when 127.0.0.1:5432 is reachable,
a PostgreSQL database ``surgebench_bench``, created and dropped) with random but realistic specialists
(several skills each, 1–3 languages, many countries, every status), using Core bulk inserts.
With ``--reuse`` both databases are kept afterwards (SQLite at ``REUSE_SQLITE``) and a later ``--reuse``
run that finds them holding ``--specialists`` people only migrates them to the newest revision (new
indexes) and refreshes statistics instead of filling again (a fill takes minutes). Then it
asks for a set of typical bench pages — the HTML page ``/bench`` and the JSON ``/api/specialists`` —
through a Litestar TestClient on the real app, signed in as a recruiter with an API token, and prints
the median and 95th percentile of ``--runs`` timed runs (after one warm-up) per query and engine.
No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from litestar.testing import TestClient
from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.engine import make_url

from surgebench.app import create_app
from surgebench.db import migrate
from surgebench.db.orm import Skill, Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.db.session import get_engine, unit_of_work
from surgebench.demo.reference import load_reference_data
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
from surgebench.lib.iso import zones_by_country
from surgebench.settings import DatabaseSettings, SchedulerSettings, ServerSettings, Settings

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_DB = "surgebench_bench"
REUSE_SQLITE = Path(tempfile.gettempdir()) / "surgebench_bench_listing.db"
BATCH = 10_000
FIRST = (
    "Asha Ravi Mei Lucas Sofia Omar Yuki Elena Kwame Priya Diego Anna Tariq Lena Chen Fatima Jonas "
    "Amara Mateo Ines Kofi Nadia Arjun Hana Leo Zara Ivan Noor Tomas Aiko Maria Jose Wei Ahmed Olga"
).split()
LAST = (
    "Iyer Okafor Martin Sharma Adams Nguyen Garcia Kim Silva Haddad Novak Mensah Rossi Tanaka Kowalski "
    "Mehta Dubois Schmidt Ali Costa Petrov Yilmaz Ortiz Banda Reyes Lund Park Khan Sato Moreau"
).split()
LANGUAGES = ["en"] * 8 + ["hi"] * 3 + ["es"] * 3 + "fr de pt zh ja ar sw tl pl ru it ko bn ta ur tr".split()
STATUSES = ["vetted"] * 10 + ["vetting"] * 3 + ["applicant"] * 3 + ["suspended"] + ["offboarded"] * 3
TODAY = date(2026, 11, 28)

QUERIES: list[tuple[str, dict[str, str]]] = [
    ("first page, default sort", {}),
    ("page 200", {"page": "200"}),
    ("sort quality desc", {"sort": "quality", "order": "desc"}),
    ("skill coding.python >= 4", {"skill": "coding.python", "min_level": "4"}),
    ("language hi", {"language": "hi"}),
    ("country IN", {"country": "IN"}),
    ("status vetted", {"status": "vetted"}),
    ("vetting expires before 2027-01-01", {"vetting_expires_before": "2027-01-01"}),
    ("available by 2026-12-31", {"available_by": "2026-12-31"}),
    ("search 'ravi'", {"q": "ravi"}),
    ("search 'okafor.12'", {"q": "okafor.12"}),
    (
        "python>=3 + en + vetted, by rate",
        {
            "skill": "coding.python",
            "min_level": "3",
            "language": "en",
            "status": "vetted",
            "sort": "hourly_rate",
        },
    ),
    ("sort vetting_expires, page 20", {"sort": "vetting_expires", "page": "20"}),
]


# --- filling ---------------------------------------------------------------------------------------


def _people(count: int, skills: list[str], rng: random.Random):  # type: ignore[no-untyped-def]
    """Yields (specialist row, skill rows, language rows) for ids 1..count."""
    zones = {c: z for c, z in zones_by_country().items() if z}
    countries = sorted(zones)
    popular = ["IN"] * 20 + ["US"] * 8 + ["PH"] * 6 + ["NG"] * 5 + ["BR"] * 4 + ["KE"] * 3 + ["PK"] * 3
    now = datetime.now(UTC)
    for i in range(1, count + 1):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        country = rng.choice(popular) if rng.random() < 0.6 else rng.choice(countries)
        status = rng.choice(STATUSES)
        weekly = rng.choice((10, 15, 20, 25, 30, 40))
        email = f"{first}.{last}.{i}@example.org".lower()
        row = {
            "id": i,
            "email": email,
            "email_key": email,
            "full_name": f"{first} {last}",
            "country": country,
            "timezone": rng.choice(zones[country]),
            "status": status,
            "vetting_expires": TODAY + timedelta(days=rng.randint(-60, 720)) if rng.random() < 0.8 else None,
            "available_from": TODAY + timedelta(days=rng.randint(-30, 180)) if rng.random() < 0.5 else None,
            "weekly_hours": weekly,
            "committed_hours": rng.choice((0, 0, 5, 10)) if weekly >= 10 else 0,
            "quality_milli": rng.randint(400, 1000),
            "hourly_rate_cents": rng.randint(1500, 15000),
            "created_at": now,
            "updated_at": now,
            "offboarded_at": now if status == "offboarded" else None,
        }
        held = rng.sample(skills, rng.randint(2, 6))
        skill_rows = [{"specialist_id": i, "skill_id": s, "level": rng.randint(1, 5)} for s in held]
        spoken = {rng.choice(LANGUAGES) for _ in range(rng.randint(1, 3))}
        language_rows = [{"specialist_id": i, "language": code} for code in sorted(spoken)]
        yield row, skill_rows, language_rows


def fill(engine: Engine, count: int, seed: int = 7) -> float:
    """Reference data, a recruiter, and ``count`` specialists; returns seconds taken."""
    started = time.perf_counter()
    with unit_of_work(engine) as db:
        load_reference_data(db)
        skills = sorted(db.scalars(Skill.__table__.select().with_only_columns(Skill.id)))
    rng = random.Random(seed)
    people, held, spoken = [], [], []
    with engine.begin() as conn:
        for row, skill_rows, language_rows in _people(count, skills, rng):
            people.append(row)
            held += skill_rows
            spoken += language_rows
            if len(people) >= BATCH:
                _flush(conn, people, held, spoken)
                people, held, spoken = [], [], []
        _flush(conn, people, held, spoken)
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('specialists_id_seq', (SELECT max(id) FROM specialists))"))
    analyze(engine)
    return time.perf_counter() - started


def analyze(engine: Engine) -> None:
    """Fresh statistics, as a maintained database would have."""
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def filled_with(url: str, count: int) -> bool:
    """Whether the database at ``url`` is migrated and holds exactly ``count`` specialists."""
    engine = get_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM specialists")).scalar_one() == count
    except Exception:  # noqa: BLE001 - missing table or database: not filled
        return False


def prepare(url: str, count: int, reuse: bool) -> float | None:
    """Migrate and fill the database; with ``reuse``, a database already filled is only migrated and
    analysed. Returns the fill's seconds, or None when nothing was filled."""
    if reuse and filled_with(url, count):
        migrate.upgrade(url)
        analyze(get_engine(url))
        return None
    migrate.upgrade(url)
    return fill(get_engine(url), count)


def _flush(conn, people, held, spoken) -> None:  # type: ignore[no-untyped-def]
    if people:
        conn.execute(insert(Specialist.__table__), people)
        conn.execute(insert(SpecialistSkill.__table__), held)
        conn.execute(insert(SpecialistLanguage.__table__), spoken)


def recruiter_token(engine: Engine) -> str:
    with unit_of_work(engine) as db:
        user = accounts.create_user(
            db,
            Actor.system("bench"),
            email=f"bench-recruiter-{time.time_ns()}@example.test",  # a reused database has earlier ones
            full_name="Bench Recruiter",
            role="recruiter",
            password="correct horse battery staple",
        )
        return accounts.create_api_token(db, Actor.system("bench"), user, "bench")


# --- timing ----------------------------------------------------------------------------------------


def time_queries(url: str, runs: int) -> list[tuple[str, str, float, float, int, str]]:
    """(query, endpoint, median ms, p95 ms, status, total shown) for each query and endpoint."""
    engine = get_engine(url)
    token = recruiter_token(engine)
    quiet = SchedulerSettings(enabled=False)  # no scheduled job writes to the database being measured
    app = create_app(
        Settings(db=DatabaseSettings(url=url), server=ServerSettings(run_jobs=False), scheduler=quiet)
    )
    results = []
    with TestClient(app=app) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for label, params in QUERIES:
            for endpoint in ("/bench", "/api/specialists"):
                samples, status, total = [], 0, ""
                for run in range(runs + 1):
                    started = time.perf_counter()
                    answer = http.get(endpoint, params=params)
                    elapsed = (time.perf_counter() - started) * 1000
                    status = answer.status_code
                    if run:  # the first run warms caches and is not counted
                        samples.append(elapsed)
                if endpoint.startswith("/api") and status == 200:
                    body = answer.json()
                    total = f"{body['total']:,}{'+' if body['total_is_lower_bound'] else ''}"
                results.append((label, endpoint, statistics.median(samples), _p95(samples), status, total))
    return results


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def print_table(engine_name: str, fill_seconds: float | None, count: int, rows) -> None:  # type: ignore[no-untyped-def]
    filled = "reused" if fill_seconds is None else f"filled in {fill_seconds:.0f} s"
    print(f"\n{engine_name}: {count:,} specialists ({filled})")
    print(f"{'query':<36} {'endpoint':<17} {'median ms':>10} {'p95 ms':>8} {'status':>6} {'matches':>9}")
    for label, endpoint, median, p95, status, total in rows:
        print(f"{label:<36} {endpoint:<17} {median:>10.1f} {p95:>8.1f} {status:>6} {total:>9}")


# --- engines ---------------------------------------------------------------------------------------


def run_sqlite(count: int, runs: int, reuse: bool) -> None:
    if reuse:
        url = f"sqlite:///{REUSE_SQLITE}"
        if not filled_with(url, count):
            get_engine(url).dispose()
            for leftover in REUSE_SQLITE.parent.glob(REUSE_SQLITE.name + "*"):
                leftover.unlink()
        seconds = prepare(url, count, reuse=True)
        print_table("SQLite", seconds, count, time_queries(url, runs))
        get_engine(url).dispose()
        return
    with tempfile.TemporaryDirectory(prefix="bench_listing_") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        seconds = prepare(url, count, reuse=False)
        print_table("SQLite", seconds, count, time_queries(url, runs))
        get_engine(url).dispose()


def run_postgres(count: int, runs: int, reuse: bool) -> None:
    admin = create_engine(
        POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    url = make_url(POSTGRES_ADMIN_URL).set(database=POSTGRES_DB).render_as_string(hide_password=False)
    try:
        if not (reuse and filled_with(url, count)):
            get_engine(url).dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{POSTGRES_DB}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable server just means "SQLite only"
        print(f"\nPostgreSQL skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        return
    try:
        seconds = prepare(url, count, reuse)
        print_table("PostgreSQL", seconds, count, time_queries(url, runs))
    finally:
        get_engine(url).dispose()
        if not reuse:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the filled databases, and use them if already filled"
    )
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request drowns the table
    if not args.no_sqlite:
        run_sqlite(args.specialists, args.runs, args.reuse)
    if not args.no_postgres:
        run_postgres(args.specialists, args.runs, args.reuse)


if __name__ == "__main__":
    main()
