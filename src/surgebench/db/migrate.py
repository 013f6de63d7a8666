"""Running Alembic from the application (CLI, tests): the database URL comes from settings."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from surgebench.settings import PROJECT_ROOT, get_settings

SEARCH_OBJECTS = ("specialists_search",)
"""SQLite's full-text search table (and its shadow tables) for the bench's name/e-mail search: made by
a migration, maintained by triggers, unknown to the ORM."""
OWN_TABLES = ("bench_changes",)
"""The bench's change count (migration ``8b1f3c5d7e92``): kept by triggers, read by the problem
snapshot, unknown to the ORM (and so never emptied by the tests' truncation of the ORM's tables)."""


def managed_by_orm(name: str | None, type_: str, _parent_names: object) -> bool:
    """Whether autogenerate (and the drift test) should compare this object with the ORM classes: not
    the hand-made search objects (the SQLite FTS tables, the PostgreSQL trigram indexes)."""
    if type_ == "table" and name and name.startswith(SEARCH_OBJECTS + OWN_TABLES):
        return False
    return not (type_ == "index" and name and name.endswith("_trgm"))


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", (url or get_settings().db.url).replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "-1") -> None:
    command.downgrade(alembic_config(url), revision)


def revision(message: str, url: str | None = None) -> None:
    command.revision(alembic_config(url), message=message, autogenerate=True)
