"""The problem and plan downloads: the stored gzip goes out once, whatever the client accepts. A client
that accepts gzip gets it as stored (decoded once by the client, never gzip inside gzip); one that does
not gets the JSON plain. The downloaded problem, solved offline, gives the stored plan."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor
from surgebench.domain.plans import service
from surgebench.domain.specialists import service as specialists
from surgebench.staffing.commands import solve as solve_command
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now

COMPRESSION_THRESHOLD = 2048
"""The app's CompressionConfig.minimum_size: a body at least this long is compressed by the middleware."""
SEATS = 100
"""Enough people that the gzip-compressed problem is well above the threshold (the plan, ids in order,
compresses to a few hundred bytes: its downloads are checked below the threshold too)."""


@pytest.fixture
def big_plan(engine) -> int:  # type: ignore[no-untyped-def]
    """A plan whose stored problem is larger than the compression threshold even gzip-compressed."""
    orion = orion_with_history(engine)
    with unit_of_work(engine) as db:
        for i in range(SEATS + 50):
            specialists.create_from_input(
                db,
                Actor.system("test"),
                {
                    "email": f"coder{i:03d}@example.test",
                    "full_name": f"Coder {i:03d}",
                    "country": "IN",
                    "timezone": "Asia/Kolkata",
                    "languages": "en",
                    "skills": f"coding.python:{3 + i % 3}",
                    "status": "vetted",
                    "weekly_hours": 20,
                    "quality": f"0.{700 + (i * 37) % 300:03d}",
                    "hourly_rate": f"{30 + (i * 7) % 50}.{i % 100:02d}",
                },
            )
    ramp = [{"date": f"2026-12-{d:02d}", "onboarding_capacity": SEATS} for d in (7, 8, 9, 10, 11)]
    plan_id = plan_now(engine, create_request(engine, orion.program_id, headcount=SEATS, ramp=ramp))
    with unit_of_work(engine) as db:
        assert len(service.document(db, plan_id, "problem")) > COMPRESSION_THRESHOLD
    return plan_id


def _stored(engine, plan_id: int, which: str) -> dict:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return json.loads(gzip.decompress(service.document(db, plan_id, which)))


@pytest.mark.parametrize("which", ["problem", "plan"])
def test_a_client_that_accepts_gzip_gets_the_json_compressed_once(engine, big_plan, api_as, which) -> None:
    api = api_as("recruiter")
    answer = api.get(f"/api/plans/{big_plan}/{which}.json", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in answer.headers["vary"].lower()
    assert json.loads(answer.content) == _stored(engine, big_plan, which)  # decoded once by httpx


@pytest.mark.parametrize("which", ["problem", "plan"])
def test_a_client_that_does_not_accept_gzip_gets_plain_json(engine, big_plan, api_as, which) -> None:
    api = api_as("recruiter")
    for accepts in ("identity", "gzip;q=0, identity", ""):
        answer = api.get(f"/api/plans/{big_plan}/{which}.json", headers={"Accept-Encoding": accepts})
        assert answer.status_code == 200, accepts
        assert "content-encoding" not in answer.headers, accepts
        assert json.loads(answer.content) == _stored(engine, big_plan, which), accepts


def test_the_raw_bytes_a_gzip_client_receives_are_the_stored_gzip(engine, big_plan, api_as) -> None:
    """What is on the wire is one gzip layer: the stored bytes themselves."""
    api = api_as("recruiter")
    with api.stream("GET", f"/api/plans/{big_plan}/problem.json", headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
    with unit_of_work(engine) as db:
        assert raw == service.document(db, big_plan, "problem")


def test_the_downloaded_problem_solved_offline_gives_the_stored_plan(
    engine, big_plan, api_as, tmp_path
) -> None:
    api = api_as("recruiter")
    assert isinstance(api.headers.get("accept-encoding"), str) and "gzip" in api.headers["accept-encoding"]
    problem = api.get(f"/api/plans/{big_plan}/problem.json")
    stored = api.get(f"/api/plans/{big_plan}/plan.json").json()
    (tmp_path / "problem.json").write_bytes(problem.content)
    result = CliRunner().invoke(
        solve_command, [str(tmp_path / "problem.json"), "-o", str(tmp_path / "plan.json"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    offline = json.loads((tmp_path / "plan.json").read_text())
    assert len(stored["assignments"]) == SEATS
    assert offline["assignments"] == stored["assignments"] and offline["objective"] == stored["objective"]
