"""Building bench CSV files and running imports through the real job service."""

from __future__ import annotations

from sqlalchemy import Engine

from surgebench.app import job_kinds
from surgebench.db.orm import Job
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.imports import service
from surgebench.domain.jobs import service as jobs
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS

HEADER = ",".join(CSV_COLUMNS)


def row(email: str = "asha@example.com", **cells: str) -> str:
    values = {
        "email": email,
        "full_name": "Asha Verma",
        "country": "IN",
        "timezone": "Asia/Kolkata",
        "languages": "en;hi",
        "skills": "coding.python:4;math.algebra:3",
        "status": "vetted",
        "vetting_expires": "2027-06-30",
        "available_from": "",
        "weekly_hours": "20",
        "quality": "0.870",
        "hourly_rate": "45.00",
        **cells,
    }
    return ",".join(_quoted(values[c]) for c in CSV_COLUMNS)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(ch in cell for ch in ',"\r\n') else cell


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def import_file(engine: Engine, content: bytes, filename: str = "bench.csv") -> Job:
    """Queue the import and let the runner's ``run_next`` take it, as in production."""
    queued = service.start_import(engine, Actor.system("test"), filename, content, inline=False)
    assert queued.status == "queued"
    assert jobs.run_next(engine, job_kinds())
    with unit_of_work(engine) as db:
        job = db.get(Job, queued.id)
        assert job is not None
        return job
