"""Building specialists for bench tests, through the service (as a recruiter would)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.specialists import service


def add_specialist(engine: Engine, **fields: Any) -> int:
    """A valid specialist with ``fields`` overriding the defaults; returns the new id."""
    name = fields.get("full_name", "Test Person")
    raw = {
        "email": name.lower().replace(" ", ".") + "@example.test",
        "full_name": name,
        "country": "IN",
        "timezone": "Asia/Kolkata",
        "languages": "en",
        "skills": "coding.python:3",
        "status": "vetted",
        "vetting_expires": None,
        "available_from": None,
        "weekly_hours": 20,
        "quality": "0.800",
        "hourly_rate": "40.00",
        **fields,
    }
    with unit_of_work(engine) as db:
        return service.create_from_input(db, Actor.system("test"), raw).id


THE_BENCH: dict[str, dict[str, Any]] = {
    "ana": dict(
        full_name="Ana Iyer",
        email="ana@example.test",
        country="IN",
        timezone="Asia/Kolkata",
        languages="hi;en",
        skills="coding.python:5;math.algebra:2",
        status="vetted",
        vetting_expires="2027-01-10",
        available_from=None,
        quality="0.900",
        hourly_rate="50.00",
    ),
    "ben": dict(
        full_name="Ben Okafor",
        email="BEN.Okafor@Example.test",
        country="NG",
        timezone="Africa/Lagos",
        languages="en",
        skills="coding.python:2",
        status="vetting",
        vetting_expires="2026-12-01",
        available_from="2027-03-01",
        quality="0.700",
        hourly_rate="30.00",
    ),
    "chloe": dict(
        full_name="Chloe Martin",
        email="chloe@example.test",
        country="FR",
        timezone="Europe/Paris",
        languages="fr;en",
        skills="math.algebra:4",
        status="vetted",
        vetting_expires=None,
        available_from="2026-12-15",
        quality="0.950",
        hourly_rate="80.00",
    ),
    "dev": dict(
        full_name="Dev Sharma",
        email="dev@example.test",
        country="IN",
        timezone="Asia/Kolkata",
        languages="hi",
        skills="coding.python:4",
        status="suspended",
        vetting_expires="2026-11-30",
        available_from=None,
        quality="0.600",
        hourly_rate="25.00",
    ),
    "eve": dict(
        full_name="Eve Adams",
        email="eve@example.test",
        country="US",
        timezone="America/New_York",
        languages="en;es",
        skills="math.algebra:5;coding.sql:3",
        status="offboarded",
        vetting_expires="2026-10-01",
        available_from="2026-12-01",
        quality="0.850",
        hourly_rate="60.00",
    ),
}
"""Five people who differ in every filterable way."""


def add_the_bench(engine: Engine) -> dict[str, int]:
    """``THE_BENCH``, created; returns key → id."""
    return {key: add_specialist(engine, **fields) for key, fields in THE_BENCH.items()}
