"""Exporting the bench as CSV: canonical, filterable, and it round-trips byte for byte."""

from __future__ import annotations

import re

from surgebench.db.orm import Specialist
from surgebench.db.session import unit_of_work
from tests.integration.imports.helpers import HEADER, csv_of, import_file, row

MESSY = csv_of(
    row(
        "Zoe@Example.com",
        full_name='Zoë "Z" Quinn, PhD',
        languages="HI;en",
        skills="math.algebra:3;coding.python:4",
        quality=".5",
        hourly_rate="45",
        country="in",
    ),
    row(
        "adam@example.com",
        full_name="Adam",
        status="applicant",
        vetting_expires="",
        available_from="2026-12-01",
        languages="",
        skills="",
        quality="1",
        hourly_rate="0",
    ),
    row(
        "mei@example.com",
        full_name="Mei",
        country="SG",
        timezone="Asia/Singapore",
        languages="zh",
        skills="law.us:5",
        status="vetting",
    ),
)


def test_export_then_import_then_export_is_byte_identical(engine, api_as) -> None:
    assert import_file(engine, MESSY).status == "succeeded"
    staff = api_as("program_manager")
    first = staff.get("/api/specialists/export")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/csv")
    assert re.fullmatch(r'attachment; filename="bench-\d{8}\.csv"', first.headers["content-disposition"])

    again = import_file(engine, first.content)
    second = staff.get("/api/specialists/export")

    assert (again.outcome["created"], again.outcome["updated"], again.outcome["unchanged"]) == (0, 0, 3)
    assert second.content == first.content


def test_export_writes_canonical_forms_in_email_order(engine, api_as) -> None:
    import_file(engine, MESSY)
    lines = api_as("recruiter").get("/api/specialists/export").text.split("\r\n")
    assert lines[0] == HEADER
    assert lines[1] == ("adam@example.com,Adam,IN,Asia/Kolkata,,,applicant,,2026-12-01,20,1.000,0.00")
    assert lines[3] == (
        'Zoe@Example.com,"Zoë ""Z"" Quinn, PhD",IN,Asia/Kolkata,en;hi,'
        "coding.python:4;math.algebra:3,vetted,2027-06-30,,20,0.500,45.00"
    )
    assert lines[4] == ""


def test_export_applies_the_bench_list_filters(engine, sign_in_as) -> None:
    import_file(engine, MESSY)
    staff = sign_in_as("recruiter").http

    def emails(query: str) -> list[str]:
        answer = staff.get(f"/bench/export?{query}")
        assert answer.status_code == 200, answer.text
        return [line.split(",")[0] for line in answer.text.splitlines()[1:]]

    assert emails("") == ["adam@example.com", "mei@example.com", "Zoe@Example.com"]
    assert emails("status=vetted&status=vetting") == ["mei@example.com", "Zoe@Example.com"]
    assert emails("country=SG") == ["mei@example.com"]
    assert emails("skill=coding.python&min_level=4") == ["Zoe@Example.com"]
    assert emails("skill=coding.python&min_level=5") == []
    assert emails("language=hi") == ["Zoe@Example.com"]
    assert emails("q=ADA") == ["adam@example.com"]
    assert staff.get("/bench/export?skill=coding.cobol").status_code == 400


def test_export_of_many_specialists_spans_batches_in_order(engine, api_as) -> None:
    import_file(engine, csv_of(*(row(f"p{i:05d}@example.com") for i in range(5_300))))
    lines = api_as("admin").get("/api/specialists/export").text.splitlines()
    assert len(lines) == 5_301
    assert lines[1].startswith("p00000@") and lines[-1].startswith("p05299@")


def test_export_filename_carries_the_apps_date(engine, api_as, clock) -> None:
    with unit_of_work(engine) as db:
        assert db.query(Specialist).count() == 0
    answer = api_as("admin").get("/api/specialists/export")
    assert answer.text == HEADER + "\r\n"
    assert f"bench-{clock.today():%Y%m%d}.csv" in answer.headers["content-disposition"]


def test_export_neutralises_formula_cells_and_import_restores_them(engine, api_as) -> None:
    names = ['=HYPERLINK("http://evil.example","click")', "+1 Plus", "-Minus", "@At", "'Quoted"]
    assert (
        import_file(
            engine, csv_of(*(row(f"f{i}@example.com", full_name=name) for i, name in enumerate(names)))
        ).status
        == "succeeded"
    )
    staff = api_as("admin")
    first = staff.get("/api/specialists/export")
    exported = [line.split(",")[1] for line in first.text.splitlines()[1:]]
    assert not any(cell.lstrip('"').startswith(("=", "+", "-", "@")) for cell in exported), exported
    assert "'=HYPERLINK" in first.text

    again = import_file(engine, first.content)
    second = staff.get("/api/specialists/export")

    assert again.outcome["unchanged"] == len(names)
    assert second.content == first.content
    with unit_of_work(engine) as db:
        assert sorted(s.full_name for s in db.query(Specialist)) == sorted(names)


def test_csv_downloads_name_their_charset_once(api_as) -> None:
    answer = api_as("admin").get("/api/specialists/export")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
