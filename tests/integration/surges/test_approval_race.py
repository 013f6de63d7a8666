"""Two program managers approving plans that share people at the same moment: exactly one wins, the
other gets a conflict naming the people, and nobody is double-booked or half-written — on each engine,
through two real app instances racing over HTTP."""

from __future__ import annotations

import threading

from sqlalchemy import select

from surgebench.db.orm import Engagement, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.programs.service import create_program
from tests.integration.surges.surge_builders import PM, create_request, orion_with_history, plan_now


def test_concurrent_approvals_sharing_people_one_wins_the_other_is_told_who(engine, api_as) -> None:
    orion = orion_with_history(engine)
    with unit_of_work(engine) as db:
        lyra = create_program(db, PM, "aurora-labs", "lyra")
    first = plan_now(engine, create_request(engine, orion.program_id))
    second = plan_now(engine, create_request(engine, lyra.id))  # planned apart: the same best people
    managers = [api_as("program_manager"), api_as("program_manager")]  # two app instances
    start = threading.Barrier(2)
    answers: dict[int, object] = {}

    def approve(who: int, plan_id: int) -> None:
        start.wait()
        answers[plan_id] = managers[who].post(f"/api/plans/{plan_id}/approve")

    threads = [
        threading.Thread(target=approve, args=(0, first)),
        threading.Thread(target=approve, args=(1, second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(a.status_code for a in answers.values())  # type: ignore[attr-defined]
    assert codes == [200, 409], {k: (a.status_code, a.text[:300]) for k, a in answers.items()}  # type: ignore[attr-defined]
    loser = next(a for a in answers.values() if a.status_code == 409)  # type: ignore[attr-defined]
    body = loser.json()  # type: ignore[attr-defined]
    assert body["error"] == "approval_conflict"
    named = {p["full_name"] for p in body["details"]["people"]}
    assert named and named <= {"Ana", "Ben", "Cai", "Dev", "Eve"}
    with unit_of_work(engine) as db:
        running = db.scalars(select(Engagement).where(Engagement.role_id.is_not(None))).all()
        statuses = sorted(r.status for r in db.scalars(select(SurgeRequest)))
    per_person: dict[int, int] = {}
    for e in running:
        per_person[e.specialist_id] = per_person.get(e.specialist_id, 0) + 1
    assert len(running) == 3 and max(per_person.values()) == 1  # one roster, nobody twice
    assert statuses == ["approved", "open"]
