"""Typed settings, one dataclass per concern. The only module that reads ``os.environ``."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"SURGEBENCH_{name}", default)


def _env_bool(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = field(
        default_factory=lambda: _env("DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'var' / 'surgebench.db'}")
    )
    """SQLAlchemy URL. SQLite (the default) lives under ``var/``; PostgreSQL via ``postgresql+psycopg://``."""
    echo: bool = field(default_factory=lambda: _env_bool("DATABASE_ECHO", False))
    """Log every SQL statement."""
    sqlite_busy_timeout_ms: int = 10_000
    """How long a SQLite writer waits for a lock before giving up."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


@dataclass(frozen=True)
class AuthSettings:
    session_cookie: str = "surgebench_session"
    """Name of the HttpOnly cookie holding the opaque server-side session id."""
    cookie_secure: bool = field(default_factory=lambda: _env_bool("COOKIE_SECURE", False))
    """Send the session cookie only over HTTPS. Turn on behind TLS."""
    session_lifetime: timedelta = field(
        default_factory=lambda: timedelta(hours=int(_env("SESSION_LIFETIME_HOURS", "12")))
    )
    """Absolute lifetime of a session from sign-in, however active it is."""
    max_failed_sign_ins: int = 5
    """Failed sign-ins per account before the account is locked for ``lockout``."""
    lockout: timedelta = timedelta(minutes=15)
    """How long an account stays locked after too many failed sign-ins."""
    password_hashing: str = field(default_factory=lambda: _env("PASSWORD_HASHING", "RFC_9106_LOW_MEMORY"))
    """argon2 parameter profile for new password hashes (a name in ``argon2.profiles``). The default is
    argon2id with 64 MiB, 3 passes; the test suite uses ``CHEAPEST`` so fixtures do not spend seconds."""


@dataclass(frozen=True)
class ServerSettings:
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    """Interface the web server binds to."""
    port: int = field(default_factory=lambda: int(_env("PORT", "8000")))
    """TCP port the web server listens on."""
    run_jobs: bool = field(default_factory=lambda: _env_bool("RUN_JOBS", True))
    """Whether this instance also runs background jobs (imports, solves). Jobs are claimed with row
    locks, so several instances may all run them safely."""
    job_poll_seconds: float = 1.0
    """How often an idle instance looks for queued jobs (imports, solves)."""


@dataclass(frozen=True)
class SolveSettings:
    time_limit_seconds: float = field(default_factory=lambda: float(_env("SOLVE_TIME_LIMIT", "60")))
    """How long one plan's solve may take before it returns its best plan so far (marked "feasible")."""


@dataclass(frozen=True)
class PathSettings:
    templates: Path = PROJECT_ROOT / "templates"
    """Jinja2 templates."""
    fixtures: Path = PROJECT_ROOT / "fixtures"
    """Demo data: skills taxonomy, clients, accounts."""
    var: Path = PROJECT_ROOT / "var"
    """Local state: the embedded SQLite database."""


@dataclass(frozen=True)
class Settings:
    db: DatabaseSettings = field(default_factory=DatabaseSettings)
    auth: AuthSettings = field(default_factory=AuthSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    solve: SolveSettings = field(default_factory=SolveSettings)
    paths: PathSettings = field(default_factory=PathSettings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
