"""kill -9 in the middle of a plan's approval: the instance has written the roster, moved the cycle on and
marked the request approved, but not committed. After the kill nothing of it may be visible — the plan is
still ready, the request open, nobody engaged — and the manager's retry on another instance approves it
exactly once."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, func, select, text

from surgebench.db.orm import AuditEntry, Engagement, Plan, SurgeRequest
from surgebench.db.session import unit_of_work
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
from tests.conftest import TODAY
from tests.integration.faults.harness import Instance, wait_for
from tests.integration.surges.surge_builders import create_request, orion_with_history, plan_now

HOLD = {"SURGEBENCH_FAULT_AT": "approval", "SURGEBENCH_FAULT_HOLD_SECONDS": "60", "SURGEBENCH_RUN_JOBS": "0"}
"""The approval holds its transaction open a minute before committing; no job runner, so the approval is
the only writer and the write lock the test probes for is the approval's."""


def _token(engine: Engine, make_account) -> str:  # type: ignore[no-untyped-def]
    user_id, _email, _password = make_account("program_manager")
    with unit_of_work(engine) as db:
        return accounts.create_api_token(db, Actor.system("test"), accounts.get_user(db, user_id), "crash")


def _approve(instance: Instance, token: str, plan_id: int, timeout: float = 90) -> tuple[int, dict[str, Any]]:
    call = urllib.request.Request(
        f"http://127.0.0.1:{instance.port}/api/plans/{plan_id}/approve",
        method="POST",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(call, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def _approval_writing(engine: Engine) -> bool:
    """True while another connection holds the write it made for the roster, uncommitted."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as probe:
            held = probe.scalar(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                    " WHERE c.relname = 'engagements' AND l.mode = 'RowExclusiveLock'"
                    " AND l.pid <> pg_backend_pid()"
                )
            )
        return bool(held)
    probe = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:  # "database is locked": someone holds the write
        return True
    finally:
        probe.close()


def _held_for_a_while(engine: Engine) -> bool:
    """The write lock held on three probes in a row, so it is the held approval and not a passing write."""
    for _ in range(3):
        if not _approval_writing(engine):
            return False
        time.sleep(0.2)
    return True


def _state(engine: Engine, plan_id: int, request_id: int) -> tuple[str, str, int, int]:
    with unit_of_work(engine, writes=False) as db:
        plan = db.get(Plan, plan_id)
        request = db.get(SurgeRequest, request_id)
        assert plan is not None and request is not None
        rostered = db.scalar(
            select(func.count()).select_from(Engagement).where(Engagement.role_id.is_not(None))
        )
        approvals = db.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "approve", AuditEntry.entity_type == "plan")
        )
        return plan.status, request.status, rostered or 0, approvals or 0


def _dated_from_the_real_today() -> dict[str, object]:
    """The cycle and ramp from today's real date on: the instance under test approves by the system
    clock, and refuses a plan whose start days have passed (the fixed test date stopped being today on
    2026-12-08 and the test failed from then on)."""
    first = max(date.today(), TODAY.date())
    days = [d for d in (first + timedelta(days=i) for i in range(10)) if d.weekday() < 5][:5]
    ends = max(date(2027, 2, 26), days[0] + timedelta(days=81))
    return {
        "cycle": {"model_version": "orion-3", "starts_on": days[0].isoformat(), "ends_on": ends.isoformat()},
        "ramp": [{"date": d.isoformat(), "onboarding_capacity": 2} for d in days],
    }


def test_approval_killed_before_commit_leaves_nothing_and_the_retry_approves_once(
    engine: Engine, database_url: str, make_account
) -> None:
    orion = orion_with_history(engine)
    request_id = create_request(engine, orion.program_id, **_dated_from_the_real_today())
    plan_id = plan_now(engine, request_id)
    token = _token(engine, make_account)
    assert _state(engine, plan_id, request_id) == ("ready", "open", 0, 0)

    first = Instance(database_url, "A", HOLD)
    answered: list[object] = []
    caller = threading.Thread(
        target=lambda: answered.append(_safe(lambda: _approve(first, token, plan_id))), daemon=True
    )
    try:
        caller.start()
        wait_for(lambda: _held_for_a_while(engine), 60, "the approval to be writing")
        first.kill_nine()
    finally:
        first.stop()
    caller.join(timeout=10)
    assert answered and isinstance(answered[0], OSError), f"the killed instance answered: {answered}"
    assert _state(engine, plan_id, request_id) == ("ready", "open", 0, 0), "half an approval is visible"

    second = Instance(database_url, "B", {"SURGEBENCH_RUN_JOBS": "0"})
    try:
        status, body = _approve(second, token, plan_id)
        again, refusal = _approve(second, token, plan_id)
    finally:
        second.stop()
    assert status == 200, body
    assert body["added"] + body["kept"] == 3
    assert again == 409 and refusal["error"] == "already_approved", refusal
    assert _state(engine, plan_id, request_id) == ("approved", "approved", 3, 1)


def _safe(call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except OSError as cut:  # the connection dies with the instance
        return cut
