"""The bench reads a page in different ways (a skill or a text search collects the matches then sorts
them; other filters walk the sort column's index; date sorts put the undated last by merging two walks):
whichever way, paging through a date sort gives the dates in order, ties by id, undated people last."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.specialists.bench_builders import add_specialist

DATES = [date(2027, 3, 1), None, date(2027, 1, 5), date(2027, 3, 1), None, date(2026, 12, 20), None]
"""Two people share a date and three have none, so ties and the dated/undated boundary fall mid-page."""


@pytest.fixture
def people(engine) -> list[tuple[int, date | None]]:  # type: ignore[no-untyped-def]
    return [
        (
            add_specialist(
                engine,
                full_name=f"Person {i}",
                email=f"person{i}@example.test",
                vetting_expires=day.isoformat() if day else None,
                available_from=day.isoformat() if day else None,
            ),
            day,
        )
        for i, day in enumerate(DATES)
    ]


def expected_order(people: list[tuple[int, date | None]], descending: bool) -> list[int]:
    dated = sorted(((day, pid) for pid, day in people if day), reverse=descending)
    undated = sorted((pid for pid, day in people if day is None), reverse=descending)
    return [pid for _, pid in dated] + undated


@pytest.mark.parametrize("sort", ["vetting_expires", "available_from"])
@pytest.mark.parametrize(
    "narrowing",
    [{}, {"country": "IN"}, {"skill": "coding.python"}, {"q": "example.test"}],
    ids=["whole bench", "broad filter", "skill", "text search"],
)
def test_date_sort_pages_keep_dates_in_order_and_undated_last(api_as, people, sort, narrowing) -> None:  # type: ignore[no-untyped-def]
    api = api_as("recruiter")
    for order in ("asc", "desc"):
        seen: list[int] = []
        for page in (1, 2, 3, 4):
            params = {**narrowing, "sort": sort, "order": order, "per_page": "2", "page": str(page)}
            answer = api.get("/api/specialists", params=params)
            assert answer.status_code == 200, answer.text
            seen += [item["id"] for item in answer.json()["items"]]
        assert seen == expected_order(people, descending=order == "desc"), (order, narrowing)
