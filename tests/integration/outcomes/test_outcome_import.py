"""Outcomes from CSV with the import's rules: all or nothing, every bad row named with line, column and
message; a re-upload corrects the outcomes of the same engagement and day (audited)."""

from __future__ import annotations

from sqlalchemy import func, select

from surgebench.db.orm import AuditEntry, Outcome
from surgebench.db.session import unit_of_work
from surgebench.domain.outcomes.upload_service import OUTCOME_COLUMNS
from surgebench.lib.csv_files import format_rows
from tests.integration.outcomes.outcome_builders import engagement_id
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist


def _csv(*rows: tuple[object, ...]) -> bytes:
    header = dict(zip(OUTCOME_COLUMNS, OUTCOME_COLUMNS, strict=True))
    return format_rows(
        [header, *(dict(zip(OUTCOME_COLUMNS, map(str, r), strict=True)) for r in rows)], OUTCOME_COLUMNS
    )


def _upload(http, content: bytes):  # type: ignore[no-untyped-def]
    return http.post("/api/outcomes/import?wait=true", files={"file": ("outcomes.csv", content, "text/csv")})


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        return db.scalar(select(func.count()).select_from(Outcome)) or 0


def test_one_bad_row_and_nothing_is_written_every_problem_named(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    sid = add_specialist(engine, email="ana@example.test", full_name="Ana Rao")
    record_history(engine, [Worked("ana@example.test", "aurora-labs", "orion", 1)])
    eid = engagement_id(engine, sid, 1)
    pm = api_as("program_manager")
    answer = _upload(
        pm,
        _csv(
            (eid, "2026-02-27", 100, 90, "", "fine"),
            (eid, "2026-02-27", 100, 80, "", "same day again"),
            (eid, "2026-02-28", 10, 11, "", ""),
            (999999, "2026-02-28", 10, 1, "", ""),
            ("x", "2026-13-01", 10, 1, "2", ""),
        ),
    )
    assert answer.status_code == 200, answer.text
    outcome = answer.json()["outcome"]
    problems = {(e["line"], e["column"]) for e in outcome["errors"]}
    assert problems == {
        (3, "reported_on"),
        (4, "items_accepted"),
        (5, "engagement_id"),
        (6, "engagement_id"),
        (6, "reported_on"),
        (6, "score"),
    }
    assert _count(engine) == 0


def test_a_clean_file_is_written_and_a_reupload_corrects_it(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    sid = add_specialist(engine, email="ana@example.test", full_name="Ana Rao")
    record_history(engine, [Worked("ana@example.test", "aurora-labs", "orion", 1)])
    eid = engagement_id(engine, sid, 1)
    pm = api_as("program_manager")
    first = _upload(pm, _csv((eid, "2026-02-27", 100, 90, "", ""), (eid, "2026-02-20", 50, 40, "0.800", "")))
    assert first.json()["outcome"]["created"] == 2, first.text
    again = _upload(pm, _csv((eid, "2026-02-27", 100, 95, "", ""), (eid, "2026-02-20", 50, 40, "0.800", "")))
    assert (again.json()["outcome"]["updated"], again.json()["outcome"]["unchanged"]) == (1, 1)
    with unit_of_work(engine, writes=False) as db:
        corrected = db.scalars(select(AuditEntry).where(AuditEntry.action == "correct")).one()
    assert corrected.changes == {"items_accepted": [90, 95]}
    assert api_as("recruiter").post("/api/outcomes/import", content=b"x").status_code == 403
