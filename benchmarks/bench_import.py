"""How fast the bench CSV import is, end to end, through the real job service (the code the import page
and the API use): a deterministic 200,000-row file is imported into a fresh database, then imported
again (every row unchanged), then the bench is exported.

    .venv/bin/python benchmarks/bench_import.py [--rows 200000] [--postgres URL | --no-postgres]

Prints rows/s, wall time for checking and for writing, and peak memory (ru_maxrss). SQLite always;
PostgreSQL too when reachable (a throwaway database is created and dropped)."""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import surgebench.domain.imports  # noqa: F401  (registers the import job's handler)
from surgebench.app import job_kinds
from surgebench.db import migrate
from surgebench.db.orm import Job
from surgebench.db.session import get_engine, unit_of_work
from surgebench.demo.reference import load_reference_data
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import export_service as export
from surgebench.domain.imports import service as imports
from surgebench.domain.jobs import service as jobs
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS
from surgebench.domain.specialists.schemas import BenchQuery
from surgebench.lib.iso import zones_by_country

FIRST = (
    "Asha Ravi Mei Lucas Sofia Omar Yuki Elena Kwame Priya Diego Anna Tariq Lena Chen Fatima Jonas Amara "
    "Mateo Ines Kofi Nadia Arjun Hana Leo Zara Ivan Noor Tomas Aiko"
).split()
LAST = (
    "Verma Rao Lin Silva Rossi Haddad Tanaka Popescu Mensah Iyer Garcia Novak Aziz Weber Wang Khan Berg "
    "Okafor Lopez Costa Owusu Petrova Nair Kim Dubois Ali Ivanov Shah Horvat Sato"
).split()
COUNTRIES = ("IN", "US", "PH", "KE", "NG", "BR", "PL", "DE", "GB", "MX", "EG", "JP", "ES", "FR", "CA")
LANGUAGES = ("en", "hi", "es", "pt", "fr", "de", "ja", "zh", "ar", "sw", "tl", "pl", "ta", "bn")
STATUSES = ("vetted",) * 6 + ("vetting", "vetting", "applicant", "suspended", "offboarded")


def generate(rows: int, skills: list[str], seed: int = 20261128) -> bytes:
    """A valid bench CSV with realistic, deterministic values."""
    rng = random.Random(seed)
    zones = zones_by_country()
    lines = [",".join(CSV_COLUMNS)]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        country = rng.choice(COUNTRIES)
        languages = sorted({"en", *rng.sample(LANGUAGES, rng.randint(0, 2))})
        picked = sorted(rng.sample(skills, rng.randint(1, 5)))
        status = rng.choice(STATUSES)
        vetting = (
            f"{rng.randint(2026, 2028)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if status in ("vetted", "suspended")
            else ""
        )
        available = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.4 else ""
        lines.append(
            ",".join(
                (
                    f"{first}.{last}.{i}@example.com".lower(),
                    f"{first} {last}",
                    country,
                    rng.choice(zones[country]),
                    ";".join(languages),
                    ";".join(f"{s}:{rng.randint(1, 5)}" for s in picked),
                    status,
                    vetting,
                    available,
                    str(rng.choice((10, 15, 20, 25, 30, 40))),
                    f"{rng.randint(500, 1000) / 1000:.3f}",
                    f"{rng.randint(1500, 15000) / 100:.2f}",
                )
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_import(engine, content: bytes, label: str) -> None:  # type: ignore[no-untyped-def]
    started, cpu_started = time.perf_counter(), time.process_time()
    queued = imports.start_import(engine, Actor.system("benchmark"), "bench.csv", content, inline=False)
    assert jobs.run_next(engine, job_kinds())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with unit_of_work(engine) as db:
        job = db.get(Job, queued.id)
    assert job is not None and job.status == "succeeded", job and job.outcome
    o = job.outcome or {}
    rows = o["rows"]
    print(
        f"  {label:<10} {rows:,} rows in {wall:6.1f} s = {rows / wall:8,.0f} rows/s, CPU {cpu:.1f} s  "
        f"(checking {o['checking_seconds']:.1f} s, writing {o['writing_seconds']:.1f} s; "
        f"created {o['created']:,}, updated {o['updated']:,}, unchanged {o['unchanged']:,}); "
        f"peak RSS so far {peak_mb():,.0f} MB; load average {os.getloadavg()[0]:.1f}"
    )


def timed_export(engine) -> bytes:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    with unit_of_work(engine) as db:
        f = export.check_filter(db, BenchQuery())
    content = b"".join(export.rows(engine, f))
    wall = time.perf_counter() - started
    lines = content.count(b"\n") - 1
    print(f"  {'export':<10} {lines:,} rows in {wall:6.1f} s; peak RSS so far {peak_mb():,.0f} MB")
    return content


def run(url: str, content: bytes) -> None:
    migrate.upgrade(url)
    engine = get_engine(url)
    with unit_of_work(engine) as db:
        load_reference_data(db)
    timed_import(engine, content, "import")
    timed_import(engine, content, "re-import")
    exported = timed_export(engine)
    timed_import(engine, exported, "import of the export")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SURGEBENCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    skills_csv = Path(__file__).resolve().parents[1] / "fixtures" / "skills.csv"
    skills = [line.split(",")[0] for line in skills_csv.read_text().splitlines()[1:]]
    started = time.perf_counter()
    content = generate(args.rows, skills)
    print(
        f"generated {args.rows:,} rows ({len(content) / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s; "
        f"peak RSS {peak_mb():,.0f} MB"
    )

    with tempfile.TemporaryDirectory() as folder:
        print("SQLite")
        run(f"sqlite:///{folder}/bench.db", content)

    if args.no_postgres:
        return
    try:
        admin = create_engine(
            args.postgres, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
        )
        with admin.connect() as conn:
            name = f"surgebench_bench_{uuid.uuid4().hex[:8]}"
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here is a normal outcome
        print(f"PostgreSQL not reachable ({type(exc).__name__}); skipped")
        return
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    try:
        print("PostgreSQL")
        run(url, content)
    finally:
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
