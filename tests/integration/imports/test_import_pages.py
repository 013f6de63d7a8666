"""Importing through the page (multipart with CSRF) and the API (bearer token); who may import."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from surgebench.app import job_kinds
from surgebench.domain.jobs import service as jobs
from tests.integration.imports.helpers import HEADER, csv_of, row


def test_recruiter_imports_through_the_page_and_sees_the_outcome(sign_in_as) -> None:
    recruiter = sign_in_as("recruiter")
    form = recruiter.http.get("/bench/import")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text and "/bench/import/template.csv" in form.text

    answer = recruiter.http.post(
        "/bench/import",
        data={"_csrf": recruiter.csrf},
        files={"file": ("week.csv", csv_of(row("a@example.com"), row("b@example.com")), "text/csv")},
        follow_redirects=False,
    )

    assert answer.status_code == 303
    job_url = answer.headers["location"]
    assert re.fullmatch(r"/jobs/\d+", job_url)
    job_page = recruiter.http.get(job_url)
    assert 'data-status="succeeded"' in job_page.text
    assert '<strong data-outcome="created">2</strong>' in job_page.text
    assert "<progress" in job_page.text and "location.reload" not in job_page.text
    listing = recruiter.http.get("/bench/import")
    assert f'href="{job_url}"' in listing.text and "week.csv" in listing.text


def test_page_shows_every_bad_row_of_a_refused_file(sign_in_as) -> None:
    recruiter = sign_in_as("recruiter")
    answer = recruiter.http.post(
        "/bench/import",
        data={"_csrf": recruiter.csrf},
        files={"file": ("bad.csv", csv_of(row("a@example.com", skills="coding.python:6")), "text/csv")},
    )
    assert answer.status_code == 200
    assert 'data-status="failed"' in answer.text
    problem = "level of coding.python must be between 1 and 5, got 6"
    assert f"<td>2</td><td>skills</td><td>{problem}</td>" in answer.text


def test_page_upload_without_the_csrf_token_is_refused(sign_in_as) -> None:
    recruiter = sign_in_as("recruiter")
    answer = recruiter.http.post("/bench/import", files={"file": ("a.csv", csv_of(row()), "text/csv")})
    assert answer.status_code == 403
    assert "/jobs/" not in answer.headers.get("location", "")


def test_page_upload_without_a_file_asks_for_one(sign_in_as) -> None:
    recruiter = sign_in_as("recruiter")
    answer = recruiter.http.post(
        "/bench/import", data={"_csrf": recruiter.csrf}, files={"file": ("", b"", "application/octet-stream")}
    )
    assert answer.status_code == 400
    assert "Choose a CSV file" in answer.text


def test_template_download_is_the_header_and_one_valid_row(engine, sign_in_as) -> None:
    from tests.integration.imports.helpers import import_file

    recruiter = sign_in_as("recruiter")
    answer = recruiter.http.get("/bench/import/template.csv")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    lines = answer.text.splitlines()
    assert lines[0] == HEADER and len(lines) == 2
    assert import_file(engine, answer.content).status == "succeeded"


def test_api_import_is_queued_then_run_and_reported(engine, api_as) -> None:
    recruiter = api_as("recruiter")
    answer = recruiter.post(
        "/api/specialists/import", files={"file": ("bench.csv", csv_of(row("a@example.com")), "text/csv")}
    )
    assert answer.status_code == 202, answer.text
    body = answer.json()
    assert body["status"] == "queued" and body["url"] == f"/jobs/{body['job_id']}"
    assert recruiter.get(body["api_url"]).json()["status"] == "queued"

    assert jobs.run_next(engine, job_kinds())

    job = recruiter.get(body["api_url"]).json()
    assert job["status"] == "succeeded"
    assert job["outcome"]["created"] == 1
    assert job["progress"]["rows_written"] == 1


def test_api_import_of_a_raw_csv_body_can_wait_for_the_outcome(api_as) -> None:
    admin = api_as("admin")
    answer = admin.post(
        "/api/specialists/import?wait=true",
        content=csv_of(row("a@example.com", country="ZZ")),
        headers={"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == "failed"
    assert body["outcome"]["errors"][0]["column"] == "country"


def test_job_is_visible_to_its_creator_and_admins_only(api_as, settings) -> None:
    from surgebench.app import create_app

    creator = api_as("recruiter")
    job_id = creator.post(
        "/api/specialists/import?wait=true", content=csv_of(row()), headers={"Content-Type": "text/csv"}
    ).json()["job_id"]

    with TestClient(app=create_app(settings)) as fresh_instance:
        fresh_instance.headers["Authorization"] = creator.headers["Authorization"]
        again = fresh_instance.get(f"/api/jobs/{job_id}")
        assert again.status_code == 200
        assert (again.json()["status"], again.json()["outcome"]["created"]) == ("succeeded", 1)
    assert api_as("admin").get(f"/api/jobs/{job_id}").status_code == 200
    assert api_as("recruiter").get(f"/api/jobs/{job_id}").status_code == 404


def test_program_manager_and_client_may_not_import(api_as, sign_in_as) -> None:
    manager = api_as("program_manager")
    assert (
        manager.post(
            "/api/specialists/import", content=csv_of(row()), headers={"Content-Type": "text/csv"}
        ).status_code
        == 403
    )
    client = sign_in_as("client", "aurora-labs")
    assert client.http.get("/bench/import").status_code == 403
    refused = client.post_form("/bench/import", files={"file": ("a.csv", csv_of(row()), "text/csv")})
    assert refused.status_code == 403
    assert client.http.get("/bench/export").status_code == 403


def test_job_page_refreshes_itself_while_queued(api_as, sign_in_as, engine) -> None:
    recruiter = sign_in_as("recruiter")
    queued = recruiter.http.post(
        "/api/specialists/import",
        content=csv_of(row()),
        headers={"Content-Type": "text/csv", "X-CSRF-Token": recruiter.csrf},
    )
    assert queued.status_code == 202, queued.text
    page = recruiter.http.get(queued.json()["url"])
    assert 'data-status="queued"' in page.text and "location.reload" in page.text


def test_form_encoded_upload_is_not_read_as_the_csv(sign_in_as, engine) -> None:
    from sqlalchemy import func, select

    from surgebench.db.orm import Job
    from surgebench.db.session import unit_of_work

    recruiter = sign_in_as("recruiter")
    answer = recruiter.post_form("/bench/import", {"file": HEADER})
    assert answer.status_code == 400
    assert "Choose a CSV file" in answer.text
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(func.count()).select_from(Job)) == 0
