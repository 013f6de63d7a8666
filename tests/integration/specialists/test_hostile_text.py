"""Control characters in any text field get the same answer on both engines: refused, naming the field
(and, in a CSV, the line and column), never stored on one engine and a server error on the other."""

from __future__ import annotations

from sqlalchemy import func, select

from surgebench.db.orm import Specialist
from surgebench.db.session import unit_of_work
from tests.integration.imports.helpers import csv_of, import_file, row

HOSTILE = "A\r\nB\u0000\u001b["


def _specialist(**fields: object) -> dict[str, object]:
    return {
        "email": "ctl@example.com",
        "full_name": "Asha",
        "country": "IN",
        "timezone": "Asia/Kolkata",
        "weekly_hours": 10,
        "quality": "0.5",
        "hourly_rate": "20.00",
        **fields,
    }


def test_api_refuses_control_characters_in_names_naming_the_field(api_as, engine) -> None:
    recruiter = api_as("recruiter")
    answer = recruiter.post("/api/specialists", json=_specialist(full_name=HOSTILE))
    assert answer.status_code == 400
    problem = "must not contain control characters (U+000D at character 2)"
    assert answer.json()["fields"] == {"full_name": problem}
    created = recruiter.post("/api/specialists", json=_specialist()).json()
    edit = recruiter.patch(f"/api/specialists/{created['id']}", json={"full_name": "Asha\u001b[31m"})
    assert edit.status_code == 400 and "U+001B" in edit.json()["fields"]["full_name"]
    search = recruiter.get("/api/specialists", params={"q": "a\u0000b"})
    assert search.status_code == 400 and "U+0000" in search.json()["fields"]["q"]


def test_a_nul_byte_deep_in_a_csv_is_refused_with_its_line_and_column(engine) -> None:
    rows = [row(f"p{i:04d}@example.com") for i in range(800)]  # about 100 KiB: past the first 64 KiB
    rows.append(row("late@example.com", full_name="Late\x00Comer"))
    content = csv_of(*rows)
    assert len(content) > 65_536

    job = import_file(engine, content)

    assert job.status == "failed"
    problem = "must not contain control characters (U+0000 at character 5)"
    assert job.outcome["errors"] == [{"line": 802, "column": "full_name", "message": problem}]
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(func.count()).select_from(Specialist)) == 0
