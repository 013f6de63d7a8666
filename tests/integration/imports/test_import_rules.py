"""Importing the bench from CSV: upsert by e-mail, all or nothing, one clear message per problem."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from surgebench.db.orm import AuditEntry, Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.db.session import unit_of_work
from tests.integration.imports.helpers import HEADER, csv_of, import_file, row


def _bench(engine) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        people = db.execute(
            select(
                Specialist.email_key,
                Specialist.id,
                Specialist.full_name,
                Specialist.committed_hours,
                Specialist.email,
            )
        ).all()
        skills = db.execute(
            select(SpecialistSkill.specialist_id, SpecialistSkill.skill_id, SpecialistSkill.level)
        ).all()
        languages = db.execute(select(SpecialistLanguage.specialist_id, SpecialistLanguage.language)).all()
    return {
        p.email_key: (
            p.full_name,
            p.email,
            p.committed_hours,
            sorted((s, lvl) for sid, s, lvl in skills if sid == p.id),
            sorted(lang for sid, lang in languages if sid == p.id),
        )
        for p in people
    }


def test_good_file_creates_then_updates_by_email_ignoring_case(engine) -> None:
    first = import_file(
        engine, csv_of(row("asha@example.com"), row("ravi@example.com", full_name="Ravi Rao"))
    )
    assert first.status == "succeeded", first.outcome
    assert (first.outcome["created"], first.outcome["updated"], first.outcome["unchanged"]) == (2, 0, 0)
    with unit_of_work(engine) as db:
        db.execute(
            Specialist.__table__.update()
            .where(Specialist.email_key == "asha@example.com")
            .values(committed_hours=8)
        )

    second = import_file(
        engine,
        csv_of(
            row("ASHA@Example.com", full_name="Asha V. Verma", skills="law.us:2", languages="ta"),
            row("ravi@example.com", full_name="Ravi Rao"),
            row("mei@example.com", full_name="Mei Lin"),
        ),
    )

    assert second.status == "succeeded", second.outcome
    assert (second.outcome["created"], second.outcome["updated"], second.outcome["unchanged"]) == (1, 1, 1)
    bench = _bench(engine)
    assert set(bench) == {"asha@example.com", "ravi@example.com", "mei@example.com"}
    assert bench["asha@example.com"] == ("Asha V. Verma", "ASHA@Example.com", 8, [("law.us", 2)], ["ta"])
    assert bench["mei@example.com"][2] == 0


def test_import_is_audited_once_for_the_job_and_once_per_changed_specialist(engine) -> None:
    import_file(engine, csv_of(row("asha@example.com"), row("ravi@example.com")))
    job = import_file(
        engine,
        csv_of(row("asha@example.com", weekly_hours="30"), row("ravi@example.com")),
        filename="week2.csv",
    )
    with unit_of_work(engine) as db:
        entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries if e.entity_type == "specialist"] == ["create", "create", "update"]
    updates = [e.changes for e in entries if e.action == "update"]
    assert updates == [{"weekly_hours": [20, 30]}]
    summary = [e for e in entries if e.action == "import" and e.entity_id == str(job.id)]
    assert len(summary) == 1
    assert summary[0].changes == {
        "filename": "week2.csv",
        "rows": 2,
        "created": 0,
        "updated": 1,
        "unchanged": 1,
    }


def test_one_bad_row_writes_nothing_and_names_line_column_and_problem(engine) -> None:
    job = import_file(
        engine, csv_of(row("a@example.com"), row("b@example.com", country="XX"), row("c@example.com"))
    )

    assert job.status == "failed"
    assert "nothing was written" in job.outcome["error"]
    assert job.outcome["errors"] == [
        {"line": 3, "column": "country", "message": "unknown country code 'XX' (ISO 3166-1 alpha-2, e.g. IN)"}
    ]
    assert _bench(engine) == {}


def test_every_bad_row_is_listed(engine) -> None:
    job = import_file(
        engine,
        csv_of(
            row("a@example.com", quality="2"), row("b@example.com"), row("not-an-email", weekly_hours="lots")
        ),
    )
    assert [(e["line"], e["column"]) for e in job.outcome["errors"]] == [
        (2, "quality"),
        (4, "email"),
        (4, "weekly_hours"),
    ]
    assert job.outcome["bad_rows"] == 2


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"skills": "coding.cobol:3"}, "skills", "unknown skill 'coding.cobol'"),
        ({"skills": "coding.python:6"}, "skills", "level of coding.python must be between 1 and 5, got 6"),
        ({"vetting_expires": "30/06/2027"}, "vetting_expires", "not a date: '30/06/2027' (use YYYY-MM-DD)"),
        ({"available_from": "2027-02-30"}, "available_from", "not a date: '2027-02-30' (use YYYY-MM-DD)"),
        ({"timezone": "Asia/Mumbai"}, "timezone", "unknown time zone 'Asia/Mumbai'"),
        ({"languages": "en;xx"}, "languages", "unknown language code 'xx'"),
        ({"hourly_rate": "forty"}, "hourly_rate", "must be a number, got 'forty'"),
    ],
)
def test_each_field_problem_is_reported_with_its_column(engine, cells, column, message) -> None:
    job = import_file(engine, csv_of(row("a@example.com"), row("b@example.com", **cells)))
    assert job.status == "failed"
    [error] = job.outcome["errors"]
    assert (error["line"], error["column"]) == (3, column)
    assert message in error["message"]


def test_duplicate_email_in_the_file_names_both_lines(engine) -> None:
    job = import_file(engine, csv_of(row("a@example.com"), row("b@example.com"), row("A@EXAMPLE.com")))
    [error] = job.outcome["errors"]
    assert (error["line"], error["column"]) == (4, "email")
    assert "lines 2 and 4" in error["message"]


def test_row_with_wrong_number_of_cells_is_reported(engine) -> None:
    job = import_file(engine, csv_of(row("a@example.com") + ",extra", row("b@example.com").rsplit(",", 1)[0]))
    assert [(e["line"], e["column"], e["message"]) for e in job.outcome["errors"]] == [
        (2, None, "the row has 13 cells, expected 12"),
        (3, "hourly_rate", "the row has 11 cells, expected 12"),
    ]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (HEADER.replace(",hourly_rate", ""), "missing hourly_rate"),
        (HEADER + ",notes", "unexpected notes"),
        (HEADER.replace("email,full_name", "full_name,email"), "column 1 is full_name but should be email"),
        ("name,mail", "missing email, full_name"),
    ],
)
def test_wrong_header_says_which_columns(engine, header, expected) -> None:
    job = import_file(engine, csv_of(row("a@example.com"), header=header))
    assert job.status == "failed"
    assert expected in job.outcome["error"]
    assert "The header row is wrong" in job.outcome["error"]
    assert "errors" not in job.outcome


def test_file_that_is_not_utf8_says_where(engine) -> None:
    content = csv_of(row("a@example.com"), row("b@example.com", full_name="José")).replace(
        "José".encode(), "José".encode("latin-1")
    )
    job = import_file(engine, content)
    assert job.status == "failed"
    assert "not UTF-8" in job.outcome["error"]
    assert "(line 3)" in job.outcome["error"]
    assert "0xE9" in job.outcome["error"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"  \r\n", "The file is empty."),
        (("\ufeff" + HEADER + "\r\n").encode(), "header row but no specialists"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file: it looks like a PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel .xlsx"),
        (b"abc\x00def\x00\xff", "not a CSV file"),
    ],
)
def test_unreadable_files_get_one_clear_message(engine, content, expected) -> None:
    job = import_file(engine, content)
    assert job.status == "failed"
    assert expected in job.outcome["error"]


def test_byte_order_mark_and_blank_lines_are_fine(engine) -> None:
    content = b"\xef\xbb\xbf" + csv_of(row("a@example.com"), "", row("b@example.com"))
    job = import_file(engine, content)
    assert job.status == "succeeded", job.outcome
    assert job.outcome["created"] == 2


def test_job_records_progress_and_counts(engine) -> None:
    job = import_file(engine, csv_of(*(row(f"p{i}@example.com") for i in range(30))))
    assert job.progress["rows_total"] == 30
    assert job.progress["rows_checked"] == 30
    assert job.progress["rows_written"] == 30
    assert job.outcome["created"] == 30
    with unit_of_work(engine) as db:
        assert db.scalar(select(func.count()).select_from(SpecialistSkill)) == 60
