"""The demo accounts from ``fixtures/accounts.csv``: one per staff role and one per demo client, all
with the documented demo password, so anyone trying the product can sign in as each kind of user."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from surgebench.domain.accounts.service import create_user
from surgebench.domain.audit.service import Actor
from surgebench.settings import get_settings


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    client_slug: str | None
    password: str
    """Demo only: the password is published in the fixture file and printed by ``fixtures load``."""


def read_demo_accounts(fixtures_dir: Path | None = None) -> list[DemoAccount]:
    fixtures_dir = fixtures_dir or get_settings().paths.fixtures
    with (fixtures_dir / "accounts.csv").open(encoding="utf-8", newline="") as handle:
        return [
            DemoAccount(
                email=row["email"].strip().lower(),
                full_name=row["full_name"],
                role=row["role"],
                client_slug=row["client_slug"] or None,
                password=row["password"],
            )
            for row in csv.DictReader(handle)
        ]


def create_demo_accounts(db: Session, accounts: list[DemoAccount], actor: Actor) -> int:
    """Create each account through the accounts service (same rules and audit as any account)."""
    for account in accounts:
        create_user(
            db,
            actor,
            email=account.email,
            full_name=account.full_name,
            role=account.role,
            password=account.password,
            client_slug=account.client_slug,
        )
    return len(accounts)
