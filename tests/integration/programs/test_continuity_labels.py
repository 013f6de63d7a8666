"""The manager's retention and the client's share returning are two different ratios of the same cycle:
each page names both, says what each is in one line, and a growing team shows why they differ."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from surgebench.db.orm import Client, ClientModel, Program
from surgebench.db.session import unit_of_work
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist

RETENTION_MEANS = "Retention: of the previous cycle's team, the share back in this cycle"
SHARE_MEANS = "Share returning: of this cycle's team, the share who worked the previous cycle"


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


def _cell(page: str, cycle: int, attribute: str) -> str:
    row = re.search(rf'<tr data-cycle="{cycle}">(.*?)</tr>', page, re.S).group(1)  # type: ignore[union-attr]
    return re.search(rf'{attribute}="([^"]*)"[^>]*>([^<]*)<', row).groups()  # type: ignore[union-attr, return-value]


def test_the_manager_sees_retention_and_share_returning_each_labelled(growing, sign_in_as, api_as) -> None:
    page = sign_in_as("program_manager").http.get(f"/programs/{growing}").text
    assert _cell(page, 2, "data-retention") == ("0.75", "75%")  # 3 of cycle 1's 4
    assert _cell(page, 2, "data-share-returning") == ("0.6", "60%")  # 3 of cycle 2's 5
    assert RETENTION_MEANS in page and SHARE_MEANS in page
    assert "Share returning" in page and "Retention" in page

    cycles = api_as("recruiter").get(f"/api/programs/{growing}").json()["cycles"]
    assert [(c["retention"], c["share_returning"]) for c in cycles] == [(None, None), (0.75, 0.6)]


def test_the_client_sees_share_returning_labelled_and_what_retention_would_say(growing, sign_in_as) -> None:
    page = sign_in_as("client", "aurora-labs").http.get(f"/client/programs/{growing}").text
    assert _cell(page, 2, "data-share") == ("0.6", "60%")
    assert SHARE_MEANS in page and RETENTION_MEANS in page
