"""A plan's people as CSV, and its stored problem and plan as JSON downloads."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from litestar import Response
from litestar.response import Stream
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.domain.plans import repository, service
from surgebench.domain.plans.repository import PeopleFilter
from surgebench.domain.plans.schemas import PeopleQuery
from surgebench.lib.csv_files import csv_download, format_rows
from surgebench.lib.http import accepts_gzip

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
UNPACK_CHUNK = 256 * 1024
"""Compressed bytes unpacked per chunk sent (a few MB of JSON at the stored level's ratio)."""


def people_csv(engine: Engine, db: Session, plan_id: int, query: PeopleQuery) -> Stream:
    """The plan's people as CSV, filtered and sorted as ``query`` says (the page's download and the API's
    alike). Streamed after the request's transaction ended, so it reads in a session of its own."""
    view = service.plan_view(db, plan_id)
    f = service.people_filter(view, query)
    return csv_download(_lines(engine, plan_id, f), f"plan-{plan_id}-v{view.plan.version}.csv")


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


def json_download(compressed: bytes, name: str, accept_encoding: str | None) -> Response[bytes] | Stream:
    """A stored gzip-compressed JSON document as a download, compressed exactly once: as stored to a
    client that accepts gzip (no recompression of a problem that can be hundreds of megabytes), unpacked
    as it is sent to one that does not. The route must carry ``ALREADY_COMPRESSED`` in its ``opt`` so the
    app's compression middleware does not wrap the stored gzip in another layer."""
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept-Encoding"}
    if accepts_gzip(accept_encoding):
        return Response(
            compressed, media_type="application/json", headers={**headers, "Content-Encoding": "gzip"}
        )
    return Stream(_unpacked(compressed), media_type="application/json", headers=headers)


def _unpacked(compressed: bytes) -> Iterator[bytes]:
    """The document unpacked a chunk at a time (a large problem is never held unpacked as a whole)."""
    unpack = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # 16+: the gzip header and trailer
    for start in range(0, len(compressed), UNPACK_CHUNK):
        out = unpack.decompress(compressed[start : start + UNPACK_CHUNK])
        if out:
            yield out
    tail = unpack.flush()
    if tail:
        yield tail
