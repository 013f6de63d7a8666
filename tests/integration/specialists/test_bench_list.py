"""The bench list: each filter finds exactly the right people, sorting and paging are stable, bad
filters are named, and only staff may look — the same on the page and the API."""

from __future__ import annotations

import pytest

from tests.integration.specialists.bench_builders import add_specialist, add_the_bench


@pytest.fixture
def bench(engine) -> dict[str, int]:
    return add_the_bench(engine)


@pytest.fixture
def api(api_as):  # type: ignore[no-untyped-def]
    return api_as("program_manager")


def names(api, **params) -> list[str]:  # type: ignore[no-untyped-def]
    answer = api.get("/api/specialists", params=params)
    assert answer.status_code == 200, answer.text
    return [item["full_name"] for item in answer.json()["items"]]


FILTER_CASES = [
    ({}, ["Ana Iyer", "Ben Okafor", "Chloe Martin", "Dev Sharma", "Eve Adams"]),
    ({"skill": "coding.python"}, ["Ana Iyer", "Ben Okafor", "Dev Sharma"]),
    ({"skill": "coding.python", "min_level": "4"}, ["Ana Iyer", "Dev Sharma"]),
    ({"skill": "math.algebra", "min_level": "5"}, ["Eve Adams"]),
    ({"language": "hi"}, ["Ana Iyer", "Dev Sharma"]),
    ({"language": "EN"}, ["Ana Iyer", "Ben Okafor", "Chloe Martin", "Eve Adams"]),
    ({"country": "in"}, ["Ana Iyer", "Dev Sharma"]),
    ({"status": "vetted"}, ["Ana Iyer", "Chloe Martin"]),
    ({"status": ["suspended", "offboarded"]}, ["Dev Sharma", "Eve Adams"]),
    ({"vetting_expires_before": "2026-12-01"}, ["Dev Sharma", "Eve Adams"]),
    ({"available_by": "2026-12-15"}, ["Ana Iyer", "Chloe Martin", "Dev Sharma", "Eve Adams"]),
    ({"available_by": "2026-12-14"}, ["Ana Iyer", "Dev Sharma", "Eve Adams"]),
    ({"q": "OKAF"}, ["Ben Okafor"]),
    ({"q": "ben.okafor@example"}, ["Ben Okafor"]),
    ({"q": "example.test"}, ["Ana Iyer", "Ben Okafor", "Chloe Martin", "Dev Sharma", "Eve Adams"]),
    ({"q": "%"}, []),
    ({"skill": "coding.python", "language": "hi", "status": "vetted", "country": "IN"}, ["Ana Iyer"]),
]
SORT_CASES = [
    ("quality", "desc", ["Chloe Martin", "Ana Iyer", "Eve Adams", "Ben Okafor", "Dev Sharma"]),
    ("hourly_rate", "asc", ["Dev Sharma", "Ben Okafor", "Ana Iyer", "Eve Adams", "Chloe Martin"]),
    ("email", "asc", ["Ana Iyer", "Ben Okafor", "Chloe Martin", "Dev Sharma", "Eve Adams"]),
    ("country", "desc", ["Eve Adams", "Ben Okafor", "Dev Sharma", "Ana Iyer", "Chloe Martin"]),
    ("status", "asc", ["Eve Adams", "Dev Sharma", "Ana Iyer", "Chloe Martin", "Ben Okafor"]),
    ("name", "desc", ["Eve Adams", "Dev Sharma", "Chloe Martin", "Ben Okafor", "Ana Iyer"]),
    ("vetting_expires", "asc", ["Eve Adams", "Dev Sharma", "Ben Okafor", "Ana Iyer", "Chloe Martin"]),
    ("available_from", "desc", ["Ben Okafor", "Chloe Martin", "Eve Adams", "Dev Sharma", "Ana Iyer"]),
]


def test_each_filter_returns_exactly_the_matching_specialists(api, bench) -> None:
    found = {str(params): names(api, **params) for params, _ in FILTER_CASES}
    assert found == {str(params): expected for params, expected in FILTER_CASES}


def test_sorting_orders_by_the_column_with_ties_broken_by_id_and_missing_dates_last(api, bench) -> None:
    found = {(sort, order): names(api, sort=sort, order=order) for sort, order, _ in SORT_CASES}
    assert found == {(sort, order): expected for sort, order, expected in SORT_CASES}


def test_pages_cover_every_match_once_in_order(api, engine) -> None:
    for i in range(7):
        add_specialist(engine, full_name=f"Same Name {i % 2}", email=f"p{i}@example.test", quality="0.500")
    seen: list[int] = []
    for number in (1, 2, 3):
        answer = api.get(
            "/api/specialists", params={"sort": "quality", "per_page": "3", "page": str(number)}
        ).json()
        seen += [item["id"] for item in answer["items"]]
        assert answer["total"] == 7 and answer["has_next"] == (number < 3)
    assert seen == sorted(seen) and len(set(seen)) == 7


def test_bad_filters_are_refused_naming_each_parameter(api, bench) -> None:
    answer = api.get(
        "/api/specialists",
        params={
            "skill": "coding.cobol",
            "min_level": "9",
            "country": "XX",
            "available_by": "tomorrow",
            "sort": "age",
            "per_page": "500",
        },
    )
    assert answer.status_code == 400
    assert set(answer.json()["fields"]) == {
        "skill",
        "min_level",
        "country",
        "available_by",
        "sort",
        "per_page",
    }


def test_bench_page_lists_matches_with_skills_languages_and_export_link(sign_in_as, bench) -> None:
    manager = sign_in_as("program_manager")
    answer = manager.http.get("/bench", params={"language": "hi", "sort": "quality", "order": "desc"})
    assert answer.status_code == 200
    html = answer.text
    assert html.index("Ana Iyer") < html.index("Dev Sharma") and "Ben Okafor" not in html
    assert 'data-total="2"' in html and "coding.python&nbsp;5" in html and "hi, en" not in html
    assert 'href="/bench/export?language=hi&amp;sort=quality&amp;order=desc"' in html
    assert (
        'href="/bench?language=hi&amp;sort=name&amp;order=asc&amp;page=1"' not in html
    )  # page=1 is a default
    assert 'href="/bench?language=hi&amp;sort=email"' in html


def test_bench_page_shows_bad_filters_above_the_table(sign_in_as, bench) -> None:
    recruiter = sign_in_as("recruiter")
    answer = recruiter.http.get("/bench", params={"vetting_expires_before": "2026-13-01", "language": "xx"})
    assert answer.status_code == 400
    assert 'data-field="vetting_expires_before"' in answer.text and 'data-field="language"' in answer.text
    assert "<table" not in answer.text


def test_client_and_anonymous_cannot_see_the_bench(api_as, client, bench) -> None:
    customer = api_as("client", "aurora-labs")
    assert customer.get("/api/specialists").status_code == 403
    assert customer.get(f"/api/specialists/{bench['ana']}").status_code == 403
    assert client.get("/api/specialists").status_code == 401
    page = client.get("/bench", follow_redirects=False)
    assert page.status_code in (302, 303) and page.headers["location"].startswith("/sign-in")


def test_skills_list_is_open_to_staff_only(api, api_as) -> None:
    skills = api.get("/api/skills").json()
    assert {"id": "coding.python", "area": "coding"}.items() <= skills[0].items() or any(
        s["id"] == "coding.python" for s in skills
    )
    assert api_as("client", "meridian-ai").get("/api/skills").status_code == 403
