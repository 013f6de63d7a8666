"""The surge path on a bench with years of history: building the solver's problem from the database
(and, once surge requests exist, solving, storing, showing and approving the plan).

    .venv/bin/python benchmarks/bench_surge.py [--specialists 200000] [--runs 3] [--no-postgres] [--reuse]

Fills a database (SQLite in a temporary directory or, with ``--reuse``, at ``REUSE_SQLITE``; and a
PostgreSQL database ``surgebench_surge`` when 127.0.0.1:5432 answers) with the demo generator's bench of
``--specialists`` people and a long continuity record: two clients, eight models, eight cycles each
(two years of quarterly cycles), teams of up to ~2,000 (scaled with the bench), most people returning
cycle after cycle. Then it times ``build_problem`` for one 1,000-seat request and for five requests of
2,000 seats each (solved together), plus the JSON text and the contract's validation of it, and prints
the median of ``--runs`` runs. No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from surgebench.db import migrate
from surgebench.db.base import utcnow
from surgebench.db.orm import Engagement, Specialist
from surgebench.db.session import get_engine, unit_of_work
from surgebench.demo.bench import generate_bench
from surgebench.demo.history import DemoCycle, DemoProgram, generate_history
from surgebench.demo.reference import load_reference_data
from surgebench.domain.audit.service import Actor
from surgebench.domain.engagements import history
from surgebench.domain.programs.service import create_program
from surgebench.domain.specialists import bulk
from surgebench.domain.surges.asks import RampDayAsk, RoleAsk, SurgeAsk
from surgebench.domain.surges.problem_source import build_problem
from surgebench.staffing.problem import parse_problem

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_DB = "surgebench_surge"
REUSE_SQLITE = Path(tempfile.gettempdir()) / "surgebench_bench_surge.db"
SEED = 11
RAMP_START = date(2026, 12, 7)
MODELS = {"aurora-labs": ("orion", "lyra", "nova", "vega"), "meridian-ai": ("atlas", "helix", "terra", "zephyr")}
AREAS = (("coding", "math", "writing"), ("medicine", "science", "writing"), ("coding", "finance", "math"),
         ("safety", "bias", "lang", "law"))


def long_history_programs() -> list[DemoProgram]:
    """Eight models, eight ten-week cycles each (2025-01 to 2026-10), teams growing 5% a cycle."""
    programs = []
    for c, (client, models) in enumerate(MODELS.items()):
        for m, model in enumerate(models):
            first = date(2025, 1, 6) + timedelta(weeks=c + m)
            cycles = tuple(DemoCycle(f"{model}-{n}", first + timedelta(weeks=11 * (n - 1)),
                                     first + timedelta(weeks=11 * (n - 1) + 10) - timedelta(days=3))
                           for n in range(1, 9))
            programs.append(DemoProgram(client, model, f"{model.capitalize()} post-training", ("sft_golden",),
                                        AREAS[m], 1_500, 1.05, 0.72, cycles))
    return programs


def fill(url: str, count: int) -> float:
    started = time.perf_counter()
    engine = get_engine(url)
    actor = Actor.system("benchmark")
    bench = list(generate_bench(count, SEED))
    with unit_of_work(engine) as db:
        load_reference_data(db)
        bulk.upsert(db, bench, actor, utcnow())
    programs = long_history_programs()
    records = generate_history(bench, SEED, programs, scale=count / 200_000)
    with unit_of_work(engine) as db:
        for p in programs:
            create_program(db, actor, p.client, p.model, p.name, p.workstreams)
        resolved, errors = history.resolve(db, history.CheckedHistory(records=records))
        assert resolved is not None, errors[:3]
        history.write(db, resolved, actor, utcnow(), date(2026, 12, 1))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def counts(url: str) -> tuple[int, int]:
    try:
        with unit_of_work(get_engine(url)) as db:
            return (db.scalar(select(func.count()).select_from(Specialist)) or 0,
                    db.scalar(select(func.count()).select_from(Engagement)) or 0)
    except Exception:  # noqa: BLE001 - not migrated yet
        return 0, 0


def ramp(seats: int) -> tuple[RampDayAsk, ...]:
    """Five working days from ``RAMP_START``; onboarding for ~70% of the seats, front-loaded."""
    shares = (0.22, 0.18, 0.12, 0.10, 0.08)
    return tuple(RampDayAsk(RAMP_START + timedelta(days=i), round(seats * s)) for i, s in enumerate(shares))


def thousand_seat_ask(request_id: str = "R1", client: str = "aurora-labs", model: str = "orion",
                      scale: float = 1.0) -> SurgeAsk:
    """400 Python ≥ 4 coders, 300 mathematicians, 200 physicians, 100 Hindi-speaking writers."""
    def n(x: int) -> int:
        return round(x * scale)
    roles = (RoleAsk("python", "coding.python", 4, 700, n(400), 20, (), None, 40),
             RoleAsk("math", "math.statistics", 3, 700, n(300), 20, ("en",), None, 40),
             RoleAsk("physicians", "medicine.general", 3, 750, n(200), 10, ("en",), None, 50),
             RoleAsk("hindi-writers", "writing.editing", 3, 700, n(100), 20, ("hi",), (5.0, 6.0), None))
    seats = sum(r.headcount for r in roles)
    return SurgeAsk(request_id, client, model, 9, 1, date(2027, 2, 26), ramp(seats),
                    ("meridian-ai",) if client == "aurora-labs" else (), 90, roles)


def five_requests() -> list[SurgeAsk]:
    """10,000 seats: five 2,000-seat requests on five models of both clients, solved together."""
    picks = (("aurora-labs", "orion"), ("aurora-labs", "lyra"), ("aurora-labs", "nova"),
             ("meridian-ai", "atlas"), ("meridian-ai", "helix"))
    return [thousand_seat_ask(f"R{i + 1}", client, model, 2.0) for i, (client, model) in enumerate(picks)]


def time_build(url: str, asks: list[SurgeAsk], runs: int) -> dict[str, float]:
    engine = get_engine(url)
    samples: dict[str, list[float]] = {"build": [], "json": [], "validate": []}
    people = 0
    for _ in range(runs):
        started = time.perf_counter()
        with unit_of_work(engine) as db:
            problem = build_problem(db, asks)
        samples["build"].append(time.perf_counter() - started)
        started = time.perf_counter()
        encoded = json.dumps(problem, separators=(",", ":"))
        samples["json"].append(time.perf_counter() - started)
        started = time.perf_counter()
        parse_problem(problem)
        samples["validate"].append(time.perf_counter() - started)
        people = len(problem["specialists"])
    figures = {k: statistics.median(v) for k, v in samples.items()}
    figures["people"], figures["mb"] = people, len(encoded) / 1e6
    return figures


def report(engine_name: str, url: str, count: int, runs: int, filled: float | None) -> None:
    people, engagements = counts(url)
    note = "reused" if filled is None else f"filled in {filled:.0f} s"
    print(f"\n{engine_name}: {people:,} specialists, {engagements:,} engagements ({note})")
    print(f"{'problem':<34} {'people':>8} {'build s':>8} {'json s':>7} {'check s':>8} {'MB':>6}")
    for label, asks in (("1 request, 1,000 seats", [thousand_seat_ask()]),
                        ("5 requests, 10,000 seats", five_requests())):
        f = time_build(url, asks, runs)
        print(f"{label:<34} {f['people']:>8,.0f} {f['build']:>8.2f} {f['json']:>7.2f} {f['validate']:>8.2f} "
              f"{f['mb']:>6.1f}")


def prepare(url: str, count: int) -> float | None:
    migrate.upgrade(url)
    if counts(url)[0] == count:
        return None
    return fill(url, count)


def run_sqlite(count: int, runs: int, reuse: bool) -> None:
    if reuse:
        url = f"sqlite:///{REUSE_SQLITE}"
        if counts(url)[0] not in (0, count):
            get_engine(url).dispose()
            for leftover in REUSE_SQLITE.parent.glob(REUSE_SQLITE.name + "*"):
                leftover.unlink()
        report("SQLite", url, count, runs, prepare(url, count))
        return
    with tempfile.TemporaryDirectory(prefix="bench_surge_") as tmp:
        url = f"sqlite:///{Path(tmp) / 'surge.db'}"
        report("SQLite", url, count, runs, prepare(url, count))
        get_engine(url).dispose()


def run_postgres(count: int, runs: int, reuse: bool) -> None:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    url = make_url(POSTGRES_ADMIN_URL).set(database=POSTGRES_DB).render_as_string(hide_password=False)
    try:
        if not (reuse and counts(url)[0] == count):
            get_engine(url).dispose()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{POSTGRES_DB}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable server just means "SQLite only"
        print(f"\nPostgreSQL skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        return
    try:
        report("PostgreSQL", url, count, runs, prepare(url, count))
    finally:
        get_engine(url).dispose()
        if not reuse:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the filled databases and use them again")
    args = parser.parse_args()
    if not args.no_sqlite:
        run_sqlite(args.specialists, args.runs, args.reuse)
    if not args.no_postgres:
        run_postgres(args.specialists, args.runs, args.reuse)


if __name__ == "__main__":
    main()
