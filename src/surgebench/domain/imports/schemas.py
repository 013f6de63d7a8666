"""What the import API reads (an uploaded file) and answers (the job to follow)."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency


@dataclass(frozen=True)
class Upload:
    filename: str | None
    content: bytes | None
    """``None`` when no file was sent at all (an empty file is ``b""``, reported by the job)."""


FORM = "application/x-www-form-urlencoded"


async def provide_upload(request: Request) -> Upload:
    """The multipart field ``file``, or the raw body of any other request (e.g. ``text/csv``). A
    URL-encoded form carries no file (its body is ``_csrf=…&file=…``, not a CSV): no file was sent."""
    if request.content_type[0] == FORM:
        return Upload(None, None)
    if request.content_type[0] == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return Upload(None, None)
        content = await upload.read()
        if not upload.filename and not content:  # a form sent without choosing a file
            return Upload(None, None)
        return Upload(upload.filename, content)
    body = await request.body()
    return Upload(request.query_params.get("filename") or "upload.csv", body or None)


UploadedCSV = NamedDependency[Upload]
"""The CSV sent (handler parameter ``upload: UploadedCSV``, provided by ``provide_upload`` in the
handler's ``dependencies``)."""


class ImportAccepted(msgspec.Struct):
    job_id: int
    status: str
    """queued (the runner takes it within a second or two) or, with ``wait``, the finished status."""
    url: str
    """The job's page; ``api_url`` gives its progress and outcome as JSON."""
    api_url: str
    outcome: dict | None = None
