"""``surgebench outbox``: the messages still to send (with their links, when no SMTP server is
configured), and ``surgebench outbox --send`` to send them now."""

from __future__ import annotations

import click


@click.command()
@click.option("--send", is_flag=True, help="Send every pending message now (needs SURGEBENCH_SMTP_URL).")
@click.option("--all", "show_all", is_flag=True, help="List sent messages too.")
def outbox(send: bool, show_all: bool) -> None:
    """The outbox: messages waiting to be sent (and, with --all, the latest sent)."""
    from surgebench.db.session import get_engine, unit_of_work
    from surgebench.domain.outbox import service
    from surgebench.domain.outbox.sender_service import Sender, SmtpUnavailable
    from surgebench.lib.clock import Clock
    from surgebench.settings import get_settings

    settings = get_settings()
    engine = get_engine(settings.db.url)
    if send:
        try:
            sent = Sender(engine, settings.mail, Clock(), settings.faults).send_all()
        except SmtpUnavailable as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"sent {sent} messages")
        return
    with unit_of_work(engine, writes=False) as db:
        box = service.outbox(db, settings, None if show_all else "pending")
        click.echo(
            f"SMTP: {'configured' if box.smtp else 'not configured (messages wait here)'}; "
            + ", ".join(f"{k} {v}" for k, v in box.counts.items())
        )
        for m in box.messages:
            click.echo(f"\n#{m.id} {m.state} to {m.recipient} ({m.message_id})")
            click.echo(f"Subject: {m.subject}\n{m.body}")
