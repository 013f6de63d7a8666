"""Every schema change is a migration: the migrations match the ORM classes, and upgrade → downgrade →
upgrade works on both engines with rows in every table, losing none."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, insert, inspect, select, text
from tests.conftest import ENGINES, create_database

from surgebench.db import migrate
from surgebench.db.base import Base
from surgebench.db.orm import (
    ApiToken,
    AuditEntry,
    Client,
    ClientCompetitor,
    ClientModel,
    Cycle,
    Engagement,
    Job,
    JobInput,
    JobInputChunk,
    Offer,
    OfferTerms,
    OutboxMessage,
    Outcome,
    Plan,
    PlanAssignment,
    PlanDocument,
    PlanRequest,
    Program,
    ProgramWorkstream,
    QualityEstimate,
    ScheduleRun,
    SignInSource,
    SignInThrottle,
    Skill,
    Specialist,
    SpecialistLanguage,
    SpecialistSkill,
    SurgeCompetitor,
    SurgeExclusion,
    SurgePin,
    SurgeRampDay,
    SurgeRequest,
    SurgeRole,
    User,
    WebSession,
    Workstream,
)
from surgebench.db.session import get_engine

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture(params=ENGINES)
def fresh_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    url, drop = create_database(request.param, tmp_path_factory)
    yield url
    drop()  # type: ignore[operator]


def _fill_every_table(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Client).values(id=1, slug="aurora-labs", name="Aurora Labs", created_at=NOW))
        conn.execute(insert(Skill).values(id="coding.python", name="Python", area="coding", description=""))
        conn.execute(
            insert(User).values(
                id=1,
                email="a@example.test",
                full_name="A",
                role="client",
                client_id=1,
                password_hash="x",
                is_active=True,
                created_at=NOW,
            )
        )
        conn.execute(
            insert(Specialist).values(
                id=1,
                email="S@example.test",
                email_key="s@example.test",
                full_name="S",
                country="IN",
                timezone="Asia/Kolkata",
                status="vetted",
                vetting_expires=date(2027, 6, 1),
                available_from=None,
                weekly_hours=20,
                committed_hours=0,
                quality_milli=900,
                hourly_rate_cents=2500,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        conn.execute(insert(SpecialistSkill).values(specialist_id=1, skill_id="coding.python", level=4))
        conn.execute(insert(SpecialistLanguage).values(specialist_id=1, language="en"))
        conn.execute(
            insert(AuditEntry).values(
                at=NOW,
                actor_id=1,
                actor_label="a",
                action="create",
                entity_type="specialist",
                entity_id="1",
                changes={},
            )
        )
        conn.execute(
            insert(Job).values(
                id=1,
                kind="specialist_import",
                status="succeeded",
                created_by_id=1,
                created_at=NOW,
                params={},
                progress={},
            )
        )
        conn.execute(
            insert(WebSession).values(id="s" * 64, user_id=1, csrf_token="c", created_at=NOW, expires_at=NOW)
        )
        conn.execute(insert(ApiToken).values(id=1, user_id=1, name="t", token_hash="h" * 64, created_at=NOW))
        conn.execute(
            insert(SignInThrottle).values(
                email="a@example.test", source="*", failed_count=1, lockouts=0, last_failed_at=NOW
            )
        )
        conn.execute(insert(SignInSource).values(user_id=1, source="198.51.100.7", last_signed_in_at=NOW))
        conn.execute(insert(JobInput).values(job_id=1, filename="x.csv", size_bytes=6))
        conn.execute(insert(JobInputChunk).values(job_id=1, seq=0, content=b"email\n"))
        conn.execute(insert(Client).values(id=2, slug="meridian-ai", name="Meridian AI", created_at=NOW))
        conn.execute(insert(ClientCompetitor).values(client_id=1, competitor_id=2))
        conn.execute(insert(Workstream).values(id="red_teaming", name="Red-teaming", description=""))
        conn.execute(insert(ClientModel).values(id=1, client_id=1, name="orion", created_at=NOW))
        conn.execute(insert(Program).values(id=1, model_id=1, name="Orion post-training", created_at=NOW))
        conn.execute(insert(ProgramWorkstream).values(program_id=1, workstream_id="red_teaming"))
        conn.execute(
            insert(Cycle).values(
                id=1,
                program_id=1,
                number=1,
                model_version="orion-1",
                starts_on=date(2026, 1, 5),
                ends_on=date(2026, 3, 27),
                status="closed",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        conn.execute(
            insert(Engagement).values(
                id=1,
                cycle_id=1,
                specialist_id=1,
                skill_id="coding.python",
                level=3,
                weekly_hours=20,
                starts_on=date(2026, 1, 5),
                ends_on=date(2026, 3, 27),
                reported_quality_milli=910,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        conn.execute(
            insert(Outcome).values(
                id=1,
                engagement_id=1,
                reported_on=date(2026, 3, 30),
                items_reviewed=200,
                items_accepted=180,
                score_milli=None,
                note="",
                reported_by_id=1,
                reported_by="a@example.test",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        conn.execute(
            insert(QualityEstimate).values(
                specialist_id=1,
                skill_id="coding.python",
                quality_milli=812,
                items=200,
                outcomes=1,
                last_reported_on=date(2026, 3, 30),
                as_of=date(2026, 3, 31),
            )
        )
        _fill_surge_tables(conn)


def _fill_surge_tables(conn) -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        insert(SurgeRequest).values(
            id=1,
            cycle_id=1,
            priority=1,
            cooldown_days=30,
            status="open",
            revision=1,
            created_by_id=1,
            created_at=NOW,
            updated_at=NOW,
        )
    )
    conn.execute(insert(SurgeCompetitor).values(request_id=1, client_id=2))
    conn.execute(insert(SurgeRampDay).values(request_id=1, day=date(2026, 1, 5), onboarding_capacity=3))
    conn.execute(
        insert(SurgeRole).values(
            id=1,
            request_id=1,
            key="python",
            position=0,
            skill_id="coding.python",
            min_level=3,
            min_quality_milli=700,
            headcount=2,
            hours_per_week=20,
            languages=["en"],
            utc_offset_min_minutes=-180,
            utc_offset_max_minutes=330,
            max_country_share_pct=40,
        )
    )
    conn.execute(insert(SurgePin).values(request_id=1, specialist_id=1, role_id=1))
    conn.execute(insert(SurgeExclusion).values(request_id=1, specialist_id=1, reason="test"))
    conn.execute(
        insert(Plan).values(
            id=1,
            request_id=1,
            version=1,
            kind="plan",
            status="ready",
            job_id=1,
            created_by_id=1,
            created_at=NOW,
            solve_status="optimal",
            objective={"fill": 1},
            levels=[],
            shortfall=[],
            summary={},
            overrides={},
        )
    )
    conn.execute(insert(PlanRequest).values(plan_id=1, request_id=1, request_revision=1))
    conn.execute(
        insert(PlanAssignment).values(
            plan_id=1,
            request_id=1,
            specialist_id=1,
            role_id=1,
            starts_on=date(2026, 1, 5),
            is_returning=False,
        )
    )
    conn.execute(insert(PlanDocument).values(plan_id=1, problem=b"{}", plan=b"{}"))
    conn.execute(insert(OfferTerms).values(request_id=1, answer_hours=24, backfill="auto", updated_at=NOW))
    conn.execute(
        insert(Offer).values(
            id=1,
            request_id=1,
            engagement_id=1,
            specialist_id=1,
            role_id=1,
            plan_id=1,
            state="offered",
            role_name="Python (level 3+)",
            starts_on=date(2026, 1, 5),
            weekly_hours=20,
            hourly_rate_cents=4000,
            program_name="Orion",
            is_returning=False,
            deadline=NOW,
            offered_at=NOW,
            token_hash="0" * 64,
            updated_at=NOW,
        )
    )
    conn.execute(
        insert(OutboxMessage).values(
            message_id="<offer-1@surgebench>",
            recipient="a@example.test",
            subject="Offer",
            body="…",
            offer_id=1,
            state="pending",
            attempts=0,
            created_at=NOW,
        )
    )
    conn.execute(
        insert(ScheduleRun).values(
            job="vetting_lapses",
            slot=NOW,
            manual=False,
            status="succeeded",
            instance="test",
            started_at=NOW,
            heartbeat_at=NOW,
            finished_at=NOW,
            outcome={"lapsed": 0},
        )
    )


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def test_migrations_match_the_orm_classes(fresh_url: str) -> None:
    migrate.upgrade(fresh_url)
    with get_engine(fresh_url).connect() as conn:
        drift = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_name": migrate.managed_by_orm}
            ),
            Base.metadata,
        )
    assert drift == [], f"ORM and migrations differ (write a migration): {drift}"


def test_upgrade_downgrade_upgrade_keeps_every_row(fresh_url: str) -> None:
    """Walk each migration down and up again with data in every table; nothing may be lost, and on
    SQLite a batch rebuild must not cascade-delete children."""
    engine = get_engine(fresh_url)
    revisions = [
        s.revision for s in ScriptDirectory.from_config(migrate.alembic_config(fresh_url)).walk_revisions()
    ]
    migrate.upgrade(fresh_url)
    _fill_every_table(engine)
    before = _row_counts(engine)
    assert all(count > 0 for count in before.values()), before
    # Step down to just after the first migration and back up: every later migration runs both ways.
    # Tables the first migration made keep every row; tables made later come back (empty).
    first = revisions[-1]
    migrate.downgrade(fresh_url, first)
    kept = {name for name in inspect(engine).get_table_names() if name in before}
    migrate.upgrade(fresh_url)
    after = _row_counts(engine)
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert set(after) == set(before)
    # And the whole way down and up works on an empty schema.
    migrate.downgrade(fresh_url, "base")
    with engine.connect() as conn:
        remaining = conn.execute(text("select count(*) from alembic_version")).scalar_one()
    assert remaining == 0
    migrate.upgrade(fresh_url)
    assert set(_row_counts(engine)) == {t.name for t in Base.metadata.sorted_tables}
