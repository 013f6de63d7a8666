"""Many people writing at once, while a bulk import writes too, over real HTTP on one live server (the
runner of background jobs on): every write waits its turn and succeeds, and nothing is lost."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from surgebench.db.orm import Job, Specialist
from surgebench.db.session import unit_of_work
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
from surgebench.settings import DatabaseSettings, ServerSettings, Settings
from tests.integration.imports.helpers import csv_of, row
from tests.live import LiveServer

WRITERS = 8
SIGN_INS = 4
IMPORT_ROWS = 20_000
"""Large enough that the import's writing overlaps the writers (about 2 s of writing on SQLite)."""
MAX_ROUNDS = 30
TIMEOUT_S = 120.0


@pytest.fixture
def live_server(engine: Engine, database_url: str) -> Iterator[str]:
    server = LiveServer(Settings(db=DatabaseSettings(url=database_url), server=ServerSettings(run_jobs=True)))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def _token(engine: Engine, make_account: Any, role: str) -> str:
    user_id, _email, _password = make_account(role)
    with unit_of_work(engine) as db:
        return accounts.create_api_token(db, Actor.system("test"), accounts.get_user(db, user_id), "load")


def _job_finished(engine: Engine, job_id: int) -> bool:
    with unit_of_work(engine, writes=False) as db:
        return db.scalar(select(Job.status).where(Job.id == job_id)) in ("succeeded", "failed")


def test_writers_and_a_bulk_import_at_once_all_succeed_and_nothing_is_lost(
    engine: Engine, live_server: str, make_account: Any
) -> None:
    tokens = [_token(engine, make_account, "recruiter") for _ in range(WRITERS + 1)]
    people = [make_account("program_manager") for _ in range(SIGN_INS)]
    importer = httpx.Client(
        base_url=live_server, timeout=TIMEOUT_S, headers={"Authorization": f"Bearer {tokens[-1]}"}
    )
    content = csv_of(*(row(f"bulk{i:05d}@example.com") for i in range(IMPORT_ROWS)))
    queued = importer.post("/api/specialists/import", content=content, headers={"Content-Type": "text/csv"})
    assert queued.status_code == 202, queued.text
    job_id = queued.json()["job_id"]

    failures: list[str] = []
    expected_names: dict[str, str] = {}
    lock = threading.Lock()
    start = threading.Barrier(WRITERS + SIGN_INS)

    def note(what: str, answer: httpx.Response, ok: tuple[int, ...] = (200,)) -> bool:
        if answer.status_code not in ok:
            with lock:
                failures.append(f"{what}: {answer.status_code} {answer.text[:200]}")
            return False
        return True

    def writer(token: str) -> None:
        http = httpx.Client(
            base_url=live_server, timeout=TIMEOUT_S, headers={"Authorization": f"Bearer {token}"}
        )
        start.wait()
        for round_ in range(MAX_ROUNDS):
            email = f"w-{uuid.uuid4().hex[:10]}@example.com"
            body = {
                "email": email,
                "full_name": "Writer",
                "country": "IN",
                "timezone": "Asia/Kolkata",
                "weekly_hours": 10,
                "quality": "0.5",
                "hourly_rate": "20.00",
            }
            created = http.post("/api/specialists", json=body)
            if not note("create", created, ok=(201,)):
                continue
            name = f"Renamed {round_}"
            if note("edit", http.patch(f"/api/specialists/{created.json()['id']}", json={"full_name": name})):
                with lock:
                    expected_names[email] = name
            if round_ >= 3 and _job_finished(engine, job_id):
                break

    def signer(person: tuple[int, str, str]) -> None:
        _user_id, email, password = person
        start.wait()
        for _ in range(3):
            browser = httpx.Client(base_url=live_server, timeout=TIMEOUT_S)
            form = browser.get("/sign-in")
            csrf = form.text.split('name="_csrf" value="', 1)[1].split('"', 1)[0]
            answer = browser.post("/sign-in", data={"_csrf": csrf, "email": email, "password": password})
            note("sign-in", answer, ok=(302, 303))
            time.sleep(0.2)

    threads = [threading.Thread(target=writer, args=(t,)) for t in tokens[:WRITERS]]
    threads += [threading.Thread(target=signer, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + TIMEOUT_S
    while not _job_finished(engine, job_id) and time.monotonic() < deadline:
        time.sleep(0.2)

    assert not failures, f"{len(failures)} requests failed:\n" + "\n".join(failures[:20])
    job = importer.get(f"/api/jobs/{job_id}").json()
    assert job["status"] == "succeeded", job["outcome"]
    assert job["outcome"]["created"] == IMPORT_ROWS
    with unit_of_work(engine, writes=False) as db:
        names = dict(
            db.execute(
                select(Specialist.email, Specialist.full_name).where(Specialist.email.like("w-%"))
            ).all()
        )
        bulk = db.scalar(select(func.count()).select_from(Specialist).where(Specialist.email.like("bulk%")))
    assert names == expected_names and len(names) >= WRITERS * 4
    assert bulk == IMPORT_ROWS
