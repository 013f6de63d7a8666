"""What needs attention: people on live rosters who cannot work their cycle to its end (for program
managers, with the re-plan one click away) and the people to re-vet, soonest first (for recruiters)."""

from __future__ import annotations

import csv
import io
from datetime import date

from surgebench.db.session import unit_of_work
from surgebench.domain.attention import service as attention
from tests.conftest import TODAY
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now


def _approved_orion(engine, api_as):  # type: ignore[no-untyped-def]
    """Orion's cycle 3 (ends 2027-02-26) approved with Ana, Ben and Cai on its roster."""
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id)
    pm = api_as("program_manager")
    assert pm.post(f"/api/plans/{plan_now(engine, request_id)}/approve").status_code == 200
    return orion, request_id, pm


def test_a_roster_member_whose_vetting_lapses_before_the_cycle_ends_is_listed_with_the_replan(
    engine, api_as
) -> None:
    orion, request_id, pm = _approved_orion(engine, api_as)
    cai = orion.people["cai"]
    recruiter = api_as("recruiter")
    lapses = {"vetting_expires": "2027-01-15"}
    holds = {"vetting_expires": "2027-02-26"}  # the cycle's last day
    assert recruiter.patch(f"/api/specialists/{cai}", json=lapses).status_code == 200
    assert recruiter.patch(f"/api/specialists/{orion.people['ana']}", json=holds).status_code == 200

    found = pm.get("/api/attention").json()
    assert [(r["full_name"], r["request_id"], r["problem"]) for r in found["at_risk"]] == [
        ("Cai", request_id, "vetting lapses on 2027-01-16, before the cycle ends (2027-02-26)")
    ]
    page = pm.get("/attention").text
    assert f'action="/surges/{request_id}/replan"' in page and ">Cai</a>" in page
    program_page = pm.get(f"/programs/{orion.program_id}").text
    assert f'data-specialist="{cai}"' in program_page and f"/surges/{request_id}/replan" in program_page

    revet = found["revet"]
    assert revet[0]["full_name"] == "Cai" and "cycle 3" in revet[0]["why"]
    assert found["revet_total"] == len(revet)


def test_nobody_at_risk_when_every_roster_holds_to_its_end(engine, api_as) -> None:
    _orion, _request_id, pm = _approved_orion(engine, api_as)
    assert pm.get("/api/attention").json()["at_risk"] == []
    assert "Nobody: every live roster holds to its end." in pm.get("/attention").text


def test_people_to_revet_come_soonest_first_and_the_csv_lists_everyone(engine, api_as) -> None:
    expiries = {
        "Old Lapse": "2026-10-01",
        "Soon": "2026-12-20",
        "Sooner": "2026-12-05",
        "Later": "2027-01-20",
    }
    for name, expires in expiries.items():
        add_specialist(engine, full_name=name, vetting_expires=expires)
    add_specialist(engine, full_name="Far Off", vetting_expires="2027-09-01")  # beyond the 60 days
    recruiter = api_as("recruiter")

    found = recruiter.get("/api/attention").json()
    assert [r["full_name"] for r in found["revet"]] == ["Old Lapse", "Sooner", "Soon", "Later"]
    assert found["revet_total"] == 4

    with unit_of_work(engine) as db:
        cut = attention.gather(db, TODAY.date(), shown=2)
    assert [r.full_name for r in cut.revet] == ["Old Lapse", "Sooner"] and cut.revet_total == 4

    exported = recruiter.get("/attention/revet.csv")
    assert exported.status_code == 200
    names = [row["full_name"] for row in csv.DictReader(io.StringIO(exported.text))]
    assert names == ["Old Lapse", "Sooner", "Soon", "Later"]
    assert date.fromisoformat(expiries["Old Lapse"]) < TODAY.date()
    assert "lapsed" in recruiter.get("/attention").text


def test_the_page_says_when_it_shows_only_the_soonest(engine, api_as) -> None:
    for i in range(attention.SHOWN + 1):
        add_specialist(engine, full_name=f"Person {i:03d}", vetting_expires="2026-12-20")
    page = api_as("recruiter").get("/attention").text
    assert f"the {attention.SHOWN} soonest of {attention.SHOWN + 1} people" in page
