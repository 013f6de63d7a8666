"""``surgebench jobs list`` and ``surgebench jobs run NAME``: the schedule from the command line. The
schedule itself is the app's (``app.scheduled_jobs``): the ``surgebench`` command (``cli.py``, which wires
the app together as ``app.py`` does) puts a maker of it in ``UPKEEP`` of the click context's ``meta``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from surgebench.domain.upkeep.service import Upkeep

UPKEEP = "surgebench.upkeep"
"""Key of ``click.Context.meta`` holding a function that makes the app's ``Upkeep``."""


@click.group()
def jobs() -> None:
    """Scheduled upkeep (each slot runs once across instances)."""


def _upkeep() -> Upkeep:
    make: Callable[[], Upkeep] = click.get_current_context().meta[UPKEEP]
    return make()


@jobs.command("list")
def list_jobs() -> None:
    """Each scheduled job with its schedule, last run and next run."""
    from surgebench.db.session import unit_of_work

    upkeep = _upkeep()
    with unit_of_work(upkeep.engine, writes=False) as db:
        for s in upkeep.overview(db):
            last = "never" if s.last is None else f"{s.last.status} at {s.last.started_at:%Y-%m-%d %H:%M} UTC"
            next_run = f"{s.next_slot:%Y-%m-%d %H:%M}"
            click.echo(f"{s.job.name:<16} {s.job.every.describe():<22} last: {last:<36} next: {next_run}")


@jobs.command("run")
@click.argument("name")
def run_job(name: str) -> None:
    """Run the scheduled job NAME now."""
    from surgebench.domain.audit.service import Actor
    from surgebench.lib.errors import DomainError

    try:
        run = _upkeep().run_now(name, Actor.system("cli"))
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"{name}: {run.status} {run.outcome}")
    if run.status != "succeeded":
        raise SystemExit(1)
