"""The hiring list page, its CSV, and the same as JSON."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Stream, Template

from surgebench.domain.accounts.guards import staff_only
from surgebench.domain.hiring import service
from surgebench.lib.csv_files import csv_download, format_rows
from surgebench.lib.deps import DB
from surgebench.lib.templating import page

COLUMNS = ("specialist_id", "full_name", "email", "country", "what_would_let_them_in")


@get("/hiring", guards=[staff_only], include_in_schema=False, sync_to_thread=True)
def hiring_page(request: Request, db: DB) -> Template:
    return page(request, "hiring/list.html", found=service.gather(db))


@get("/hiring/near-misses.csv", guards=[staff_only], include_in_schema=False, sync_to_thread=True)
def near_misses_csv(db: DB) -> Stream:
    rows = [
        {
            "specialist_id": m.specialist_id,
            "full_name": m.full_name,
            "email": m.email,
            "country": m.country,
            "what_would_let_them_in": "; ".join(m.reasons),
        }
        for m in service.gather(db).near_misses
    ]
    header = dict(zip(COLUMNS, COLUMNS, strict=True))
    return csv_download([format_rows([header, *rows], COLUMNS)], "nearly-qualified.csv")


@get("/api/hiring", guards=[staff_only], tags=["hiring"], sync_to_thread=True)
def hiring_api(db: DB) -> dict[str, object]:
    """Across every open request's latest plan: seats short by skill, level, languages and time zone, and
    the people who nearly qualify (vetting to renew or finish, one level short, quality just under)."""
    found = service.gather(db)
    return {
        "plans": found.plans,
        "shortages": [
            {
                "skill": s.skill,
                "min_level": s.min_level,
                "languages": list(s.languages),
                "utc_offset": list(s.utc_offset) if s.utc_offset else None,
                "missing": s.missing,
                "where": s.where,
            }
            for s in found.shortages
        ],
        "near_misses": [
            {
                "specialist_id": m.specialist_id,
                "full_name": m.full_name,
                "email": m.email,
                "country": m.country,
                "reasons": m.reasons,
            }
            for m in found.near_misses
        ],
        "reason_counts": found.reason_counts,
    }


route_handlers = [hiring_page, near_misses_csv, hiring_api]
