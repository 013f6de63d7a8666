"""The team's make-up, per cycle and role: countries, languages and UTC regions (nothing more
personal), against the role's country cap, on the program page and in the API."""

from __future__ import annotations

from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist


def test_each_cycle_and_role_shows_its_spread(engine, api_as, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    add_specialist(
        engine,
        email="ana@example.test",
        full_name="Ana",
        country="IN",
        timezone="Asia/Kolkata",
        languages="en;hi",
    )
    add_specialist(
        engine,
        email="ben@example.test",
        full_name="Ben",
        country="PH",
        timezone="Asia/Manila",
        languages="en",
    )
    add_specialist(
        engine,
        email="cai@example.test",
        full_name="Cai",
        country="BR",
        timezone="America/Sao_Paulo",
        languages="pt;en",
        skills="math.algebra:3",
    )
    record_history(
        engine,
        [
            Worked("ana@example.test", "aurora-labs", "orion", 1),
            Worked("ben@example.test", "aurora-labs", "orion", 1),
            Worked("ana@example.test", "aurora-labs", "orion", 2),
            Worked("cai@example.test", "aurora-labs", "orion", 2, skill="math.algebra"),
        ],
    )
    staff = api_as("program_manager")
    program_id = staff.get("/api/programs").json()[0]["id"]
    found = staff.get(f"/api/programs/{program_id}/makeup").json()
    assert [(m["cycle"], m["role"], m["people"]) for m in found] == [
        (1, "coding.python", 2),
        (2, "coding.python", 1),
        (2, "math.algebra", 1),
    ]
    first = found[0]
    assert first["countries"] == {"IN": 1, "PH": 1}
    assert first["languages"] == {"en": 2, "hi": 1}
    assert first["utc_regions"] == {"UTC+5:30 to +7": 1, "UTC+8 to +14": 1}
    assert (first["country_cap"], first["over_cap"]) == (None, [])
    assert found[2]["utc_regions"] == {"UTC−5 to −2": 1}
    page = sign_in_as("recruiter").http.get(f"/programs/{program_id}")
    assert "team by country per cycle" in page.text
    assert 'data-role="math.algebra"' in page.text
    assert staff.get("/api/programs/999999/makeup").status_code == 404
