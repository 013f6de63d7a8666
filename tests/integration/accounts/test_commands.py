"""``surgebench users`` and ``surgebench tokens``: one unit of work per command, clear errors, exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from surgebench.db.orm import ApiToken, AuditEntry
from surgebench.domain.accounts.commands import tokens, users
from surgebench.lib.tokens import digest
from surgebench.settings import get_settings


@pytest.fixture
def cli(engine, database_url, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SURGEBENCH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_users_create_and_list(cli, db) -> None:
    made = cli.invoke(
        users,
        [
            "create",
            "--email",
            "Cli@Example.test",
            "--name",
            "Cli User",
            "--role",
            "client",
            "--client",
            "aurora-labs",
            "--password",
            "a long enough pw",
        ],
    )
    assert made.exit_code == 0, made.output
    listed = cli.invoke(users, ["list"])
    assert "cli@example.test\tclient\taurora-labs\tactive" in listed.output
    entry = db.scalar(select(AuditEntry).where(AuditEntry.entity_type == "user"))
    assert entry.actor_label == "cli" and "a long enough pw" not in str(entry.changes)


def test_users_create_prompts_for_the_password(cli) -> None:
    made = cli.invoke(
        users,
        ["create", "--email", "p@example.test", "--name", "P", "--role", "recruiter"],
        input="a long enough pw\na long enough pw\n",
    )
    assert made.exit_code == 0, made.output
    assert "a long enough pw" not in made.output


def test_domain_errors_exit_2_with_a_message(cli) -> None:
    args = [
        "create",
        "--email",
        "x@example.test",
        "--name",
        "X",
        "--role",
        "client",
        "--password",
        "a long enough pw",
    ]
    failed = cli.invoke(users, args)
    assert failed.exit_code == 2 and "client" in failed.output
    assert cli.invoke(tokens, ["create", "--email", "nobody@example.test", "--name", "n"]).exit_code == 2
    assert cli.invoke(tokens, ["revoke", "999999"]).exit_code == 2


def test_tokens_create_prints_only_the_token_and_revoke_stops_it(cli, make_account, db) -> None:
    _uid, email, _pw = make_account("recruiter")
    made = cli.invoke(tokens, ["create", "--email", email, "--name", "nightly"])
    assert made.exit_code == 0
    token = made.stdout.strip()
    assert "\n" not in token and token.startswith("sb_")
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
    assert row is not None and row.revoked_at is None
    assert cli.invoke(tokens, ["revoke", str(row.id)]).exit_code == 0
    db.rollback()  # end the read transaction: see what the command committed
    assert db.get(ApiToken, row.id).revoked_at is not None
