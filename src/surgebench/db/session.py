"""One transaction boundary per entry point: a request, a job or a CLI command opens a unit of work;
services never commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from surgebench.db.engine import build_engine
from surgebench.settings import DatabaseSettings, get_settings


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    return build_engine(DatabaseSettings(url=url))


def get_engine(url: str | None = None) -> Engine:
    return _engine_for(url or get_settings().db.url)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """Commit when the block ends normally, roll back (leaving the database as it was) otherwise."""
    session = Session(bind=engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
