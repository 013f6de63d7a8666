"""Alembic environment: batch mode (SQLite table rebuilds), the app's metadata, the app's engine
(so SQLite pragmas such as foreign keys apply to migrations too)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

import surgebench.db.orm  # noqa: F401  (registers every table)
from surgebench.db.base import Base
from surgebench.db.migrate import managed_by_orm
from surgebench.db.session import get_engine

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url") or None
    connectable = config.attributes.get("connection")
    if connectable is not None:
        _run(connectable)
        return
    engine = get_engine(url)
    with engine.connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # A batch rebuild drops and re-creates a table; with foreign keys on, that would cascade-delete
        # children (or fail on RESTRICT ones). Foreign keys are switched off for the migration and checked
        # afterwards. SQLite ignores this pragma inside a transaction, so it goes to the driver's own
        # connection before SQLAlchemy begins one.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=managed_by_orm,
    )
    with context.begin_transaction():
        context.run_migrations()
    if is_sqlite:
        violations = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        connection.commit()
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
        if violations:
            raise RuntimeError(f"migration left dangling foreign keys: {violations[:5]}")


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
