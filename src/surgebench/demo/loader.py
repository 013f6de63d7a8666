"""Loading the demo into a database, once: the reference data, the demo accounts and a generated
bench. A database that already holds specialists or the demo accounts is left as it is (only
reference data that is missing is added), so ``make run`` can load on every start.

The bench goes in through the imports' bulk upsert (``specialists.bulk_service``): batched Core statements,
one audit entry per specialist, so 20,000 specialists take seconds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.demo import repository
from surgebench.demo.accounts import DemoAccount, create_demo_accounts, read_demo_accounts
from surgebench.demo.bench import DEFAULT_TODAY, generate_bench
from surgebench.demo.history import COMPETITORS, DEMO_PROGRAMS, generate_history
from surgebench.demo.outcomes import load_demo_outcomes
from surgebench.demo.reference import load_reference_data, skills_by_area
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.clients import repository as clients
from surgebench.domain.clients.service import set_terms
from surgebench.domain.engagements import history_service as history
from surgebench.domain.programs.service import create_program
from surgebench.domain.specialists import bulk_service as bulk
from surgebench.domain.specialists.record_schemas import SpecialistRecord


@dataclass(frozen=True)
class DemoLoad:
    """What ``load_demo`` found and did."""

    loaded: bool
    """False when the database already held data and the demo was not loaded."""
    reference: dict[str, int]
    """Reference rows added (skills, clients)."""
    accounts: list[DemoAccount] = field(default_factory=list)
    """The demo accounts (created now, or already there)."""
    specialists: int = 0
    """Specialists added now."""
    existing_specialists: int = 0
    existing_accounts: int = 0
    engagements: int = 0
    """Engagements of the demo programs' past cycles added now."""
    outcomes: int = 0
    """Outcomes of those cycles added now (``demo.outcomes``)."""


def load_demo(
    db: Session,
    *,
    specialists: int,
    seed: int,
    today: date = DEFAULT_TODAY,
    fixtures_dir: Path | None = None,
    actor: Actor | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> DemoLoad:
    """Reference data always (only what is missing); demo accounts and a bench of ``specialists`` only
    into a database with neither specialists nor demo accounts."""
    actor = actor or Actor.system("fixtures")
    reference = load_reference_data(db, fixtures_dir)
    accounts = read_demo_accounts(fixtures_dir)
    existing_specialists = repository.count_specialists(db)
    existing_accounts = len(repository.existing_emails(db, [a.email for a in accounts]))
    if existing_specialists or existing_accounts:
        return DemoLoad(False, reference, accounts, 0, existing_specialists, existing_accounts)
    create_demo_accounts(db, accounts, actor)
    bench = list(generate_bench(specialists, seed, today, skills_by_area(fixtures_dir)))
    added = bulk.upsert(db, bench, actor, utcnow(), on_progress=on_batch).created
    record(
        db,
        actor,
        "import",
        "specialist",
        "demo-bench",
        {"specialists": [None, added], "seed": [None, seed], "reference_date": [None, today]},
    )
    engagements = load_demo_history(db, bench, seed, today, actor)
    outcomes = load_demo_outcomes(db, seed, today, actor, utcnow())
    return DemoLoad(True, reference, accounts, added, engagements=engagements, outcomes=outcomes)


def load_demo_history(
    db: Session, bench: list[SpecialistRecord], seed: int, today: date, actor: Actor
) -> int:
    """The demo clients' staffing terms, programs and past cycles (through the history import's own
    checks and write); returns how many engagements were recorded."""
    for client, competitor, cooldown in COMPETITORS:
        found = clients.by_slug(db, client)
        assert found is not None, f"demo client {client} missing from fixtures/clients.csv"
        set_terms(db, actor, found.id, [competitor], cooldown)
    for program in DEMO_PROGRAMS:
        create_program(db, actor, program.client, program.model, program.name, program.workstreams)
    checked = history.CheckedHistory(records=generate_history(bench, seed))
    resolved, errors = history.resolve(db, checked, today)
    if resolved is None:
        raise RuntimeError(f"the generated demo history is not valid: {errors[:3]}")
    return history.write(db, resolved, actor, utcnow(), today).created
