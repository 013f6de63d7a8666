"""``surgebench users …`` and ``surgebench tokens …``: account administration from the command line.

Each command is one unit of work; domain errors become a message on stderr and exit status 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from surgebench.db.orm.accounts import ROLES
from surgebench.db.session import get_engine, unit_of_work
from surgebench.domain.accounts import service
from surgebench.domain.audit.service import Actor
from surgebench.lib.errors import DomainError

CLI = Actor.system("cli")


@contextmanager
def _unit_of_work() -> Iterator[Session]:
    """One transaction; a domain error rolls it back and exits with status 2 and a plain message."""
    try:
        with unit_of_work(get_engine()) as db:
            yield db
    except DomainError as exc:
        details = "".join(f"\n  {field}: {message}" for field, message in exc.fields.items())
        click.echo(f"error: {exc.message}{details}", err=True)
        raise SystemExit(2) from None


@click.group()
def users() -> None:
    """Accounts: create and list."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option(
    "--client", "client_slug", default=None, help="Client organisation slug (client accounts only)."
)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Initial password; prompted for (hidden) when not given.",
)
def users_create(email: str, full_name: str, role: str, client_slug: str | None, password: str) -> None:
    """Create an account."""
    with _unit_of_work() as db:
        user = service.create_user(
            db, CLI, email=email, full_name=full_name, role=role, password=password, client_slug=client_slug
        )
        click.echo(f"created account {user.id} {user.email} ({user.role})", err=True)


@users.command("list")
def users_list() -> None:
    """Every account: id, e-mail, role, client, status (tab-separated)."""
    with _unit_of_work() as db:
        for user in service.list_users(db):
            client = user.client.slug if user.client else "-"
            status = "active" if user.is_active else "deactivated"
            click.echo("\t".join([str(user.id), user.email, user.role, client, status, user.full_name]))


@click.group()
def tokens() -> None:
    """API bearer tokens: create and revoke."""


@tokens.command("create")
@click.option("--email", required=True, help="The account the token acts as.")
@click.option("--name", required=True, help="What the token is for.")
def tokens_create(email: str, name: str) -> None:
    """Create a token and print it (only the token, on stdout, so scripts can capture it)."""
    with _unit_of_work() as db:
        user = service.get_user_by_email(db, email)
        issued = service.issue_api_token(db, CLI, user.id, name)
        token = issued.token
        click.echo(f"created token {issued.row.id} for {user.email}; it will not be shown again", err=True)
    click.echo(token)


@tokens.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke the token with id TOKEN_ID."""
    with _unit_of_work() as db:
        row = service.revoke_api_token(db, CLI, token_id)
        click.echo(f"token {row.id} revoked", err=True)
