"""bench text search: substring search on specialists' name and e-mail without a full scan

SQLite: an FTS5 table with the trigram tokenizer (``specialists_search``, external content = the
specialists table, kept in step by triggers). PostgreSQL: pg_trgm GIN indexes on ``lower(full_name)``
and ``email_key``, when the extension can be created (otherwise searches scan, still correctly).
Neither is in the ORM metadata; ``migrations/env.py`` tells autogenerate to leave them alone.
A later SQLite batch migration that rebuilds ``specialists`` drops its triggers with the old table: such
a migration must re-run ``SQLITE_UP``'s triggers (and the 'rebuild').

Revision ID: b7e1d2c3a4f5
Revises: 6c23da345894
Create Date: 2026-11-28 13:00:00+00:00
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "b7e1d2c3a4f5"
down_revision = "6c23da345894"
branch_labels = None
depends_on = None

SQLITE_UP = [
    "CREATE VIRTUAL TABLE specialists_search USING fts5("
    "full_name, email_key, content='specialists', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER specialists_search_ai AFTER INSERT ON specialists BEGIN "
    "INSERT INTO specialists_search(rowid, full_name, email_key) VALUES (new.id, new.full_name, new.email_key); END",
    "CREATE TRIGGER specialists_search_ad AFTER DELETE ON specialists BEGIN "
    "INSERT INTO specialists_search(specialists_search, rowid, full_name, email_key) "
    "VALUES ('delete', old.id, old.full_name, old.email_key); END",
    "CREATE TRIGGER specialists_search_au AFTER UPDATE OF full_name, email_key ON specialists BEGIN "
    "INSERT INTO specialists_search(specialists_search, rowid, full_name, email_key) "
    "VALUES ('delete', old.id, old.full_name, old.email_key); "
    "INSERT INTO specialists_search(rowid, full_name, email_key) VALUES (new.id, new.full_name, new.email_key); END",
    "INSERT INTO specialists_search(specialists_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS specialists_search_au",
    "DROP TRIGGER IF EXISTS specialists_search_ad",
    "DROP TRIGGER IF EXISTS specialists_search_ai",
    "DROP TABLE IF EXISTS specialists_search",
]
POSTGRES_INDEXES = [
    "CREATE INDEX IF NOT EXISTS ix_specialists_full_name_trgm ON specialists USING gin (lower(full_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS ix_specialists_email_key_trgm ON specialists USING gin (email_key gin_trgm_ops)",
]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        available = bind.execute(
            text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        ).scalar()
        if not available:
            return
        try:  # a role that may not create extensions leaves search unindexed (still correct)
            with bind.begin_nested():
                bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except Exception:  # noqa: BLE001
            return
        for statement in POSTGRES_INDEXES:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_specialists_email_key_trgm")
        op.execute("DROP INDEX IF EXISTS ix_specialists_full_name_trgm")
