"""What the import API reads (an uploaded file) and answers (the job to follow)."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency

from surgebench.domain.imports.errors import NotCsvType


@dataclass(frozen=True)
class Upload:
    filename: str | None
    content: bytes | None
    """``None`` when no file was sent at all (an empty file is ``b""``, reported by the job)."""
    media_type: str | None = None
    """The type it was sent as: the body's, or the multipart part's (checked by ``imports.service``)."""


FORM = "application/x-www-form-urlencoded"
CSV_BODY_TYPES = ("text/csv", "application/csv")
"""What a CSV sent as the whole request body may be typed as."""
CSV_PART_TYPES = (*CSV_BODY_TYPES, "text/plain", "application/vnd.ms-excel", "application/octet-stream", "")
"""What a file in a multipart form may be typed as: browsers type a .csv file text/csv, text/plain,
application/vnd.ms-excel (Windows with Excel installed) or application/octet-stream, or leave it out."""


async def provide_upload(request: Request) -> Upload:
    """The multipart field ``file``, or the raw body of any other request (e.g. ``text/csv``). A
    URL-encoded form carries no file (its body is ``_csrf=…&file=…``, not a CSV): no file was sent."""
    media_type = request.content_type[0]
    if media_type == FORM:
        return Upload(None, None)
    if media_type == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return Upload(None, None)
        content = await upload.read()
        if not upload.filename and not content:  # a form sent without choosing a file
            return Upload(None, None)
        part_type = (upload.content_type or "").split(";")[0].strip().lower()
        return Upload(upload.filename, content, part_type)
    if media_type not in CSV_BODY_TYPES:
        shown = media_type or "without a type"
        raise NotCsvType(
            f"Send the CSV as text/csv (or in a multipart form's field file), not {shown}.",
            fields={"file": f"is {shown}: send a CSV file as text/csv"},
        )
    body = await request.body()
    return Upload(request.query_params.get("filename") or "upload.csv", body, media_type)


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
    """queued (the runner takes it within a second or two) or, with ``wait``, the finished status."""
    url: str
    """The job's page; ``api_url`` gives its progress and outcome as JSON."""
    api_url: str
    outcome: dict | None = None
