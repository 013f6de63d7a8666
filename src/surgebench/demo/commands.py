"""``surgebench fixtures load`` (the demo, once, in one unit of work) and ``surgebench fixtures
generate`` (a generated bench as an importable CSV)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, BinaryIO

import click

from surgebench.settings import get_settings

if TYPE_CHECKING:
    from surgebench.demo.accounts import DemoAccount

PROGRESS_EVERY = 5_000


def _progress(total: int, verb: str) -> Callable[[int], None]:
    """A callback printing ``verb n/total`` to stderr every ``PROGRESS_EVERY`` items (big runs only)."""

    def report(done: int) -> None:
        if total > PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            click.echo(f"  {verb} {done:,}/{total:,} specialists", err=True)

    return report


@click.group()
def fixtures() -> None:
    """Demo data: reference data, demo accounts and a generated bench."""


@fixtures.command("load")
@click.option(
    "--specialists",
    default=20_000,
    show_default=True,
    type=click.IntRange(0, 1_000_000),
    help="How many specialists to generate.",
)
@click.option("--seed", default=7, show_default=True, type=int, help="Seed of the generated bench.")
@click.option(
    "--today",
    default=None,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Reference date the bench's dates are spread around (default 2026-12-01).",
)
def load(specialists: int, seed: int, today: datetime | None) -> None:
    """Load the demo into an empty database: reference data, demo accounts, a generated bench.
    A database that already has specialists or the demo accounts is left alone."""
    from surgebench.db.session import get_engine, unit_of_work
    from surgebench.demo.bench import DEFAULT_TODAY
    from surgebench.demo.loader import load_demo
    from surgebench.domain.outcomes import service as outcomes

    settings = get_settings()
    reference_date = today.date() if today else DEFAULT_TODAY
    started = time.perf_counter()
    with unit_of_work(get_engine(settings.db.url)) as db:
        result = load_demo(
            db,
            specialists=specialists,
            seed=seed,
            today=reference_date,
            on_batch=_progress(specialists, "loaded"),
        )
    seconds = time.perf_counter() - started
    added = result.reference
    if any(added.values()):
        click.echo("reference data added: " + ", ".join(f"{count} {kind}" for kind, count in added.items()))
    if result.loaded:
        click.echo(
            f"demo loaded in {seconds:.1f} s: {len(result.accounts)} demo accounts, "
            f"{result.specialists:,} specialists, {result.engagements:,} engagements of past cycles, "
            f"{result.outcomes:,} outcomes (seed {seed}, reference date {reference_date})"
        )
        with unit_of_work(get_engine(settings.db.url), writes=False) as db:
            held = len(outcomes.held_back_now(db, reference_date))
            low = len(outcomes.below_floor(db, reference_date))
        click.echo(
            f"quality gate: {held:,} people held back from their program's next cycle, "
            f"{low:,} person-skills below the vendor-wide floor (see /attention)"
        )
    else:
        click.echo(
            f"demo data already present ({result.existing_specialists:,} specialists, "
            f"{result.existing_accounts} of {len(result.accounts)} demo accounts): nothing loaded"
        )
    _print_sign_in(result.accounts, f"http://{settings.server.host}:{settings.server.port}")


def _print_sign_in(accounts: Sequence[DemoAccount], url: str) -> None:
    click.echo("")
    click.echo(f"surgebench at {url}  — demo sign-in (demo only, change or remove in production):")
    for account in accounts:
        who = account.role.replace("_", " ") + (f" ({account.client_slug})" if account.client_slug else "")
        click.echo(f"  {who:<28} {account.email:<36} password: {account.password}")


@fixtures.command("generate")
@click.option(
    "--specialists",
    default=20_000,
    show_default=True,
    type=click.IntRange(0, 1_000_000),
    help="How many specialists to generate.",
)
@click.option("--seed", default=7, show_default=True, type=int, help="Same seed, same bench.")
@click.option(
    "--today",
    default=None,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Reference date the bench's dates are spread around (default 2026-12-01).",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    type=click.File("wb", lazy=True),
    help="CSV file to write, or - for standard output.",
)
def generate(specialists: int, seed: int, today: datetime | None, output: BinaryIO) -> None:
    """Write a generated bench as a CSV in the import format (no database needed)."""
    from surgebench.demo.bench import DEFAULT_TODAY, generate_bench
    from surgebench.demo.csv_rows import write_csv

    reference_date: date = today.date() if today else DEFAULT_TODAY
    rows = write_csv(
        generate_bench(specialists, seed, reference_date),
        output,
        on_batch=_progress(specialists, "generated"),
    )
    output.flush()
    if getattr(output, "name", "-") != "-":
        click.echo(f"wrote {rows:,} specialists to {output.name}", err=True)
