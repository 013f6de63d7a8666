"""A busy office against a real ``surgebench serve`` process, load sent by Locust from a second process over
loopback: 50 concurrent users (49 staff signing in, browsing the bench as pages and JSON, opening
specialists and editing them; one importer re-importing a large file the whole time), bounded in time.

    .venv/bin/python benchmarks/load_test.py [--users 50] [--seconds 60] [--specialists 20000]
                                            [--import-rows 20000] [--no-postgres]

For each engine (SQLite always; PostgreSQL when 127.0.0.1:5432 answers, in a throwaway database): a fresh
database with ``--specialists`` people, the server started with background jobs on, Locust run headless,
then a table per request kind: count, errors, median and 95th percentile (ms), requests per second, and
the machine's load average. Nothing asserts: the figures are for reading. Passwords use the cheapest
argon2 profile so 49 sign-ins at the start measure the service, not the hash."""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import generate  # noqa: E402
from bench_listing import fill  # noqa: E402

from surgebench.db import migrate  # noqa: E402
from surgebench.db.session import get_engine, unit_of_work  # noqa: E402
from surgebench.demo.reference import load_reference_data  # noqa: E402
from surgebench.domain.accounts import service as accounts  # noqa: E402
from surgebench.domain.audit.service import Actor  # noqa: E402
from surgebench.domain.skills import repository as skills  # noqa: E402

POSTGRES = os.environ.get(
    "SURGEBENCH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def prepare(url: str, specialists: int, import_rows: int, users: int, workdir: Path) -> Path:
    """Migrate, fill the bench, create the staff accounts with tokens, write the import file; returns the
    setup JSON the locustfile reads."""
    migrate.upgrade(url)
    engine = get_engine(url)
    with unit_of_work(engine) as db:
        load_reference_data(db)
        known = sorted(skills.known_ids(db))
    fill(engine, specialists)
    staff = []
    with unit_of_work(engine) as db:
        for i in range(users):
            email, password = f"staff{i:03d}@load.test", "load-test-password"
            role = "recruiter" if i % 3 else "admin"
            user = accounts.create_user(
                db, Actor.system("load"), email=email, full_name=f"Staff {i}", role=role, password=password
            )
            staff.append(
                {
                    "email": email,
                    "password": password,
                    "token": accounts.create_api_token(db, Actor.system("load"), user, "load"),
                }
            )
    import_file = workdir / "import.csv"
    import_file.write_bytes(generate(import_rows, known, seed=11))
    setup = workdir / "accounts.json"
    setup.write_text(
        json.dumps({"accounts": staff, "specialists": specialists, "import_file": str(import_file)})
    )
    engine.dispose()
    return setup


def serve(url: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "SURGEBENCH_DATABASE_URL": url,
        "SURGEBENCH_PORT": str(port),
        "SURGEBENCH_RUN_JOBS": "1",
    }
    server = subprocess.Popen(
        [str(BIN / "surgebench"), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=open(os.devnull, "w")
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=1):
                return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def load(base: str, setup: Path, users: int, seconds: int, out: Path) -> list[dict[str, str]]:
    env = {**os.environ, "SURGEBENCH_LOAD_ACCOUNTS": str(setup)}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--host",
            base,
            "-u",
            str(users),
            "-r",
            str(max(users // 5, 1)),
            "-t",
            f"{seconds}s",
            "--only-summary",
            "--csv",
            str(out),
            "--stop-timeout",
            "10",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{out}_stats.csv", encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


def report(engine_name: str, rows: list[dict[str, str]], seconds: int) -> None:
    load_average = os.getloadavg()
    print(f"\n{engine_name}: {seconds} s, load average {load_average[0]:.2f} {load_average[1]:.2f}")
    print(f"  {'request':38} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7}")
    for row in rows:
        print(
            f"  {row['Name'] if row['Name'] != 'Aggregated' else 'ALL':38.38} "
            f"{row['Request Count']:>7} {row['Failure Count']:>7} {row['50%']:>8} {row['95%']:>8} "
            f"{float(row['Requests/s']):>7.1f}"
        )


def run(engine_name: str, url: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        setup = prepare(url, args.specialists, args.import_rows, args.users, Path(workdir))
        server, base = serve(url)
        try:
            rows = load(base, setup, args.users, args.seconds, Path(workdir) / engine_name)
        finally:
            server.terminate()
            server.wait(timeout=30)
        report(engine_name, rows, args.seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--specialists", type=int, default=20_000)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    os.environ["SURGEBENCH_PASSWORD_HASHING"] = "CHEAPEST"
    with tempfile.TemporaryDirectory() as directory:
        run("SQLite", f"sqlite:///{directory}/load.db", args)
    if args.no_postgres:
        return
    name = f"surgebench_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        print(f"\nPostgreSQL not reachable ({exc.__class__.__name__}); SQLite only")
        return
    try:
        run("PostgreSQL", make_url(POSTGRES).set(database=name).render_as_string(hide_password=False), args)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
