"""The quality estimate for the whole bench: 200,000 people with two years of outcomes, computed the way
the problem builder does it (``outcomes.estimate_service.estimates``: one streamed query, arithmetic per
(person, skill)), and the problem build with it.

    .venv/bin/python benchmarks/bench_quality.py [--specialists 200000] [--runs 3] [--no-postgres]
                                                 [--no-sqlite] [--reuse]

Fills a database as ``bench_surge.py`` does (its bench and its eight models × eight cycles, 2025-01 to
2026-10, growing teams; SQLite at ``REUSE_SQLITE`` or a temporary file, PostgreSQL ``surgebench_quality``),
then gives every engagement of a closed cycle two outcomes with one ``INSERT … SELECT`` (one four weeks
in, one on its last day; items 40–440, acceptance 0.55–0.99, a score on one in seven). Then prints the
median of ``--runs`` runs of: the estimates for the whole bench; the estimates for the 10,000 people of
a large plan (what approval re-reads); the problem build for ``bench_surge.five_requests()`` (which now
includes the estimates and the gate); storing the whole bench's estimates (the daily
``quality_estimates`` job); and the bench filter by estimate (``skill=…&min_estimate=…``: a page of 50
and the capped count, as ``/api/specialists`` runs them) for three skills at three thresholds, beside the
same skill filter without it. ``--only-filter`` prints just the last two; ``--sqlite-url`` measures an
existing SQLite file (migrated first). No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_surge import five_requests, prepare  # noqa: E402

from surgebench.db.orm import Outcome  # noqa: E402
from surgebench.db.session import get_engine, unit_of_work  # noqa: E402
from surgebench.domain.outcomes.estimate_service import estimates, refresh  # noqa: E402
from surgebench.domain.specialists import repository as bench  # noqa: E402
from surgebench.domain.specialists.schemas import SpecialistFilter  # noqa: E402
from surgebench.domain.surges.problem_service import build_problem  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_DB = "surgebench_quality"
REUSE_SQLITE = Path(tempfile.gettempdir()) / "surgebench_bench_quality.db"
TODAY = date(2026, 12, 1)

OUTCOMES_SQL = """
INSERT INTO outcomes (engagement_id, reported_on, items_reviewed, items_accepted, score_milli, note,
                      reported_by, created_at, updated_at)
SELECT e.id, {day}, 40 + (e.id * 37) % 401,
       ((40 + (e.id * 37) % 401) * (550 + (e.id * 7919 + {salt}) % 441)) / 1000,
       CASE WHEN (e.id + {salt}) % 7 = 0 THEN 500 + (e.id * 31) % 500 END, '', 'benchmark',
       {now}, {now}
FROM engagements e JOIN cycles c ON c.id = e.cycle_id
WHERE c.status = 'closed' AND e.withdrawn_on IS NULL AND {day} >= e.starts_on AND {day} <= {last}
"""


def add_outcomes(url: str) -> tuple[int, float]:
    engine = get_engine(url)
    with unit_of_work(engine, writes=False) as db:
        have = db.scalar(select(func.count()).select_from(Outcome)) or 0
    if have:
        return have, 0.0
    started = time.perf_counter()
    pg = engine.dialect.name == "postgresql"
    last = "COALESCE(e.ends_on, c.ends_on)"
    early = "(e.starts_on + 28)" if pg else "date(e.starts_on, '+28 days')"
    now = "now()" if pg else "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    with engine.begin() as conn:
        for salt, day in ((1, early), (2, last)):
            conn.execute(
                text(
                    OUTCOMES_SQL.format(
                        day=day,
                        salt=salt,
                        now=now,
                        last=last if salt == 2 else f"{last} - 1" if pg else f"date({last}, '-1 day')",
                    )
                )
            )
        conn.execute(text("ANALYZE"))
    with unit_of_work(engine, writes=False) as db:
        return db.scalar(select(func.count()).select_from(Outcome)) or 0, time.perf_counter() - started


def timed(runs: int, work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    samples, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


FILTER_SKILLS = ("coding.python", "math.algebra", "coding.rust")
THRESHOLDS = (600, 800, 900)


def filter_figures(engine, runs: int) -> None:  # type: ignore[no-untyped-def]
    """The daily refresh, then the bench filter by estimate against the plain skill filter."""

    def store():  # type: ignore[no-untyped-def]
        with unit_of_work(engine) as db:
            return refresh(db, TODAY)

    t_store, stored = timed(runs, store)
    print(f"  store the whole bench's estimates (the daily job):       {t_store:.2f} s ({stored:,} rows)")

    def listing(f: SpecialistFilter):  # type: ignore[no-untyped-def]
        def work():  # type: ignore[no-untyped-def]
            with unit_of_work(engine, writes=False) as db:
                return len(bench.page_ids(db, f, f.per_page)), bench.count(db, f)

        return timed(runs, work)

    for skill in FILTER_SKILLS:
        t_plain, (_n, plain_total) = listing(SpecialistFilter(skill=skill))  # type: ignore[misc]
        cells = [f"no estimate {t_plain * 1000:.0f} ms ({plain_total:,})"]
        for milli in THRESHOLDS:
            t, (_n, total) = listing(SpecialistFilter(skill=skill, min_estimate_milli=milli))  # type: ignore[misc]
            cells.append(f"≥{milli / 1000:.1f} {t * 1000:.0f} ms ({total:,})")
        print(f"  filter {skill}, page of 50 + count: " + "; ".join(cells))


def report(name: str, url: str, count: int, runs: int, only_filter: bool = False) -> None:
    filled = prepare(url, count)
    outcomes, seconds = add_outcomes(url)
    engine = get_engine(url)
    print(f"\n{name}: {count:,} specialists, {outcomes:,} outcomes", end="")
    print(f" (bench filled in {filled:.0f} s, outcomes in {seconds:.0f} s)" if filled else " (reused)")
    if only_filter:
        filter_figures(engine, runs)
        return

    def whole():  # type: ignore[no-untyped-def]
        with unit_of_work(engine, writes=False) as db:
            return estimates(db, TODAY)

    t_whole, found = timed(runs, whole)
    pairs = sum(len(v) for v in found.values())  # type: ignore[union-attr]
    some = sorted(found)[:10_000]  # type: ignore[arg-type]

    def ten_thousand():  # type: ignore[no-untyped-def]
        with unit_of_work(engine, writes=False) as db:
            return estimates(db, TODAY, only=some)

    t_some, _ = timed(runs, ten_thousand)

    def build():  # type: ignore[no-untyped-def]
        with unit_of_work(engine, writes=False) as db:
            return build_problem(db, five_requests(), today=TODAY)

    t_build, problem = timed(runs, build)
    from surgebench.domain.surges import problem_service as problem_source

    real = problem_source.estimate_service.estimates
    problem_source.estimate_service.estimates = lambda *a, **k: {}  # type: ignore[assignment]
    try:
        t_plain, _ = timed(runs, build)
    finally:
        problem_source.estimate_service.estimates = real  # type: ignore[assignment]
    rolled = sum(1 for s in problem["specialists"] if "skill_quality" in s)  # type: ignore[index]
    print(f"  problem build, 5 requests, no outcomes read (as before):  {t_plain:.2f} s")
    print(f"  estimates, whole bench ({len(found):,} people, {pairs:,} person-skills): {t_whole:.2f} s")  # type: ignore[arg-type]
    print(f"  estimates, 10,000 people (approval's re-read):            {t_some:.2f} s")
    print(
        f"  problem build, 5 requests, with estimates and the gate:  {t_build:.2f} s "
        f"({len(problem['specialists']):,} people, {rolled:,} with skill_quality)"
    )  # type: ignore[index]
    filter_figures(engine, runs)


def run_postgres(
    count: int, runs: int, reuse: bool, only_filter: bool = False, database: str = POSTGRES_DB
) -> None:
    admin = create_engine(
        POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    url = make_url(POSTGRES_ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database})
            if not (reuse and exists):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{database}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable server just means "SQLite only"
        print(f"\nPostgreSQL skipped: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
        return
    try:
        report("PostgreSQL", url, count, runs, only_filter)
    finally:
        get_engine(url).dispose()
        if not reuse:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the filled databases and use them again")
    parser.add_argument("--only-filter", action="store_true", help="only the stored estimates and the filter")
    parser.add_argument("--sqlite-url", help="measure this SQLite database (filled if it holds no bench)")
    parser.add_argument("--postgres-db", default=POSTGRES_DB, help=f"database name (default {POSTGRES_DB})")
    args = parser.parse_args()
    if not args.no_sqlite:
        if args.sqlite_url:
            report("SQLite", args.sqlite_url, args.specialists, args.runs, args.only_filter)
        elif args.reuse:
            report("SQLite", f"sqlite:///{REUSE_SQLITE}", args.specialists, args.runs, args.only_filter)
        else:
            with tempfile.TemporaryDirectory(prefix="bench_quality_") as tmp:
                url = f"sqlite:///{Path(tmp) / 'quality.db'}"
                report("SQLite", url, args.specialists, args.runs, args.only_filter)
                get_engine(url).dispose()
    if not args.no_postgres:
        run_postgres(args.specialists, args.runs, args.reuse, args.only_filter, args.postgres_db)


if __name__ == "__main__":
    main()
