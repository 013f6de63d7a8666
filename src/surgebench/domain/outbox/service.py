"""The outbox as staff read it, and the sender as the app and the command line start it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.orm import OutboxMessage
from surgebench.domain.outbox import repository
from surgebench.domain.outbox.sender_service import Sender, SenderThread
from surgebench.lib.clock import Clock
from surgebench.settings import Settings


@dataclass(frozen=True)
class Outbox:
    smtp: bool
    """Whether an SMTP server is configured (else nothing leaves: the messages wait here)."""
    counts: dict[str, int]
    messages: list[OutboxMessage]


def outbox(db: Session, settings: Settings, state: str | None = None) -> Outbox:
    return Outbox(settings.mail.enabled, repository.counts(db), repository.listing(db, state))


def start_sender(engine: Engine, settings: Settings, clock: Clock) -> SenderThread | None:
    """This instance's background sender, when an SMTP server is configured."""
    if not settings.mail.enabled:
        return None
    return SenderThread(Sender(engine, settings.mail, clock, settings.faults))
