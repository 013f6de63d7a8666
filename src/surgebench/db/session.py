"""One transaction boundary per entry point: a request, a job or a CLI command opens a unit of work;
services never commit.

A unit of work says up front whether it will write (``writes=True``, the default). On SQLite a writing
transaction takes the database's single write lock when it begins (``BEGIN IMMEDIATE``) and so waits its
turn, up to the busy timeout, instead of failing when another writer got there first; a read-only one
(``writes=False``) never waits. On PostgreSQL the flag changes nothing (row locks do the queueing)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, Result, text
from sqlalchemy.orm import Session

from surgebench.db.engine import WRITES, build_engine
from surgebench.settings import DatabaseSettings, get_settings


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return build_engine(DatabaseSettings(url=url))


def get_engine(url: str | None = None) -> Engine:
    return _engine_for(url or get_settings().db.url)


def writer(engine: Engine) -> Engine:
    """The same engine and pool, whose transactions take the write lock when they begin."""
    return engine.execution_options(**{WRITES: True})


def open_session(engine: Engine, *, writes: bool) -> Session:
    """A session whose transactions declare whether they will write (see the module docstring)."""
    return Session(bind=writer(engine) if writes else engine, expire_on_commit=False)


@contextmanager
def unit_of_work(engine: Engine, *, writes: bool = True) -> Iterator[Session]:
    """Commit when the block ends normally, roll back (leaving the database as it was) otherwise.
    ``writes=False`` for a block that only reads (it then never waits behind a writer on SQLite)."""
    session = open_session(engine, writes=writes)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def take_turn(db: Session, name: str) -> None:
    """Serialise this transaction with every other one that takes a turn under ``name``, until it ends.
    PostgreSQL: a transaction-scoped advisory lock. SQLite: nothing to do, a writing transaction already
    holds the database's only write lock."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": f"surgebench:{name}"})


def rows_changed(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE changed (its result is a ``CursorResult``, which
    ``Session.execute`` does not say)."""
    return cast(CursorResult[Any], result).rowcount
