"""A client sees its approved teams' make-up in aggregate only: per cycle and role, countries, languages
and UTC regions with every group under five people folded into "other", on the program and cycle pages
and in the client API."""

from __future__ import annotations

from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist

PEOPLE = (
    [("IN", "Asia/Kolkata", "en;hi")] * 6
    + [("PH", "Asia/Manila", "en")] * 5
    + [("BR", "America/Sao_Paulo", "en;pt")]
)


def _teams(engine) -> None:  # type: ignore[no-untyped-def]
    worked = []
    for n, (country, zone, spoken) in enumerate(PEOPLE):
        email = f"p{n}@example.test"
        add_specialist(
            engine, full_name=f"Person {n}", email=email, country=country, timezone=zone, languages=spoken
        )
        worked.append(Worked(email, "aurora-labs", "orion", 1))
    for n in range(2):
        email = f"m{n}@example.test"
        add_specialist(engine, full_name=f"Maths {n}", email=email, country="KE", skills="math.algebra:3")
        worked.append(Worked(email, "aurora-labs", "orion", 1, skill="math.algebra"))
    record_history(engine, worked)


def _groups(found: list[dict]) -> dict[str, int]:  # type: ignore[type-arg]
    return {g["name"]: g["people"] for g in found}


def test_client_api_folds_every_group_under_five_into_other(engine, api_as) -> None:  # type: ignore[no-untyped-def]
    _teams(engine)
    client = api_as("client", "aurora-labs")
    program_id = client.get("/api/client/programs").json()[0]["id"]
    [cycle] = client.get(f"/api/client/programs/{program_id}/makeup").json()
    assert (cycle["number"], cycle["people"]) == (1, 14)
    # IN 6, PH 5, KE 2, BR 1: other would be 3, so PH is folded with them
    assert _groups(cycle["countries"]) == {"IN": 6, "other": 8}
    python, maths = cycle["roles"]
    assert (python["role"], python["people"], maths["role"], maths["people"]) == (
        "coding.python",
        12,
        "math.algebra",
        2,
    )
    assert _groups(python["countries"]) == {"IN": 6, "other": 6}  # PH 5 folded beside BR 1
    assert _groups(python["languages"]) == {"en": 12, "other": 7}  # pt's 1 speaker takes hi's 6 along
    assert _groups(python["utc_regions"]) == {"UTC+5:30 to +7": 6, "other": 6}
    assert _groups(maths["countries"]) == {"other": 2}  # a role under five: only its size
    assert _groups(maths["languages"]) == {"other": 2}
    assert (python["country_cap"], python["over_cap"]) == (None, [])
    same = client.get(f"/api/client/cycles/{cycle['cycle_id']}/makeup").json()
    assert same == cycle


def test_client_pages_show_the_folded_make_up_and_no_small_group(engine, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    _teams(engine)
    browser = sign_in_as("client", "aurora-labs").http
    program_page = browser.get("/client/programs").text
    program_id = int(program_page.split('href="/client/programs/')[1].split('"')[0])
    page = browser.get(f"/client/programs/{program_id}").text
    assert "team by country per cycle" in page
    assert 'data-group="IN" data-people="6"' in page
    assert 'data-group="PH"' not in page and 'data-group="BR"' not in page and 'data-group="KE"' not in page
    cycle_id = int(page.split('href="/client/cycles/')[1].split('"')[0])
    cycle_page = browser.get(f"/client/cycles/{cycle_id}").text
    assert 'data-role="math.algebra"' in cycle_page
    assert "Cycle 1: each role by country" in cycle_page
    assert 'data-group="other" data-people="2"' in cycle_page
    assert 'data-group="PH"' not in cycle_page
