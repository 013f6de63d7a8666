"""Bringing past cycles in: the history CSV import creates what it names, matches people by e-mail, is
all or nothing, and lists every bad row with line, column and message."""

from __future__ import annotations

from sqlalchemy import func, select

from surgebench.db.orm import AuditEntry, ClientModel, Cycle, Engagement, Program
from surgebench.db.session import unit_of_work
from tests.integration.programs.history_builders import Worked, history_csv, import_history
from tests.integration.specialists.bench_builders import add_specialist


def _counts(engine) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return tuple(
            db.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
            for t in (ClientModel, Program, Cycle, Engagement)
        )


def _people(engine, *names: str) -> None:  # type: ignore[no-untyped-def]
    for name in names:
        add_specialist(engine, email=f"{name}@example.test", full_name=name.title())


def _row(name: str, cycle: int = 1, model: str = "orion", **cells: str) -> dict[str, str]:
    return {**Worked(f"{name}@example.test", "aurora-labs", model, cycle).cells(), **cells}


def _errors(job) -> list[tuple[int, str | None, str]]:  # type: ignore[no-untyped-def]
    assert job.status == "failed", job.outcome
    return [(e["line"], e["column"], e["message"]) for e in job.outcome["errors"]]


def test_import_creates_the_model_program_and_cycles_it_names(engine) -> None:
    _people(engine, "ana", "ben")
    job = import_history(engine, history_csv([_row("ana", 1), _row("ben", 1), _row("ana", 2)]))
    assert job.status == "succeeded", job.outcome
    assert job.outcome["created"] == 3 and job.outcome["cycles_created"] == 2
    assert job.outcome["programs_created"] == 1
    assert _counts(engine) == (1, 1, 2, 3)


def test_reimporting_the_same_file_changes_nothing_and_a_changed_row_is_an_audited_update(engine) -> None:
    _people(engine, "ana")
    assert import_history(engine, history_csv([_row("ana")])).status == "succeeded"
    again = import_history(engine, history_csv([_row("ana")]))
    assert (again.outcome["created"], again.outcome["updated"], again.outcome["unchanged"]) == (0, 0, 1)
    changed = import_history(engine, history_csv([_row("ana", weekly_hours="30")]))
    assert changed.outcome["updated"] == 1
    with unit_of_work(engine) as db:
        update = db.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "engagement", AuditEntry.action == "update")
        ).one()
    assert update.changes == {"weekly_hours": [20, 30]}


def test_unknown_person_end_before_start_and_same_person_twice_are_row_errors(engine) -> None:
    _people(engine, "ana", "ben")
    job = import_history(
        engine,
        history_csv(
            [
                _row("ana"),
                _row("ben", ends_on="2026-01-01"),
                _row("ana"),
                _row("zed"),
            ]
        ),
    )
    errors = _errors(job)
    assert (3, "ends_on") in [(line, column) for line, column, _m in errors]
    assert any(
        line == 4 and column == "email" and "already on line 2" in message for line, column, message in errors
    )
    assert _counts(engine) == (0, 0, 0, 0)  # all or nothing: the good rows were not written either


def test_unknown_specialist_is_named_with_its_line(engine) -> None:
    _people(engine, "ana")
    errors = _errors(import_history(engine, history_csv([_row("ana"), _row("zed")])))
    assert errors == [
        (3, "email", "no specialist on the bench has the e-mail zed@example.test (import the bench first)")
    ]


def test_cycles_of_a_program_that_overlap_in_the_file_are_refused(engine) -> None:
    _people(engine, "ana", "ben")
    overlapping = _row(
        "ben", 2, cycle_starts_on="2026-02-02", starts_on="2026-02-02"
    )  # cycle 1 runs to 02-27
    errors = _errors(import_history(engine, history_csv([_row("ana", 1), overlapping])))
    assert len(errors) == 1 and errors[0][0] == 3 and "overlap" in errors[0][2]


def test_a_new_cycle_overlapping_a_recorded_one_is_refused(engine) -> None:
    _people(engine, "ana", "ben")
    assert import_history(engine, history_csv([_row("ana", 1)])).status == "succeeded"
    late_cycle_0 = _row(
        "ben",
        3,
        cycle_starts_on="2026-02-16",
        cycle_ends_on="2026-03-13",
        starts_on="2026-02-16",
        ends_on="2026-03-13",
    )
    errors = _errors(import_history(engine, history_csv([late_cycle_0])))
    assert errors[0][0] == 2 and "overlap" in errors[0][2] and "as recorded" in errors[0][2]


def test_a_cycle_described_two_ways_is_a_row_error(engine) -> None:
    _people(engine, "ana", "ben")
    errors = _errors(import_history(engine, history_csv([_row("ana"), _row("ben", model_version="other")])))
    assert errors == [
        (
            3,
            "model_version",
            "cycle 1 of aurora-labs/orion is orion-1 on line 2, this row says "
            "other (every row of a cycle must describe it the same way)",
        )
    ]


def test_unknown_client_and_bad_fields_are_each_named(engine) -> None:
    _people(engine, "ana")
    job = import_history(engine, history_csv([_row("ana", client="nobody", level="7", starts_on="soon")]))
    columns = {column for _line, column, _m in _errors(job)}
    assert columns == {
        "level",
        "starts_on",
    }  # field errors first; the client is looked up once they are fixed
    job = import_history(engine, history_csv([_row("ana", client="nobody")]))
    assert _errors(job) == [(2, "client", "unknown client 'nobody'")]


def test_wrong_header_fails_the_whole_file_with_the_expected_columns(engine) -> None:
    job = import_history(engine, b"email,client\r\na@example.test,aurora-labs\r\n")
    assert job.status == "failed" and "The header row is wrong" in job.outcome["error"]


def test_history_import_page_and_api_share_the_job(engine, api_as, sign_in_as) -> None:
    _people(engine, "ana")
    pm = api_as("program_manager")
    answer = pm.post(
        "/api/engagements/import?wait=true",
        files={"file": ("history.csv", history_csv([_row("ana")]), "text/csv")},
    )
    assert answer.status_code == 200 and answer.json()["outcome"]["created"] == 1
    browser = sign_in_as("recruiter")
    template = browser.http.get("/history/import/template.csv")
    assert template.status_code == 200 and template.text.startswith("email,client,model,cycle,")
    page = browser.http.get("/history/import")
    assert page.status_code == 200 and "Import past cycles" in page.text
