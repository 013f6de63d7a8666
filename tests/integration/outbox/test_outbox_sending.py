"""The outbox: offers' messages reach a real SMTP server once; without one they wait in the outbox; a
sender killed between "sent" and "recorded" costs at most one resend with the same Message-ID; two
senders at once never send one message twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from surgebench.db.orm import OutboxMessage
from surgebench.db.session import unit_of_work
from surgebench.domain.outbox import repository
from surgebench.domain.outbox.sender_service import Sender
from surgebench.lib.clock import FixedClock
from surgebench.settings import MailSettings
from tests.conftest import TODAY
from tests.integration.offers.offer_builders import approved_orion
from tests.integration.outbox.smtp_server import smtp_server

ROOT = Path(__file__).resolve().parents[3]


def _mail(url: str, batch: int = 50) -> MailSettings:
    return MailSettings(smtp_url=url, batch=batch)


def _states(engine) -> Counter[str]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        return Counter(db.scalars(select(OutboxMessage.state)))


def _add_messages(engine, count: int) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        repository.add_many(
            db,
            [
                {
                    "message_id": f"<test-{i}@surgebench>",
                    "recipient": f"p{i}@example.test",
                    "subject": f"Message {i}",
                    "body": f"Hello {i}: http://x/answer/{'t' * 30}{i}",
                    "state": "pending",
                    "attempts": 0,
                    "created_at": TODAY,
                }
                for i in range(count)
            ],
        )


def test_offer_messages_arrive_by_smtp_once_and_lose_their_link_when_sent(engine, api_as) -> None:
    approved_orion(engine, api_as("program_manager"))
    with smtp_server() as inbox:
        sender = Sender(engine, _mail(inbox.url), FixedClock(TODAY))
        assert sender.send_all() == 3
        assert sender.send_all() == 0  # nothing is sent twice
    assert sorted(m["To"] for m in inbox.messages) == [
        "ana@example.test",
        "ben@example.test",
        "cai@example.test",
    ]
    assert all("/answer/" in m.get_payload() and m["Subject"].startswith("Offer:") for m in inbox.messages)
    with unit_of_work(engine, writes=False) as db:
        stored = db.scalars(select(OutboxMessage)).all()
        assert {m.message_id for m in stored} == set(inbox.message_ids())
        assert all(m.state == "sent" and "link removed" in m.body for m in stored)


def test_without_smtp_the_messages_wait_in_the_outbox_with_their_links(engine, api_as) -> None:
    approved_orion(engine, api_as("program_manager"))
    box = api_as("admin").get("/api/outbox").json()
    assert box["smtp"] is False and box["counts"]["pending"] == 3
    assert all("/answer/" in m["body"] for m in box["messages"])
    assert api_as("program_manager").get("/api/outbox").status_code == 403


def test_an_unreachable_server_leaves_the_messages_pending(engine) -> None:
    _add_messages(engine, 2)
    with smtp_server() as inbox:
        url = inbox.url  # the server stops: nothing listens there any more
    assert Sender(engine, _mail(url), FixedClock(TODAY)).send_pending() == 0
    assert _states(engine) == Counter({"pending": 2})


def test_a_sender_killed_after_sending_costs_at_most_a_resend_with_the_same_message_id(
    engine, database_url: str
) -> None:
    _add_messages(engine, 3)
    with smtp_server() as inbox:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT / "src"),
            "SURGEBENCH_DATABASE_URL": database_url,
            "SURGEBENCH_SMTP_URL": inbox.url,
            "SURGEBENCH_FAULT_AT": "outbox",
            "SURGEBENCH_FAULT_HOLD_SECONDS": "120",
        }
        sending = subprocess.Popen(
            [sys.executable, "-c", "from surgebench.cli import main; main()", "outbox", "--send"],
            env=env,
            cwd=ROOT,
        )
        try:
            for _ in range(600):  # the first message is out; the sender now holds before recording it
                if inbox.messages:
                    break
                time.sleep(0.1)
            assert len(inbox.messages) == 1
        finally:
            sending.send_signal(signal.SIGKILL)
            sending.wait()
        assert _states(engine) == Counter({"sending": 3})
        # after the dead sender's lease, another sender takes all three and sends them
        later = FixedClock(datetime(2100, 1, 1, tzinfo=UTC))
        assert Sender(engine, _mail(inbox.url), later).send_all() == 3
    ids = Counter(inbox.message_ids())
    assert sorted(ids.values()) == [1, 1, 2]  # the one in flight when killed: once more, same Message-ID
    assert set(ids) == {"<test-0@surgebench>", "<test-1@surgebench>", "<test-2@surgebench>"}
    assert _states(engine) == Counter({"sent": 3})


def test_two_senders_at_once_send_each_message_once(engine) -> None:
    _add_messages(engine, 120)
    with smtp_server() as inbox:
        senders = [
            Sender(engine, _mail(inbox.url, batch=5), FixedClock(TODAY), name=f"sender-{n}") for n in (1, 2)
        ]
        counts: list[int] = []
        threads = [threading.Thread(target=lambda s=s: counts.append(s.send_all())) for s in senders]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    ids = Counter(inbox.message_ids())
    assert len(ids) == 120 and set(ids.values()) == {1}
    assert sum(counts) == 120
    assert _states(engine) == Counter({"sent": 120})
