"""Sending the outbox by SMTP. Each instance's sender claims a batch (a lease, under row locks: see
``repository.claim``), sends it over one SMTP connection and records each message as sent in a short
transaction of its own right after the server accepted it.

What "once" means: no two senders ever hold the same message (the claim), and a message recorded as sent
is never sent again. The one gap no design closes without the SMTP server's help is a crash after the
server accepted a message and before "sent" was recorded: the lease then runs out and another sender
sends it again, with the same ``Message-ID`` — at least once at the SMTP boundary, never twice to the
same recorded state, and a duplicate a mail system or reader can recognise by its ``Message-ID``."""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import threading
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine

from surgebench.db.orm import OutboxMessage
from surgebench.db.session import unit_of_work
from surgebench.domain.outbox import repository
from surgebench.lib.clock import Clock
from surgebench.settings import FaultSettings, MailSettings

log = logging.getLogger("surgebench.outbox")

THIS_SENDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class SmtpUnavailable(Exception):
    """No SMTP server is configured: messages stay in the outbox."""


def connect(url: str, timeout: float = 30) -> smtplib.SMTP:
    """An open, logged-in SMTP connection for ``smtp://`` / ``smtps://`` URLs."""
    parts = urlsplit(url)
    options = parse_qs(parts.query)
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=timeout, context=ssl.create_default_context()
        )
    elif parts.scheme == "smtp":
        connection = smtplib.SMTP(host, parts.port or 25, timeout=timeout)
        if options.get("starttls", ["0"])[0] in ("1", "true", "yes"):
            connection.starttls(context=ssl.create_default_context())
    else:
        raise SmtpUnavailable(f"SURGEBENCH_SMTP_URL must start smtp:// or smtps://, not {parts.scheme}://")
    if parts.username:
        connection.login(unquote(parts.username), unquote(parts.password or ""))
    return connection


def email_of(message: OutboxMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Message-ID"] = message.message_id
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Date"] = format_datetime(message.created_at)
    mail.set_content(message.body)
    return mail


@dataclass
class Sender:
    engine: Engine
    settings: MailSettings
    clock: Clock
    faults: FaultSettings = field(default_factory=lambda: FaultSettings(at=frozenset()))
    name: str = THIS_SENDER

    def send_pending(self) -> int:
        """Claim and send one batch; the number of messages recorded as sent."""
        if not self.settings.enabled:
            raise SmtpUnavailable("No SMTP server is configured (SURGEBENCH_SMTP_URL).")
        now = self.clock.now()
        with unit_of_work(self.engine) as db:
            claimed = repository.claim(db, self.name, now, now + self.settings.lease, self.settings.batch)
            db.expunge_all()
        if not claimed:
            return 0
        sent = 0
        left = [m.id for m in claimed]
        try:
            with connect(self.settings.smtp_url) as smtp:
                for message in claimed:
                    try:
                        smtp.send_message(email_of(message, self.settings.sender))
                    except smtplib.SMTPRecipientsRefused as exc:
                        with unit_of_work(self.engine) as db:
                            repository.release(db, [message.id], self.name, f"refused: {exc.recipients}")
                        left.remove(message.id)
                        continue
                    self.faults.pause("outbox")  # the crash test kills the sender here
                    with unit_of_work(self.engine) as db:
                        sent += repository.mark_sent(db, message.id, self.name, self.clock.now())
                    left.remove(message.id)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("outbox: SMTP failed (%s); %d messages go back to pending", exc, len(left))
            with unit_of_work(self.engine) as db:
                repository.release(db, left, self.name, str(exc))
        return sent

    def send_all(self) -> int:
        """Send batches until none is left to claim."""
        total = 0
        while (sent := self.send_pending()) > 0:
            total += sent
        return total


class SenderThread:
    """Each instance's background sender: looks every ``poll`` seconds."""

    def __init__(self, sender: Sender) -> None:
        self.sender = sender
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="outbox-sender", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        every = self.sender.settings.poll.total_seconds()
        while not self._stop.is_set():
            try:
                self.sender.send_all()
            except Exception:
                log.exception("outbox: sending failed (the next poll tries again)")
            self._stop.wait(every)

    def shutdown(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
