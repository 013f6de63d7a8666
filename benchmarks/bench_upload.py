"""What a large CSV upload costs a real ``surgebench serve``: its memory while the file arrives and is
stored, and (``--run-job``) while the import job then reads it.

    .venv/bin/python benchmarks/bench_upload.py [--mb 190] [--multipart] [--run-job] [--source DIR]
                                                [--postgres]

A deterministic bench CSV of about ``--mb`` MB (the import benchmark's rows, about 150 bytes each) is
written to a temporary file and sent to ``POST /api/specialists/import`` as a streamed ``text/csv`` body
(or, ``--multipart``, as the form field ``file``) to a server started from ``--source`` (default: this
checkout; give another checkout's root to measure the code before a change) on a fresh SQLite database
(``--postgres``: a throwaway PostgreSQL database). Without ``--run-job`` the server runs no jobs, so the
figures are the upload's alone. Printed: the server's resident memory before, its peak (VmHWM) when the
upload was answered, the answer and its time, the bytes kept in ``job_inputs`` then; with ``--run-job``
also the job's end, the peak by then and what is left in ``job_inputs``. No assertions: the figures are
for reading."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import generate  # noqa: E402
from measure import vm_hwm_mb  # noqa: E402

HERE = Path(__file__).resolve().parent
POSTGRES = os.environ.get(
    "SURGEBENCH_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SKILLS = ["coding.python", "math.algebra", "writing.editing", "law.contracts", "medicine.general"]
BATCH_ROWS = 50_000

SETUP = """
from surgebench.db import migrate
from surgebench.db.session import get_engine, unit_of_work
from surgebench.demo.reference import load_reference_data
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
migrate.upgrade()
with unit_of_work(get_engine()) as db:
    load_reference_data(db)
    user = accounts.create_user(db, Actor.system("bench"), email="recruiter@upload.test", full_name="R",
                                role="recruiter", password="upload-bench-password")
    print(accounts.create_api_token(db, Actor.system("bench"), user, "bench"))
"""


def write_csv(path: Path, megabytes: int) -> int:
    """About ``megabytes`` MB of valid, distinct bench rows; returns the rows written."""
    rows = 0
    with path.open("wb") as out:
        batch = 0
        while out.tell() < megabytes * 1_000_000:
            lines = generate(BATCH_ROWS, SKILLS, seed=batch).replace(
                b"@example.com", f"@b{batch}.test".encode()
            )
            out.write(lines if batch == 0 else lines.split(b"\n", 1)[1])
            out.write(b"\n")
            rows += BATCH_ROWS
            batch += 1
    return rows


def _env(source: Path, url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(source / "src"),
        "SURGEBENCH_DATABASE_URL": url,
        "SURGEBENCH_PASSWORD_HASHING": "CHEAPEST",
        "SURGEBENCH_SCHEDULER": "0",
        **extra,
    }


def memory(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of the process, in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    now = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
    return now, vm_hwm_mb(status) or 0.0


def stored_bytes(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            has_chunks = conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'job_input_chunks'"
                    if engine.dialect.name == "postgresql"
                    else "SELECT count(*) FROM sqlite_master WHERE name = 'job_input_chunks'"
                )
            ).scalar_one()
            table = "job_input_chunks" if has_chunks else "job_inputs"
            return conn.execute(text(f"SELECT coalesce(sum(length(content)), 0) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def run(url: str, source: Path, csv_file: Path, multipart: bool, run_job: bool) -> None:
    token = (
        subprocess.run(
            [sys.executable, "-c", SETUP], env=_env(source, url), check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _env(source, url, SURGEBENCH_PORT=str(port), SURGEBENCH_RUN_JOBS="1" if run_job else "0")
    server = subprocess.Popen(
        [sys.executable, "-c", "from surgebench.cli import main; main()", "serve"],
        env=env,
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
        headers = {"Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        with httpx.Client(timeout=3600) as http, csv_file.open("rb") as body:
            if multipart:
                answer = http.post(f"{base}/api/specialists/import", headers=headers, files={"file": body})
            else:
                answer = http.post(
                    f"{base}/api/specialists/import",
                    headers={**headers, "Content-Type": "text/csv"},
                    content=body,
                )
        seconds = time.perf_counter() - started
        _, peak = memory(server.pid)
        print(
            f"  upload ({'multipart' if multipart else 'text/csv body'}): answered {answer.status_code} in "
            f"{seconds:.1f} s · server {idle:,.0f} MB idle, peak {peak:,.0f} MB (+{peak - idle:,.0f}) · "
            f"{stored_bytes(url) / 1e6:,.0f} MB kept in job_inputs"
        )
        if answer.status_code != 202:
            print(f"  {answer.text[:300]}")
            return
        if run_job:
            job_url = f"{base}/api/jobs/{answer.json()['job_id']}"
            while (job := httpx.get(job_url, headers=headers).json())["status"] in ("queued", "running"):
                time.sleep(1)
            _, peak = memory(server.pid)
            outcome = job.get("outcome") or {}
            print(
                f"  import job: {job['status']} after {time.perf_counter() - started:.0f} s "
                f"({outcome.get('rows', outcome.get('error', ''))} rows) · server peak {peak:,.0f} MB "
                f"(+{peak - idle:,.0f}) · {stored_bytes(url) / 1e6:,.0f} MB left in job_inputs"
            )
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=190)
    parser.add_argument("--multipart", action="store_true")
    parser.add_argument("--run-job", action="store_true", help="let the server run the import job too")
    parser.add_argument("--source", type=Path, default=HERE.parent, help="the checkout whose server to run")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_upload_") as tmp:
        csv_file = Path(tmp) / "bench.csv"
        rows = write_csv(csv_file, args.mb)
        size = csv_file.stat().st_size
        print(f"{size / 1e6:,.0f} MB, {rows:,} rows; server from {args.source.resolve()}")
        if not args.postgres:
            print("SQLite")
            run(f"sqlite:///{tmp}/upload.db", args.source, csv_file, args.multipart, args.run_job)
            return
        name = f"surgebench_upload_{uuid.uuid4().hex[:8]}"
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            print("PostgreSQL")
            url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
            run(url, args.source, csv_file, args.multipart, args.run_job)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
