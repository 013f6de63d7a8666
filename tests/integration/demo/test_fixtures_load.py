"""``surgebench fixtures load``: the demo goes into an empty database once, in one unit of work, and
its accounts sign in through the real form."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from surgebench.db.base import utcnow
from surgebench.db.orm import AuditEntry, Cycle, Engagement, Specialist, User
from surgebench.db.session import unit_of_work
from surgebench.demo.accounts import read_demo_accounts
from surgebench.demo.bench import generate_bench
from surgebench.demo.commands import fixtures
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import service as clients
from surgebench.domain.programs import service
from surgebench.domain.specialists import bulk_service as bulk
from surgebench.settings import get_settings
from tests.support import sign_in_via_form

N = 200


@pytest.fixture
def run(engine, database_url, monkeypatch):  # type: ignore[no-untyped-def]
    """Runs ``surgebench fixtures …`` against the test database (settings are cached: cleared around)."""
    monkeypatch.setenv("SURGEBENCH_DATABASE_URL", database_url)
    get_settings.cache_clear()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(fixtures, list(args))
        assert result.exit_code == 0, result.output
        return result

    yield invoke
    get_settings.cache_clear()


def _count(engine, entity) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        return db.scalar(select(func.count()).select_from(entity))


def _stored_bench(engine) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        stored = db.scalars(
            select(Specialist).options(selectinload(Specialist.skills), selectinload(Specialist.languages))
        ).all()
        return {
            s.email: (
                s.full_name,
                s.country,
                s.timezone,
                s.status,
                s.vetting_expires,
                s.available_from,
                s.weekly_hours,
                s.quality_milli,
                s.hourly_rate_cents,
                tuple((k.skill_id, k.level) for k in s.skills),
                tuple(x.language for x in s.languages),
            )
            for s in stored
        }


def test_load_creates_the_demo_accounts_and_exactly_the_generated_bench(run, engine) -> None:
    result = run("load", "--specialists", str(N), "--seed", "7")
    expected = {
        r.email: (
            r.full_name,
            r.country,
            r.timezone,
            r.status,
            r.vetting_expires,
            r.available_from,
            r.weekly_hours,
            r.quality_milli,
            r.hourly_rate_cents,
            r.skills,
            r.languages,
        )
        for r in generate_bench(N, seed=7)
    }
    assert len(expected) == N
    assert _stored_bench(engine) == expected
    accounts = read_demo_accounts()
    with unit_of_work(engine) as db:
        users = {u.email: u for u in db.scalars(select(User))}
        assert {a.email for a in accounts} == set(users)
        assert {u.role for u in users.values()} == {"admin", "program_manager", "recruiter", "client"}
        assert db.scalar(select(AuditEntry).where(AuditEntry.entity_id == "demo-bench")) is not None
    settings = get_settings()
    assert f"http://{settings.server.host}:{settings.server.port}" in result.stdout
    for account in accounts:
        assert account.email in result.stdout and account.password in result.stdout


def test_load_twice_adds_nothing_the_second_time(run, engine) -> None:
    run("load", "--specialists", str(N))
    again = run("load", "--specialists", str(N))
    assert "already present" in again.stdout
    assert _count(engine, Specialist) == N
    assert _count(engine, User) == len(read_demo_accounts())


def test_load_leaves_a_database_that_already_has_a_bench_alone(run, engine) -> None:
    with unit_of_work(engine) as db:
        bulk.upsert(db, list(generate_bench(3, seed=1)), Actor.system("test"), utcnow())
    result = run("load", "--specialists", str(N))
    assert "nothing loaded" in result.stdout
    assert _count(engine, Specialist) == 3
    assert _count(engine, User) == 0


def test_demo_accounts_sign_in_through_the_real_form(run, engine, settings) -> None:
    from litestar.testing import TestClient

    from surgebench.app import create_app

    run("load", "--specialists", "10")
    accounts = {a.role if a.role != "client" else a.client_slug: a for a in read_demo_accounts()}
    app = create_app(settings)
    for who in ("recruiter", "aurora-labs"):
        with TestClient(app=app) as http:
            assert sign_in_via_form(http, accounts[who].email, accounts[who].password)


def _history(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    with unit_of_work(engine) as db:
        rows = db.execute(
            select(Specialist.email, Engagement.skill_id, Engagement.starts_on, Cycle.number)
            .join(Engagement, Engagement.specialist_id == Specialist.id)
            .join(Cycle, Cycle.id == Engagement.cycle_id)
        )
        return sorted(tuple(row) for row in rows)


def test_load_gives_each_demo_client_programs_with_three_closed_cycles_and_a_competitor(run, engine) -> None:
    run("load", "--specialists", "2000", "--seed", "7")
    with unit_of_work(engine) as db:
        summaries = service.list_programs(db)
        terms = {t.client.slug: t for t in clients.list_with_terms(db)}
    assert {s.program.client_slug for s in summaries} == {"aurora-labs", "meridian-ai"}
    for summary in summaries:
        assert [c.status for c in summary.cycles] == ["closed", "closed", "closed"]
        assert all(c.team > 0 for c in summary.cycles)
        assert all(0.4 < c.retention < 0.95 for c in summary.cycles[1:]), summary.cycles  # some stay, some go
    assert [c.slug for c in terms["aurora-labs"].competitors] == ["meridian-ai"]
    assert terms["aurora-labs"].client.cooldown_days == 90


def test_same_seed_gives_the_same_history(run, engine, database_url, tmp_path_factory) -> None:
    from surgebench.demo.bench import generate_bench
    from surgebench.demo.history import generate_history

    bench = list(generate_bench(1000, seed=3))
    assert generate_history(bench, 3) == generate_history(bench, 3)
    run("load", "--specialists", "1000", "--seed", "3")
    stored = _history(engine)
    expected = sorted(
        (next(p.email for p in bench if p.email_key == r.email_key), r.skill, r.starts_on, r.cycle.number)
        for r in generate_history(bench, 3)
    )
    assert stored == expected


def test_load_gives_closed_cycles_outcomes_and_each_program_a_gate_that_holds_some_back(run, engine) -> None:
    from datetime import date

    from surgebench.db.orm import Outcome
    from surgebench.domain.outcomes import service as outcomes

    result = run("load", "--specialists", "2000", "--seed", "7")
    assert _count(engine, Outcome) == _count(engine, Engagement) > 0
    assert "people held back from their program's next cycle" in result.output
    with unit_of_work(engine) as db:
        summaries = service.list_programs(db)
        held = outcomes.held_back_now(db, date(2026, 12, 1))
        gates = [outcomes.gate_of(db, s.program.id) for s in summaries]
        by_cycle = outcomes.outcome_of_returning_vs_new(db, summaries[0].program.id)
    assert all(g.min_returning_milli == 600 and g.min_estimate_milli == 600 for g in gates)
    assert 0 < len(held) < sum(s.cycles[-1].team for s in summaries) / 3
    assert by_cycle[-1].returning_milli is not None and by_cycle[-1].new_milli is not None
