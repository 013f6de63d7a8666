"""The ``surgebench`` command line: serve, db, fixtures, users, tokens, solve/check/explain."""

from __future__ import annotations

import click

from surgebench.settings import get_settings


@click.group()
def main() -> None:
    """surgebench: the bench, the solver, the plans."""


@main.command()
@click.option("--host", default=None, help="Interface to bind (default from SURGEBENCH_HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default from SURGEBENCH_PORT or 8000).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the site and the API."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "surgebench.app:create_app", factory=True,
        host=host or settings.server.host, port=port or settings.server.port, log_level="info",
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


def _attach_domain_commands() -> None:
    """Domain command groups: demo fixtures, accounts, tokens, and the solver's solve/check/explain."""
    from surgebench.demo.commands import fixtures
    from surgebench.domain.accounts.commands import tokens, users
    from surgebench.staffing.commands import commands as staffing_commands

    main.add_command(users)
    main.add_command(tokens)
    main.add_command(fixtures)
    for command in staffing_commands:
        main.add_command(command)


_attach_domain_commands()
