"""The ``surgebench`` command line: serve, db, fixtures, users, tokens, jobs, solve/check/explain."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click

from surgebench.domain.upkeep.commands import UPKEEP
from surgebench.settings import get_settings

if TYPE_CHECKING:
    from surgebench.domain.upkeep.service import Upkeep


class LazyGroup(click.Group):
    """A group whose domain commands are imported only when used, so ``surgebench solve`` starts without
    loading the web stack (the solver imports neither litestar nor sqlalchemy)."""

    lazy_commands = {
        "fixtures": "surgebench.demo.commands:fixtures",
        "users": "surgebench.domain.accounts.commands:users",
        "tokens": "surgebench.domain.accounts.commands:tokens",
        "jobs": "surgebench.domain.upkeep.commands:jobs",
        "outbox": "surgebench.domain.outbox.commands:outbox",
        "solve": "surgebench.staffing.commands:solve",
        "check": "surgebench.staffing.commands:check",
        "explain": "surgebench.staffing.commands:explain",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
    """surgebench: the bench, the solver, the plans."""
    ctx.meta[UPKEEP] = _upkeep


def _upkeep() -> Upkeep:
    """The app's schedule, for ``surgebench jobs`` (made only when that command runs)."""
    from surgebench.app import upkeep_for
    from surgebench.db.session import get_engine
    from surgebench.lib.clock import Clock

    settings = get_settings()
    return upkeep_for(get_engine(settings.db.url), settings, Clock())


@main.command()
@click.option("--host", default=None, help="Interface to bind (default from SURGEBENCH_HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default from SURGEBENCH_PORT or 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the site and the API."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "surgebench.app:create_app",
        factory=True,
        host=host or settings.server.host,
        port=port or settings.server.port,
        log_level="info",
    )


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from surgebench.db import migrate

    migrate.upgrade(revision=revision)
    click.echo(f"database at {revision}", err=True)


@db.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (default: one step)."""
    from surgebench.db import migrate

    migrate.downgrade(revision=revision)
    click.echo(f"database at {revision}", err=True)


@db.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Generate a migration from the difference between the ORM classes and the database."""
    from surgebench.db import migrate

    migrate.revision(message)
