"""Shared fixtures. Integration tests run on SQLite always and on PostgreSQL whenever it is reachable
(``SURGEBENCH_TEST_POSTGRES_URL``, default 127.0.0.1:5432/test): the same tests, both engines, one run.

Each engine gets one freshly migrated database per test worker; every test starts from empty tables
plus the reference data (skills taxonomy, demo clients)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from surgebench.db import migrate
from surgebench.db.base import Base
from surgebench.db.session import get_engine, unit_of_work
from surgebench.lib.clock import FixedClock
from surgebench.settings import DatabaseSettings, SchedulerSettings, ServerSettings, Settings

# Hashing every fixture account's password with production argon2 parameters costs ~1 s each on a busy
# machine; the tests prove the behaviour, not the cost (tests/unit/accounts checks the production profile).
os.environ.setdefault("SURGEBENCH_PASSWORD_HASHING", "CHEAPEST")

POSTGRES_ADMIN_URL = os.environ.get(
    "SURGEBENCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_reachable() -> bool:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


POSTGRES_AVAILABLE = _postgres_reachable()
ENGINES = ["sqlite", "postgresql"]


def _worker_suffix() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main") + "_" + uuid.uuid4().hex[:8]


def create_database(kind: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object]:
    """A new, empty database of the given engine; returns its URL and a callable that drops it."""
    if kind == "sqlite":
        path = tmp_path_factory.mktemp("db") / "surgebench.db"
        return f"sqlite:///{path}", lambda: None
    if not POSTGRES_AVAILABLE:
        if os.environ.get("CI"):  # CI always has PostgreSQL: a silent skip there would hide a gap
            pytest.fail("PostgreSQL is not reachable at " + POSTGRES_ADMIN_URL + " (required on CI)")
        pytest.skip("PostgreSQL is not reachable at " + POSTGRES_ADMIN_URL)
    name = f"surgebench_test_{_worker_suffix()}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session", params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, drop = create_database(request.param, tmp_path_factory)
    migrate.upgrade(url)
    yield url
    drop()  # type: ignore[operator]


def _empty_all_tables(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
            )
        else:
            for table in tables:
                conn.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def engine(database_url: str) -> Engine:
    """The test's database: empty tables, then the reference data (skills, demo clients)."""
    from surgebench.demo.reference import load_reference_data

    engine = get_engine(database_url)
    _empty_all_tables(engine)
    with unit_of_work(engine) as db:
        load_reference_data(db)
    return engine


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session for a test's own reads (and simple setup writes). It does not take SQLite's write turn, so
    the app and commands the test drives in the same thread can write while it is open."""
    with unit_of_work(engine, writes=False) as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        db=DatabaseSettings(url=database_url),
        server=ServerSettings(run_jobs=False),
        scheduler=SchedulerSettings(enabled=False),
    )


TODAY = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
"""The date the tests' apps and jobs live on (a clock the tests control; nothing reads the system's)."""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def client(engine: Engine, settings: Settings, clock: FixedClock) -> Iterator[TestClient]:
    """An anonymous HTTP client on the real app (jobs are run explicitly by tests that need them)."""
    from surgebench.app import create_app

    with TestClient(app=create_app(settings, clock)) as test_client:
        yield test_client


@dataclass
class SignedIn:
    """A client signed in through the real sign-in form, with its account's details."""

    http: TestClient
    user_id: int
    email: str
    password: str
    role: str
    csrf: str

    def post_form(self, url: str, data: dict | None = None, **kwargs):  # type: ignore[no-untyped-def]
        return self.http.post(url, data={"_csrf": self.csrf, **(data or {})}, **kwargs)


@pytest.fixture
def make_account(engine: Engine):  # type: ignore[no-untyped-def]
    """``make_account(role, client_slug=None) -> (user_id, email, password)``, created through the service."""
    from surgebench.domain.accounts import service
    from surgebench.domain.audit.service import Actor

    def make(role: str, client_slug: str | None = None) -> tuple[int, str, str]:
        email = f"{role}-{uuid.uuid4().hex[:8]}@example.test"
        password = "correct horse battery staple"
        with unit_of_work(engine) as db:
            user = service.create_user(
                db,
                Actor.system("test"),
                email=email,
                full_name=f"Test {role}",
                role=role,
                password=password,
                client_slug=client_slug,
            )
            return user.id, email, password

    return make


@pytest.fixture
def sign_in_as(engine: Engine, settings: Settings, make_account, clock: FixedClock):  # type: ignore[no-untyped-def]
    """``sign_in_as(role, client_slug=None) -> SignedIn``: a fresh account, signed in via the page."""
    from surgebench.app import create_app
    from tests.support import sign_in_via_form

    opened: list[TestClient] = []

    def sign_in(role: str, client_slug: str | None = None) -> SignedIn:
        user_id, email, password = make_account(role, client_slug)
        http = TestClient(app=create_app(settings, clock))
        http.__enter__()
        opened.append(http)
        csrf = sign_in_via_form(http, email, password)
        return SignedIn(http, user_id, email, password, role, csrf)

    yield sign_in
    for http in opened:
        http.__exit__(None, None, None)


@pytest.fixture
def api_as(engine: Engine, settings: Settings, make_account, clock: FixedClock):  # type: ignore[no-untyped-def]
    """``api_as(role, client_slug=None) -> TestClient`` sending a bearer API token for a fresh account."""
    from surgebench.app import create_app
    from surgebench.domain.accounts import service
    from surgebench.domain.audit.service import Actor

    opened: list[TestClient] = []

    def api(role: str, client_slug: str | None = None) -> TestClient:
        user_id, _email, _password = make_account(role, client_slug)
        with unit_of_work(engine) as db:
            token = service.create_api_token(db, Actor.system("test"), service.get_user(db, user_id), "tests")
        http = TestClient(app=create_app(settings, clock))
        http.headers["Authorization"] = f"Bearer {token}"
        http.__enter__()
        opened.append(http)
        return http

    yield api
    for http in opened:
        http.__exit__(None, None, None)
