"""An approval re-checks the plan without holding other writers back: the re-check reads, and only the
short write that follows takes locks. A change another writer commits while the approval is checking is
not lost either: the write finds the problem changed, the approval checks again and refuses, naming the
person. Driven deterministically: the other writer runs at the moment the re-check reads the people's
languages (an engine event), and the test waits for it to finish (bounded, not timed)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import event, select

from surgebench.db.orm import Engagement, Specialist, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.plans import approval_service as approval
from surgebench.domain.plans.errors import ApprovalConflict
from surgebench.domain.specialists import service as specialists
from tests.conftest import TODAY
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, plan_now


def test_a_writer_goes_on_while_the_approval_rechecks_and_its_change_is_caught(engine) -> None:
    orion = orion_with_history(engine)
    plan_id = plan_now(engine, create_request(engine, orion.program_id))
    cai = orion.people["cai"]
    wrote = threading.Event()

    def offboard_cai() -> None:
        with unit_of_work(engine) as db:
            specialists.offboard(db, PM, cai)
        wrote.set()

    writers: list[threading.Thread] = []

    def while_rechecking(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "specialist_languages" in statement and not writers:  # the re-check is reading the people
            writers.append(threading.Thread(target=offboard_cai))
            writers[0].start()
            writers[0].join(10)  # a writer held back by the approval would still be waiting

    event.listen(engine, "before_cursor_execute", while_rechecking)
    try:
        with pytest.raises(ApprovalConflict) as refused:
            approval.approve(engine, PM, plan_id, TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", while_rechecking)
        for writer in writers:
            writer.join()

    assert wrote.is_set() and len(writers) == 1
    assert [d["full_name"] for d in refused.value.details["people"]] == ["Cai"]
    with unit_of_work(engine, writes=False) as db:
        assert db.scalars(select(Engagement).where(Engagement.role_id.is_not(None))).all() == []
        assert db.scalar(select(SurgeRequest.status)) == "open"
        assert db.scalar(select(Specialist.status).where(Specialist.id == cai)) == "offboarded"
