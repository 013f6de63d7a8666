"""A plan's people as CSV, and its stored problem and plan as JSON downloads."""

from __future__ import annotations

from collections.abc import Iterator

from litestar import Response
from litestar.response import Stream
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.domain.plans import repository
from surgebench.domain.plans.repository import PeopleFilter
from surgebench.lib.csv_files import csv_download, format_rows

COLUMNS = (
    "specialist_id",
    "full_name",
    "request_id",
    "role",
    "skill",
    "starts_on",
    "returning",
    "country",
    "quality",
    "hourly_rate",
)
BATCH = 2_000


def people_csv(engine: Engine, plan_id: int, f: PeopleFilter, name: str) -> Stream:
    """Streamed after the request's transaction ended, so it reads in a session of its own."""
    return csv_download(_lines(engine, plan_id, f), name)


def _lines(engine: Engine, plan_id: int, f: PeopleFilter) -> Iterator[bytes]:
    yield format_rows([dict(zip(COLUMNS, COLUMNS, strict=True))], COLUMNS)
    with Session(engine) as db:
        batch = []
        for p in repository.people(db, plan_id, f):
            batch.append(
                {
                    "specialist_id": p.specialist_id,
                    "full_name": p.full_name,
                    "request_id": p.request_id,
                    "role": p.role_key,
                    "skill": p.skill_id,
                    "starts_on": p.starts_on.isoformat(),
                    "returning": "yes" if p.returning else "no",
                    "country": p.country,
                    "quality": f"{p.quality_milli / 1000:.3f}",
                    "hourly_rate": f"{p.hourly_rate_cents / 100:.2f}",
                }
            )
            if len(batch) == BATCH:
                yield format_rows(batch, COLUMNS)
                batch = []
        if batch:
            yield format_rows(batch, COLUMNS)


def json_download(compressed: bytes, name: str) -> Response[bytes]:
    """The stored gzip bytes as they are: browsers and HTTP clients unpack them (no recompression of a
    problem that can be tens of megabytes)."""
    return Response(
        compressed,
        media_type="application/json",
        headers={"Content-Encoding": "gzip", "Content-Disposition": f'attachment; filename="{name}"'},
    )
