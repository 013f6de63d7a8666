"""The manager's retention and the client's share returning are two different ratios of the same cycle:
each page names both, says what each is in one line, and a growing team shows why they differ."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from surgebench.db.orm import Client, ClientModel, Program
from surgebench.db.session import unit_of_work
from surgebench.domain.programs.continuity_service import (
    RETENTION_MEANS,
    SHARE_RETURNING_MEANS,
    WHY_THEY_DIFFER,
)
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist

ROOT = Path(__file__).resolve().parents[3]
WORDS = (RETENTION_MEANS, SHARE_RETURNING_MEANS, WHY_THEY_DIFFER)


@pytest.fixture
def growing(engine) -> int:  # type: ignore[no-untyped-def]
    """Cycle 1: four people. Cycle 2: five, three of them back from cycle 1."""
    for name in ("ann", "bob", "cy", "di", "ed", "flo"):
        add_specialist(engine, email=f"{name}@example.test", full_name=f"{name.title()} Person")
    record_history(
        engine,
        [
            *(Worked(f"{n}@example.test", "aurora-labs", "orion", 1) for n in ("ann", "bob", "cy", "di")),
            *(
                Worked(f"{n}@example.test", "aurora-labs", "orion", 2)
                for n in ("ann", "bob", "cy", "ed", "flo")
            ),
        ],
    )
    with unit_of_work(engine) as db:
        return db.scalar(
            select(Program.id)
            .join(ClientModel, ClientModel.id == Program.model_id)
            .join(Client, Client.id == ClientModel.client_id)
            .where(Client.slug == "aurora-labs", ClientModel.name == "orion")
        )


def _text(page: str) -> str:
    """The page's text as a reader sees it: entities decoded, runs of white space as one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _cell(page: str, cycle: int, attribute: str) -> str:
    row = re.search(rf'<tr data-cycle="{cycle}">(.*?)</tr>', page, re.S).group(1)  # type: ignore[union-attr]
    return re.search(rf'{attribute}="([^"]*)"[^>]*>([^<]*)<', row).groups()  # type: ignore[union-attr, return-value]


def test_the_manager_sees_retention_and_share_returning_each_labelled(growing, sign_in_as, api_as) -> None:
    page = sign_in_as("program_manager").http.get(f"/programs/{growing}").text
    assert _cell(page, 2, "data-retention") == ("0.75", "75%")  # 3 of cycle 1's 4
    assert _cell(page, 2, "data-share-returning") == ("0.6", "60%")  # 3 of cycle 2's 5
    assert all(words in _text(page) for words in WORDS)

    cycles = api_as("recruiter").get(f"/api/programs/{growing}").json()["cycles"]
    assert [(c["retention"], c["share_returning"]) for c in cycles] == [(None, None), (0.75, 0.6)]


def test_the_client_sees_share_returning_labelled_and_what_retention_would_say(growing, sign_in_as) -> None:
    page = sign_in_as("client", "aurora-labs").http.get(f"/client/programs/{growing}").text
    assert _cell(page, 2, "data-share") == ("0.6", "60%")
    assert all(words in _text(page) for words in WORDS)


def test_the_api_schema_and_the_readme_use_the_same_words(api_as) -> None:
    schema = api_as("admin").get("/api/schema/openapi.json").json()["components"]["schemas"]
    cycle = next(
        v for k, v in schema.items() if k.endswith("CycleOut") and "share_returning" in v["properties"]
    )
    assert RETENTION_MEANS in cycle["properties"]["retention"]["description"]
    assert SHARE_RETURNING_MEANS in cycle["properties"]["share_returning"]["description"]
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert all(words in readme for words in WORDS)


def test_a_cycle_being_staffed_has_no_retention_yet_rather_than_none_back(
    engine, growing, sign_in_as
) -> None:
    from tests.integration.surges.surge_builders import create_request

    create_request(engine, growing)  # cycle 3, being staffed: nobody on its roster yet
    page = sign_in_as("program_manager").http.get(f"/programs/{growing}").text
    assert _cell(page, 3, "data-retention") == ("", "—")
    assert _cell(page, 3, "data-share-returning") == ("", "—")
