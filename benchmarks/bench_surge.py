"""The surge path on a bench with years of history: building the solver's problem from the database,
then the program manager's whole flow — plan (problem built, solved, stored), the plan page, approval.

    .venv/bin/python benchmarks/bench_surge.py [--specialists 200000] [--runs 3] [--no-postgres] [--reuse]
                                               [--flow] [--time-limit 120] [--large]

Fills a database (SQLite in a temporary directory or, with ``--reuse``, at ``REUSE_SQLITE``; and a
PostgreSQL database ``surgebench_surge`` when 127.0.0.1:5432 answers) with the demo generator's bench of
``--specialists`` people and a long continuity record: two clients, eight models, eight cycles each
(two years of quarterly cycles), teams of up to ~2,000 (scaled with the bench), most people returning
cycle after cycle. Then it times ``build_problem`` for one 1,000-seat request and for five requests of
2,000 seats each (solved together) — with ``--large`` also twenty 2,500-seat requests from the two
rival clients (the issue's million-person shape) — plus the JSON text and the contract's validation of
it, and prints the median of ``--runs`` runs and the build's peak memory (each problem is built in a
process of its own). With ``--flow`` it then makes those surge requests through the service
and times, once each: "plan" to a plan on screen (the job builds the problem, solves and stores it, then
the plan page renders through the real app), the plan page and its people API on a ready plan, and the
approval of the plan. The requests and everything they wrote are removed afterwards, so a reused database
stays as it was. No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import resource
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
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
from surgebench.domain.engagements import history_service as history
from surgebench.domain.programs.service import create_program
from surgebench.domain.specialists import bulk_service as bulk
from surgebench.domain.surges.ask_schemas import RampDayAsk, RoleAsk, SurgeAsk
from surgebench.domain.surges.problem_service import build_problem
from surgebench.staffing.problem import parse_problem

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
POSTGRES_DB = "surgebench_surge"
REUSE_SQLITE = Path(tempfile.gettempdir()) / "surgebench_bench_surge.db"
SEED = 11
RAMP_START = date(2026, 12, 7)
MODELS = {
    "aurora-labs": ("orion", "lyra", "nova", "vega"),
    "meridian-ai": ("atlas", "helix", "terra", "zephyr"),
}
AREAS = (
    ("coding", "math", "writing"),
    ("medicine", "science", "writing"),
    ("coding", "finance", "math"),
    ("safety", "bias", "lang", "law"),
)


def long_history_programs() -> list[DemoProgram]:
    """Eight models, eight ten-week cycles each (2025-01 to 2026-10), teams growing 5% a cycle."""
    programs = []
    for c, (client, models) in enumerate(MODELS.items()):
        for m, model in enumerate(models):
            first = date(2025, 1, 6) + timedelta(weeks=c + m)
            cycles = tuple(
                DemoCycle(
                    f"{model}-{n}",
                    first + timedelta(weeks=11 * (n - 1)),
                    first + timedelta(weeks=11 * (n - 1) + 10) - timedelta(days=3),
                )
                for n in range(1, 9)
            )
            programs.append(
                DemoProgram(
                    client,
                    model,
                    f"{model.capitalize()} post-training",
                    ("sft_golden",),
                    AREAS[m],
                    1_500,
                    1.05,
                    0.72,
                    cycles,
                )
            )
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
        resolved, errors = history.resolve(db, history.CheckedHistory(records=records), date(2026, 12, 1))
        assert resolved is not None, errors[:3]
        history.write(db, resolved, actor, utcnow(), date(2026, 12, 1))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return time.perf_counter() - started


def counts(url: str) -> tuple[int, int]:
    try:
        with unit_of_work(get_engine(url)) as db:
            return (
                db.scalar(select(func.count()).select_from(Specialist)) or 0,
                db.scalar(select(func.count()).select_from(Engagement)) or 0,
            )
    except Exception:  # noqa: BLE001 - not migrated yet
        return 0, 0


def ramp(seats: int) -> tuple[RampDayAsk, ...]:
    """Five working days from ``RAMP_START``; onboarding for ~70% of the seats, front-loaded."""
    shares = (0.22, 0.18, 0.12, 0.10, 0.08)
    return tuple(RampDayAsk(RAMP_START + timedelta(days=i), round(seats * s)) for i, s in enumerate(shares))


def thousand_seat_ask(
    request_id: str = "R1", client: str = "aurora-labs", model: str = "orion", scale: float = 1.0
) -> SurgeAsk:
    """The issue's mix, at levels the generated bench can fill: 400 Python coders, 300 editors, 200
    statisticians, 100 Hindi-speaking writers in India's time zone."""

    def n(x: int) -> int:
        return round(x * scale)

    roles = (
        RoleAsk("python", "coding.python", 3, 650, n(400), 20, (), None, 40),
        RoleAsk("editors", "writing.editing", 3, 650, n(300), 20, ("en",), None, 40),
        RoleAsk("statisticians", "math.statistics", 3, 650, n(200), 10, ("en",), None, 50),
        RoleAsk("hindi-writers", "writing.editing", 2, 600, n(100), 20, ("hi",), (5.0, 6.0), None),
    )
    seats = sum(r.headcount for r in roles)
    return SurgeAsk(
        request_id,
        client,
        model,
        9,
        1,
        date(2027, 2, 26),
        ramp(seats),
        ("meridian-ai",) if client == "aurora-labs" else (),
        90,
        roles,
    )


def five_requests() -> list[SurgeAsk]:
    """10,000 seats: five 2,000-seat requests on five models of both clients, solved together."""
    picks = (
        ("aurora-labs", "orion"),
        ("aurora-labs", "lyra"),
        ("aurora-labs", "nova"),
        ("meridian-ai", "atlas"),
        ("meridian-ai", "helix"),
    )
    return [thousand_seat_ask(f"R{i + 1}", client, model, 2.0) for i, (client, model) in enumerate(picks)]


def twenty_rival_requests() -> list[SurgeAsk]:
    """50,000 seats: twenty 2,500-seat requests, alternating between the two rival clients' models."""
    picks = [(client, models[i]) for i in range(4) for client, models in MODELS.items()]
    return [thousand_seat_ask(f"R{i + 1}", *picks[i % len(picks)], scale=2.5) for i in range(20)]


def service_problem(count: int = 200_000) -> dict:
    """The problem the service builds for ``five_requests`` from its own database: the reused SQLite file
    (``REUSE_SQLITE``, filled first when it does not hold ``count`` people), judged on 2026-12-01. The
    solver benchmark's ``service`` family (``families.py``)."""
    url = _reused_sqlite(count)
    prepare(url, count)
    with unit_of_work(get_engine(url), writes=False) as db:
        return build_problem(db, five_requests(), today=date(2026, 12, 1))


def time_build(url: str, asks: list[SurgeAsk], runs: int) -> dict[str, float]:
    """Run in a process of its own, so its peak memory (``rss_mb``: the build's, before the JSON text is
    made) is this problem's and not the fill's or an earlier row's."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(_time_build, url, asks, runs).result()


def _time_build(url: str, asks: list[SurgeAsk], runs: int) -> dict[str, float]:
    engine = get_engine(url)
    samples: dict[str, list[float]] = {"build": [], "json": [], "validate": []}
    people, rss_mb = 0, 0.0
    for _ in range(runs):
        started = time.perf_counter()
        with unit_of_work(engine) as db:
            problem = build_problem(db, asks)
        samples["build"].append(time.perf_counter() - started)
        rss_mb = max(rss_mb, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        started = time.perf_counter()
        encoded = json.dumps(problem, separators=(",", ":"))
        samples["json"].append(time.perf_counter() - started)
        started = time.perf_counter()
        parse_problem(problem)
        samples["validate"].append(time.perf_counter() - started)
        people = len(problem["specialists"])
    figures = {k: statistics.median(v) for k, v in samples.items()}
    figures["people"], figures["mb"], figures["rss_mb"] = people, len(encoded) / 1e6, rss_mb
    return figures


def report(
    engine_name: str,
    url: str,
    count: int,
    runs: int,
    filled: float | None,
    flow: bool = False,
    time_limit: float = 120.0,
    large: bool = False,
) -> None:
    people, engagements = counts(url)
    note = "reused" if filled is None else f"filled in {filled:.0f} s"
    print(f"\n{engine_name}: {people:,} specialists, {engagements:,} engagements ({note})")
    print(
        f"{'problem':<34} {'people':>9} {'build s':>8} {'json s':>7} {'check s':>8} {'MB':>6} {'peak MB':>8}"
    )
    rows = [("1 request, 1,000 seats", [thousand_seat_ask()]), ("5 requests, 10,000 seats", five_requests())]
    if large:
        rows.append(("20 rival requests, 50,000 seats", twenty_rival_requests()))
    for label, asks in rows:
        f = time_build(url, asks, runs)
        print(
            f"{label:<34} {f['people']:>9,.0f} {f['build']:>8.2f} {f['json']:>7.2f} {f['validate']:>8.2f} "
            f"{f['mb']:>6.1f} {f['rss_mb']:>8,.0f}"
        )
    if flow:
        cleanup(get_engine(url))
        time_flow(url, "flow: 1 request, 1,000 seats", [thousand_seat_ask()], time_limit)
        time_flow(url, "flow: 5 requests, 10,000 seats", five_requests(), time_limit)


def create_requests(engine, asks: list[SurgeAsk], cycle: int = 9) -> list[int]:  # type: ignore[no-untyped-def]
    """The asks as surge requests on the bench's programs (``cycle`` of each model), through the service."""
    from surgebench.domain.programs import repository as programs
    from surgebench.domain.surges import service as surges

    actor = Actor.system("benchmark")
    request_ids = []
    with unit_of_work(engine) as db:
        ids = {slug: cid for slug, cid in db.execute(text("SELECT slug, id FROM clients"))}
        for ask in asks:
            program = programs.program_of_model(db, ids[ask.client], ask.model)
            assert program is not None
            raw = {
                "cycle": {
                    "model_version": f"{ask.model}-{cycle}",
                    "starts_on": ask.first_ramp_date,
                    "ends_on": ask.ends_on,
                },
                "roles": [
                    {
                        "key": r.key,
                        "skill": r.skill,
                        "min_level": r.min_level,
                        "min_quality": r.min_quality_milli / 1000,
                        "headcount": r.headcount,
                        "hours_per_week": r.hours_per_week,
                        "languages": list(r.languages),
                        "utc_offset": [x / 1 for x in r.utc_offset] if r.utc_offset else None,
                        "max_country_share": None
                        if r.max_country_share_pct is None
                        else r.max_country_share_pct / 100,
                    }
                    for r in ask.roles
                ],
                "ramp": [{"date": d.date, "onboarding_capacity": d.onboarding_capacity} for d in ask.ramp],
            }
            request_ids.append(surges.create_request(db, actor, program.id, raw, date(2026, 12, 1)).id)
    return request_ids


def time_flow(url: str, label: str, asks: list[SurgeAsk], time_limit: float) -> None:
    from litestar.testing import TestClient

    from surgebench.app import create_app, job_kinds
    from surgebench.domain.accounts import service as accounts
    from surgebench.domain.jobs import service as jobs
    from surgebench.domain.plans import approval_service as approval
    from surgebench.domain.plans import planning_service as planning
    from surgebench.settings import DatabaseSettings, SchedulerSettings, ServerSettings, Settings

    engine = get_engine(url)
    actor = Actor.system("benchmark")
    request_ids = create_requests(engine, asks)
    with unit_of_work(engine) as db:
        user = accounts.create_user(
            db,
            actor,
            email=f"bench-pm-{time.time_ns()}@example.test",
            full_name="Bench PM",
            role="program_manager",
            password="correct horse battery staple",
        )
        token = accounts.create_api_token(db, actor, user, "bench")
    quiet = SchedulerSettings(enabled=False)  # no scheduled job writes to the database being measured
    app = create_app(
        Settings(db=DatabaseSettings(url=url), server=ServerSettings(run_jobs=False), scheduler=quiet)
    )
    try:
        with TestClient(app=app) as http:
            http.headers["Authorization"] = f"Bearer {token}"
            started = time.perf_counter()
            with unit_of_work(engine) as db:
                plan_id = planning.start_plan(
                    db, actor, request_ids[0], time_limit=time_limit, together=len(request_ids) > 1
                ).id
            assert jobs.run_next(engine, job_kinds())
            solved = time.perf_counter()
            first_page = http.get(f"/plans/{plan_id}")
            on_screen = time.perf_counter()
            assert first_page.status_code == 200, first_page.text[:300]
            plan = http.get(f"/api/plans/{plan_id}").json()
            pages = []
            for _ in range(5):
                t = time.perf_counter()
                assert http.get(f"/plans/{plan_id}").status_code == 200
                pages.append(time.perf_counter() - t)
            t = time.perf_counter()
            people = http.get(f"/api/plans/{plan_id}/people", params={"page": 20, "sort": "quality"})
            api_seconds = time.perf_counter() - t
            t = time.perf_counter()
            done = approval.approve(engine, actor, plan_id, utcnow())
            approve_seconds = time.perf_counter() - t
        filled = plan["objective"]["fill"] if plan["objective"] else 0
        print(
            f"{label:<34} plan→screen {on_screen - started:6.2f} s (job {solved - started:6.2f} s, solver "
            f"{plan['summary']['solve_seconds']} s, {plan['solve_status']}, fill {filled:,}) · plan page "
            f"{statistics.median(pages) * 1000:5.0f} ms · people API {api_seconds * 1000:4.0f} ms "
            f"({people.status_code}) · approval of {done.added:,} {approve_seconds:5.2f} s"
        )
    finally:
        cleanup(engine)


def cleanup(engine) -> None:  # type: ignore[no-untyped-def]
    """Remove what a flow wrote (requests, plans, their cycles and rosters), leaving the history as it was."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM engagements WHERE role_id IS NOT NULL"))
        for table in (
            "plan_documents",
            "plan_assignments",
            "plan_requests",
            "plans",
            "surge_pins",
            "surge_exclusions",
            "surge_roles",
            "surge_ramp_days",
            "surge_competitors",
        ):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("DELETE FROM surge_requests"))
        conn.execute(text("DELETE FROM cycles WHERE number = 9"))


def prepare(url: str, count: int) -> float | None:
    migrate.upgrade(url)
    if counts(url)[0] == count:
        return None
    return fill(url, count)


def _reused_sqlite(count: int) -> str:
    """The reused SQLite file's URL, emptied first when it holds a bench of another size."""
    url = f"sqlite:///{REUSE_SQLITE}"
    if counts(url)[0] not in (0, count):
        get_engine(url).dispose()
        for leftover in REUSE_SQLITE.parent.glob(REUSE_SQLITE.name + "*"):
            leftover.unlink()
    return url


def run_sqlite(count: int, runs: int, reuse: bool, flow: bool, time_limit: float, large: bool) -> None:
    if reuse:
        url = _reused_sqlite(count)
        report("SQLite", url, count, runs, prepare(url, count), flow, time_limit, large)
        return
    with tempfile.TemporaryDirectory(prefix="bench_surge_") as tmp:
        url = f"sqlite:///{Path(tmp) / 'surge.db'}"
        report("SQLite", url, count, runs, prepare(url, count), flow, time_limit, large)
        get_engine(url).dispose()


def run_postgres(count: int, runs: int, reuse: bool, flow: bool, time_limit: float, large: bool) -> None:
    admin = create_engine(
        POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
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
        report("PostgreSQL", url, count, runs, prepare(url, count), flow, time_limit, large)
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
    parser.add_argument("--flow", action="store_true", help="also time plan, plan page and approval")
    parser.add_argument("--time-limit", type=float, default=120.0, help="the solve's time limit (seconds)")
    parser.add_argument("--large", action="store_true", help="also build 20 rival requests, 50,000 seats")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not args.no_sqlite:
        run_sqlite(args.specialists, args.runs, args.reuse, args.flow, args.time_limit, args.large)
    if not args.no_postgres:
        run_postgres(args.specialists, args.runs, args.reuse, args.flow, args.time_limit, args.large)


if __name__ == "__main__":
    main()
