"""bench changes: every write to what a plan's problem is read from counts in ``bench_changes``, so a
worker may keep a snapshot of the bench between plans and know, from the database, when it is stale.

The tables watched: specialists, their skills and languages, engagements, cycles, programs, client
models, clients and outcomes. ``SELECT count(*), sum(n) FROM bench_changes`` is the bench's version: it
changes with every committed write to them, on any instance sharing the database.

SQLite (one writer at a time): a row-level trigger per table adds one to the single row's ``n``.
PostgreSQL: a statement-level trigger (insert, update, delete, truncate) inserts the writing
transaction's id once (``ON CONFLICT DO NOTHING``): writers never wait on each other for it, and each
committed writing transaction adds one row, so the count changes whenever a committed write does.
Neither table nor triggers are in the ORM metadata (``migrate.managed_by_orm`` leaves them alone). A
later SQLite batch migration that rebuilds a watched table drops its triggers with the old table: it
must create them again (``sqlite_triggers``).

Revision ID: 8b1f3c5d7e92
Revises: e192a92a8631
Create Date: 2026-12-08 02:30:00+00:00
"""

from __future__ import annotations

from alembic import op

revision = "8b1f3c5d7e92"
down_revision = "e192a92a8631"
branch_labels = None
depends_on = None

WATCHED = (
    "specialists",
    "specialist_skills",
    "specialist_languages",
    "engagements",
    "cycles",
    "programs",
    "client_models",
    "clients",
    "outcomes",
)


def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS bench_changes_{table}_{event[0].lower()} AFTER {event} ON {table} "
        "BEGIN UPDATE bench_changes SET n = n + 1 WHERE id = 0; END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def upgrade() -> None:
    op.execute("CREATE TABLE bench_changes (id BIGINT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)")
    op.execute("INSERT INTO bench_changes (id, n) VALUES (0, 0)")
    if op.get_bind().dialect.name == "sqlite":
        for table in WATCHED:
            for statement in sqlite_triggers(table):
                op.execute(statement)
        return
    op.execute(
        "CREATE FUNCTION bench_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO bench_changes (id, n) VALUES (txid_current(), 1) ON CONFLICT (id) DO NOTHING; "
        "RETURN NULL; END $$"
    )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER bench_changes_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bench_changed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in WATCHED:
            for event in "iud":
                op.execute(f"DROP TRIGGER IF EXISTS bench_changes_{table}_{event}")
    else:
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS bench_changes_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bench_changed()")
    op.execute("DROP TABLE bench_changes")
