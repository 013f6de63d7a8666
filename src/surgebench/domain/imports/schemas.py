"""What the import API reads (an uploaded file) and answers (the job to follow)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import IO

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency

from surgebench.db.orm import Job
from surgebench.domain.imports.errors import NotCsvType
from surgebench.domain.jobs import routes as job_routes
from surgebench.lib.errors import TooLarge


@dataclass(frozen=True)
class Upload:
    filename: str | None
    file: IO[bytes] | None
    """The file's bytes, spooled to a temporary file as they arrived (read it from the start); ``None``
    when no file was sent at all (an empty file is an empty one, reported by the job)."""
    size: int = 0
    media_type: str | None = None
    """The type it was sent as: the body's, or the multipart part's (checked by ``imports.service``)."""


FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
CSV_BODY_TYPES = ("text/csv", "application/csv")
"""What a CSV sent as the whole request body may be typed as."""
CSV_PART_TYPES = (*CSV_BODY_TYPES, "text/plain", "application/vnd.ms-excel", "application/octet-stream", "")
"""What a file in a multipart form may be typed as: browsers type a .csv file text/csv, text/plain,
application/vnd.ms-excel (Windows with Excel installed) or application/octet-stream, or leave it out."""
MULTIPART_SLACK = 64 * 1024
"""A multipart body is the file plus its part headers and boundaries: allowed this much over the limit
before it is refused unread (the file itself is then measured exactly)."""
SPOOL_BYTES = 1024 * 1024
"""A raw body is gathered this much at a time before it is written to its temporary file (off the loop)."""


async def provide_upload(request: Request) -> AsyncGenerator[Upload, None]:
    """The multipart field ``file``, or the raw body of a ``text/csv`` request, streamed to a temporary
    file (never held whole in memory) and closed once the handler is done. A URL-encoded form carries no
    file (its body is ``_csrf=…&file=…``, not a CSV): no file was sent. A raw body of another type: 415,
    before it is read. Larger than ``UPLOAD_MAX_MB``: a 413 naming the limit, refused before the body is
    read when its length says so."""
    limit = request.app.state.settings.uploads.max_bytes
    kind = request.content_type[0]
    if kind == FORM:
        yield Upload(None, None)
        return
    if kind != MULTIPART and kind not in CSV_BODY_TYPES:
        shown = kind or "without a type"
        raise NotCsvType(
            f"Send the CSV as text/csv (or in a multipart form's field file), not {shown}.",
            fields={"file": f"is {shown}: send a CSV file as text/csv"},
        )
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit + (MULTIPART_SLACK if kind == MULTIPART else 0):
        raise _too_large(limit)
    upload = await (_multipart_file(request, limit) if kind == MULTIPART else _raw_body(request, limit, kind))
    try:
        yield upload
    finally:
        if upload.file is not None:
            upload.file.close()


async def _multipart_file(request: Request, limit: int) -> Upload:
    """Litestar parses the form as it arrives, writing each file part to a temporary file."""
    form = await request.form()
    part = form.get("file")
    if not isinstance(part, UploadFile):
        return Upload(None, None)
    file = part.file
    size = await asyncio.to_thread(file.seek, 0, 2)
    await asyncio.to_thread(file.seek, 0)
    if not part.filename and not size:  # a form sent without choosing a file
        file.close()
        return Upload(None, None)
    if size > limit:
        file.close()
        raise _too_large(limit)
    part_type = (part.content_type or "").split(";")[0].strip().lower()
    return Upload(part.filename, file, size, part_type)


async def _raw_body(request: Request, limit: int, kind: str) -> Upload:
    file = tempfile.TemporaryFile()
    size = 0
    pending = bytearray()
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            pending += chunk
            if len(pending) >= SPOOL_BYTES:
                await asyncio.to_thread(file.write, pending)
                pending = bytearray()
        await asyncio.to_thread(file.write, pending)
        await asyncio.to_thread(file.seek, 0)
    except BaseException:
        file.close()
        raise
    if not size:
        file.close()
        return Upload(None, None)
    return Upload(request.query_params.get("filename") or "upload.csv", file, size, kind)


def _too_large(limit: int) -> TooLarge:
    megabytes = limit / (1024 * 1024)
    return TooLarge(
        f"The file is larger than the {megabytes:,.0f} MB an upload may be (UPLOAD_MAX_MB): split it "
        "into smaller files and import each.",
        fields={"file": f"larger than {megabytes:,.0f} MB"},
    )


CSV_UPLOAD_BODY = {
    "required": True,
    "description": "The CSV file (UTF-8 text): a text/csv body, or multipart/form-data with the file in "
    f"field `file` (its part typed {', '.join(t for t in CSV_PART_TYPES if t)} or untyped, as browsers "
    "send .csv files). Another type answers 415, content that is not text (an image, a workbook) 400; "
    "the import job checks the rows and reports every problem.",
    "content": {
        "text/csv": {"schema": {"description": "The file's text (any text; the job judges the rows)"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary"}},
            },
            "encoding": {"file": {"contentType": "text/csv"}},
        },
    },
}
"""The request body of the import endpoints, as OpenAPI states it (see ``lib.openapi``)."""

UploadedCSV = NamedDependency[Upload]
"""The CSV sent (handler parameter ``upload: UploadedCSV``, provided by ``provide_upload`` in the
handler's ``dependencies``)."""


class ImportAccepted(msgspec.Struct):
    job_id: int
    status: str
    """queued (a runner takes it at once, in a lane no solve can hold up) or, with ``wait``, the finished
    status."""
    url: str
    """The job's page; ``api_url`` gives its progress and outcome as JSON."""
    api_url: str
    outcome: dict | None = None

    @classmethod
    def of(cls, job: Job) -> ImportAccepted:
        """The job to follow, with its outcome once it has run (a small file imported while waiting)."""
        finished = cls.finished(job)
        return cls(
            job.id,
            job.status,
            job_routes.JOB.url(job_id=job.id),
            job_routes.API_JOB.url(job_id=job.id),
            job.outcome if finished else None,
        )

    @staticmethod
    def finished(job: Job) -> bool:
        return job.status in ("succeeded", "failed")
