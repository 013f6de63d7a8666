"""Uploads are bounded: one larger than ``UPLOAD_MAX_MB`` is refused with a 413 naming the limit (before
anything is stored), an upload is kept beside its job in chunks, and it is deleted in the transaction
that ends the job — succeeded or failed — so ``job_inputs`` never grows with finished work."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from typing import Any

from litestar.testing import TestClient
from sqlalchemy import Engine, func, select

from surgebench.app import create_app
from surgebench.db.orm import Job, JobInput, JobInputChunk
from surgebench.db.session import unit_of_work
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
from surgebench.domain.jobs import service as jobs
from surgebench.domain.jobs.registry_service import JobContext, JobKinds
from surgebench.settings import UploadSettings
from tests.integration.imports.helpers import csv_of, import_file, row

LIMIT = 4096


def _stored(engine: Engine) -> tuple[int, int]:
    """(upload rows, chunk rows) in storage."""
    with unit_of_work(engine, writes=False) as db:
        return (
            db.scalar(select(func.count()).select_from(JobInput)) or 0,
            db.scalar(select(func.count()).select_from(JobInputChunk)) or 0,
        )


def _jobs(engine: Engine) -> int:
    with unit_of_work(engine, writes=False) as db:
        return db.scalar(select(func.count()).select_from(Job)) or 0


def test_an_imports_upload_is_deleted_when_it_succeeds_and_when_it_fails(engine) -> None:
    done = import_file(engine, csv_of(row("a@example.com")))
    refused = import_file(engine, csv_of(row("b@example.com", skills="coding.python:9")))
    assert (done.status, refused.status) == ("succeeded", "failed")
    assert _stored(engine) == (0, 0)


def test_an_upload_is_kept_while_its_job_waits_for_a_runner(engine) -> None:
    from surgebench.domain.imports import service as imports

    queued = imports.start_import(engine, Actor.system("test"), "a.csv", csv_of(row()), inline=False)
    assert queued.status == "queued" and _stored(engine) == (1, 1)


read_back: dict[str, Any] = {}


def _digest(context: JobContext) -> dict[str, Any]:
    name, content = context.read_input()
    streamed = hashlib.sha256(b"".join(context.input_chunks())).hexdigest()
    read_back.update(name=name, whole=hashlib.sha256(content).hexdigest(), streamed=streamed)
    return {}


def test_a_large_upload_is_stored_in_chunks_and_read_back_whole(engine) -> None:
    content = bytes(range(256)) * (3 * jobs.INPUT_CHUNK_BYTES // 256 + 7)  # three chunks and a bit
    with unit_of_work(engine) as db:
        job_id = jobs.enqueue(db, Actor.system("test"), "test_digest", {}, "big.bin", content).id
    assert _stored(engine) == (1, 4)
    assert jobs.run_next(engine, JobKinds({"test_digest": _digest}))
    expected = hashlib.sha256(content).hexdigest()
    assert read_back == {"name": "big.bin", "whole": expected, "streamed": expected}
    assert _stored(engine) == (0, 0)
    with unit_of_work(engine, writes=False) as db:
        assert db.get(Job, job_id).status == "succeeded"  # type: ignore[union-attr]


def _client(engine: Engine, settings, clock, make_account) -> TestClient:  # type: ignore[no-untyped-def]
    user_id, _email, _password = make_account("recruiter")
    with unit_of_work(engine) as db:
        token = accounts.create_api_token(db, Actor.system("test"), accounts.get_user(db, user_id), "t")
    small = dataclasses.replace(settings, uploads=UploadSettings(max_bytes=LIMIT))
    http = TestClient(app=create_app(small, clock))
    http.headers["Authorization"] = f"Bearer {token}"
    return http


def _too_large(answer: Any) -> None:
    assert answer.status_code == 413, answer.text[:300]
    body = answer.json()
    assert body["error"] == "too_large" and "UPLOAD_MAX_MB" in body["message"]
    assert set(body["fields"]) == {"file"}


def test_an_upload_over_the_limit_is_refused_with_413_and_nothing_stored(
    engine, settings, clock, make_account
) -> None:
    big = csv_of(*(row(f"p{i}@example.com") for i in range(60)))
    assert len(big) > LIMIT

    def streamed() -> Iterator[bytes]:  # no Content-Length: refused while it arrives
        for start in range(0, len(big), 1000):
            yield big[start : start + 1000]

    with _client(engine, settings, clock, make_account) as http:
        _too_large(http.post("/api/specialists/import", content=big, headers={"Content-Type": "text/csv"}))
        _too_large(
            http.post("/api/specialists/import", content=streamed(), headers={"Content-Type": "text/csv"})
        )
        _too_large(http.post("/api/specialists/import", files={"file": ("big.csv", big, "text/csv")}))
        _too_large(http.post("/api/engagements/import", content=big, headers={"Content-Type": "text/csv"}))
        small = http.post(
            "/api/specialists/import?wait=true", content=csv_of(row()), headers={"Content-Type": "text/csv"}
        )
        assert small.status_code == 200 and small.json()["status"] == "succeeded"
    assert _jobs(engine) == 1 and _stored(engine) == (0, 0)
