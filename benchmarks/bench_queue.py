"""The job queue under a flood: one program manager asks for 40 plans at once, then a recruiter imports a
one-row CSV. How long does the import wait, how much of the flood is solved, and what does the server's
memory do?

    .venv/bin/python benchmarks/bench_queue.py [--specialists 20000] [--plans 40] [--source DIR]
                                               [--postgres]

A real ``surgebench serve`` (started from ``--source``, default this checkout: give an older checkout's
root to measure the code before a change) runs the jobs on a fresh database (SQLite; ``--postgres``: a
throwaway PostgreSQL database) holding ``bench_surge.py``'s bench of ``--specialists`` people with two
years of history and a 1,000-seat surge request on each of its eight models. The manager posts
``--plans`` plans over those eight requests as fast as the API answers; then the recruiter posts a
one-row import (queued, as the import page does with a large file). Printed: the plans accepted and
refused (and the answers), the time from the import's post to its job's end, the time until no plan was
queued or solving, how many plans were solved and how many stopped unsolved, and the server's resident
memory before and at its peak (VmHWM). No assertions: the figures are for reading."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_upload import memory  # noqa: E402

POSTGRES = os.environ.get(
    "SURGEBENCH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ONE_ROW = (
    "email,full_name,country,timezone,languages,skills,status,vetting_expires,available_from,weekly_hours,"
    "quality,hourly_rate\r\nnew.recruit@queue.test,New Recruit,IN,Asia/Kolkata,en,coding.python:3,vetted,"
    "2028-06-30,,20,0.800,30.00\r\n"
)

SETUP = """
import json, sys
sys.path.insert(0, {benchmarks!r})
from bench_surge import MODELS, create_requests, prepare, thousand_seat_ask
from surgebench.db.session import get_engine, unit_of_work
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
url = {url!r}
prepare(url, {specialists})
engine = get_engine(url)
asks = [thousand_seat_ask(f"R{{i + 1}}", c, m) for i, (c, m) in
        enumerate((c, m) for c, models in MODELS.items() for m in models)]
ids = create_requests(engine, asks)
tokens = {{}}
with unit_of_work(engine) as db:
    for role in ("program_manager", "recruiter"):
        user = accounts.create_user(db, Actor.system("bench"), email=f"{{role}}@queue.test", full_name=role,
                                    role=role, password="queue-bench-password")
        tokens[role] = accounts.create_api_token(db, Actor.system("bench"), user, "bench")
print(json.dumps({{"requests": ids, "tokens": tokens}}))
"""


def _env(source: Path, url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(source / "src"),
        "SURGEBENCH_DATABASE_URL": url,
        "SURGEBENCH_PASSWORD_HASHING": "CHEAPEST",
        "SURGEBENCH_SCHEDULER": "0",
        **extra,
    }


def plans_in_flight(url: str) -> tuple[int, Counter[str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            statuses = Counter(
                dict(conn.execute(text("SELECT status, count(*) FROM plans GROUP BY status")).all())
            )
        return statuses.get("solving", 0), statuses
    finally:
        engine.dispose()


def run(url: str, source: Path, specialists: int, plans: int) -> None:
    made = subprocess.run(
        [sys.executable, "-c", SETUP.format(benchmarks=str(HERE), url=url, specialists=specialists)],
        env=_env(source, url),
        check=True,
        capture_output=True,
        text=True,
    )
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", "from surgebench.cli import main; main()", "serve"],
        env=_env(source, url, SURGEBENCH_PORT=str(port), SURGEBENCH_RUN_JOBS="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)
        idle, _ = memory(server.pid)
        manager = {"Authorization": f"Bearer {setup['tokens']['program_manager']}"}
        recruiter = {"Authorization": f"Bearer {setup['tokens']['recruiter']}"}
        requests = setup["requests"]
        with httpx.Client(base_url=base, timeout=600) as http:
            flood_started = time.perf_counter()
            answers = Counter(
                http.post(f"/api/surges/{requests[i % len(requests)]}/plans", headers=manager).status_code
                for i in range(plans)
            )
            flooded = time.perf_counter() - flood_started
            posted = time.perf_counter()
            queued = http.post(
                "/api/specialists/import", headers={**recruiter, "Content-Type": "text/csv"}, content=ONE_ROW
            ).json()
            while (job := http.get(f"/api/jobs/{queued['job_id']}", headers=recruiter).json())["status"] in (
                "queued",
                "running",
            ):
                time.sleep(0.1)
            imported = time.perf_counter() - posted
            while plans_in_flight(url)[0]:
                time.sleep(0.5)
            drained = time.perf_counter() - flood_started
        _, peak = memory(server.pid)
        statuses = plans_in_flight(url)[1]
        print(
            f"  {plans} plans posted in {flooded:.1f} s: "
            + ", ".join(f"{n} × {code}" for code, n in sorted(answers.items()))
        )
        print(f"  the recruiter's one-row import: {job['status']} {imported:.1f} s after it was posted")
        print(
            f"  queue drained {drained:.0f} s after the flood began: "
            + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
        )
        load = os.getloadavg()[0]
        print(f"  server memory {idle:,.0f} MB idle, peak {peak:,.0f} MB · load average {load:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=20_000)
    parser.add_argument("--plans", type=int, default=40)
    parser.add_argument("--source", type=Path, default=HERE.parent, help="the checkout whose server to run")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    print(f"server from {args.source.resolve()}, bench of {args.specialists:,}")
    if not args.postgres:
        with tempfile.TemporaryDirectory(prefix="bench_queue_") as tmp:
            print("SQLite")
            run(f"sqlite:///{tmp}/queue.db", args.source, args.specialists, args.plans)
        return
    name = f"surgebench_queue_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        print("PostgreSQL")
        run(
            make_url(POSTGRES).set(database=name).render_as_string(hide_password=False),
            args.source,
            args.specialists,
            args.plans,
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
