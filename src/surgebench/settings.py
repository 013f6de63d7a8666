"""Typed settings, one dataclass per concern. The only module that reads ``os.environ``."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from surgebench.staffing.settings import DEFAULT_TIME_LIMIT

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
    sqlite_busy_timeout_ms: int = field(default_factory=lambda: int(_env("SQLITE_BUSY_TIMEOUT_MS", "30000")))
    """How long a SQLite writer waits for its turn at the write lock before giving up (the request then
    answers 503). Writers queue instead of failing: the longest turn anyone takes is a bulk import's
    apply step — measured for 100,000 brand-new specialists at about 10 s on an idle 2-core machine and
    25 s at load average 3-5 (the trigram search index is 70% of it); a re-import of unchanged rows holds
    it 0.5 s. 30 s lets a first bulk load finish under load without leaving anyone waiting forever."""
    sqlite_pool_size: int = 20
    """Connections kept open to the SQLite file. Writers waiting their turn each hold one; with 50
    concurrent users the default pool of 5 (+10 overflow) ran dry and requests failed after 30 s."""

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
    """Failed sign-ins to one account from one source address before that source is refused for that
    account (429, ``Retry-After``) for ``lockout``. Other sources, the owner's among them, are not
    affected: a stranger cannot lock the owner out (OWASP ASVS 6.3)."""
    lockout: timedelta = timedelta(minutes=1)
    """The first lockout of a source; each further one in a row lasts twice as long, up to
    ``max_lockout``: one address gets about five guesses an hour per account once it keeps failing."""
    max_lockout: timedelta = timedelta(hours=1)
    """The longest a source is refused for one account."""
    throttle_memory: timedelta = timedelta(days=1)
    """A source's failures and lockouts are forgotten after this long without a failure."""
    account_ceiling: int = 20
    """Failures to one account from every source within ``account_window`` past which sources that have
    never signed in to it may try only once per ``account_slowdown`` (a spread-out guessing attack is
    slowed to a crawl); sources it has signed in from are never slowed by it."""
    account_window: timedelta = timedelta(hours=1)
    """The window the account-wide failures are counted in."""
    account_slowdown: timedelta = timedelta(seconds=30)
    """Past the ceiling, one try per this long for the account from sources it has not signed in from."""
    password_hashing: str = field(default_factory=lambda: _env("PASSWORD_HASHING", "RFC_9106_LOW_MEMORY"))
    """argon2 parameter profile for new password hashes (a name in ``argon2.profiles``). The default is
    argon2id with 64 MiB, 3 passes; the test suite uses ``CHEAPEST`` so fixtures do not spend seconds."""


@dataclass(frozen=True)
class ServerSettings:
    host: str = field(default_factory=lambda: _env("HOST", "127.0.0.1"))
    """Interface the web server binds to."""
    port: int = field(default_factory=lambda: int(_env("PORT", "8000")))
    """TCP port the web server listens on."""
    worker_threads: int = field(default_factory=lambda: int(_env("WORKER_THREADS", "40")))
    """Threads running request handlers (blocking database work). asyncio's default, cpu count + 4, is 6
    on a 2-core machine: six writers waiting their turn at the SQLite write lock then held up every
    read. 40 matches the connection pool (20 + 20 overflow)."""
    body_timeout_seconds: float = field(default_factory=lambda: float(_env("BODY_TIMEOUT_SECONDS", "30")))
    """How long the server waits for the next part of a request's body before answering 408 and closing
    the connection. A request that announced a body and sent nothing was held for ever; 30 s is far
    longer than any pause in a real upload (a 200 MB file on a slow link still arrives in a steady stream
    of parts) and short enough that idle connections do not pile up."""
    run_jobs: bool = field(default_factory=lambda: _env_bool("RUN_JOBS", True))
    """Whether this instance also runs background jobs (imports, solves). Jobs are claimed with row
    locks, so several instances may all run them safely."""


@dataclass(frozen=True)
class SolveSettings:
    time_limit_seconds: float = field(
        default_factory=lambda: float(_env("SOLVE_TIME_LIMIT", str(DEFAULT_TIME_LIMIT)))
    )
    """How long one plan's solve may take before it returns its best plan so far (marked "feasible")."""
    plans_per_user: int = field(default_factory=lambda: int(_env("PLANS_PER_USER", "3")))
    """Plans one user may have queued or solving at once (a request has at most one: a new plan of it
    supersedes the one still queued or solving). Each instance solves one plan at a time, so a user
    with more in flight only delays everyone else: one manager queued 40 plans in 0.6 s and held two
    instances for 104 s. Three lets a manager plan a few requests side by side."""
    retry_after_seconds: int = 15
    """What a user over ``plans_per_user`` is told to wait (``Retry-After``): about one plan's whole
    time on the 200,000-person bench (14-16 s measured), by when one of theirs has most likely ended."""


@dataclass(frozen=True)
class UploadSettings:
    max_bytes: int = field(default_factory=lambda: int(_env("UPLOAD_MAX_MB", "256")) * 1024 * 1024)
    """The largest CSV upload accepted (larger ones get a 413 before they are stored). 256 MB holds a
    bench file of well over a million specialists (150 bytes a row in ``benchmarks/bench_import.py``'s
    files). Uploads are streamed to storage a chunk at a time, so this bounds the database's space and
    the import job's work, not the upload's memory (a 192 MB upload: +8 MB, ``bench_upload.py``)."""


def _env_seconds(name: str, default: float) -> timedelta:
    return timedelta(seconds=float(_env(name, str(default))))


@dataclass(frozen=True)
class JobSettings:
    heartbeat: timedelta = field(default_factory=lambda: _env_seconds("JOB_HEARTBEAT_SECONDS", 5))
    """How often a running job's worker says it is alive (one small write)."""
    stale_after: timedelta = field(default_factory=lambda: _env_seconds("JOB_STALE_AFTER_SECONDS", 30))
    """A running job whose worker has been silent this long is shown as stalled and retaken by the
    next instance that polls. Six missed heartbeats: a worker busy in a long write is not mistaken for
    a dead one (its heartbeat thread keeps beating), while a crashed one is noticed within half a
    minute instead of the two minutes it took before."""
    poll_interval: timedelta = field(default_factory=lambda: _env_seconds("JOB_POLL_SECONDS", 1))
    """How often an instance's runner looks for queued (or stalled) jobs."""


@dataclass(frozen=True)
class SchedulerSettings:
    enabled: bool = field(default_factory=lambda: _env_bool("SCHEDULER", True))
    """Whether this instance runs the scheduled upkeep (every instance may: each slot runs once)."""
    tick: timedelta = field(default_factory=lambda: _env_seconds("SCHEDULER_TICK_SECONDS", 30))
    """How often the instance looks for a due slot."""
    every: timedelta | None = field(
        default_factory=lambda: (
            _env_seconds("SCHEDULE_EVERY_SECONDS", 0) if _env("SCHEDULE_EVERY_SECONDS", "") else None
        )
    )
    """Run every scheduled job on this interval instead of daily (trials and tests)."""
    stale_after: timedelta = field(default_factory=lambda: _env_seconds("SCHEDULER_STALE_SECONDS", 60))
    """A run whose instance has not beaten this long is retaken by the next instance that looks."""


@dataclass(frozen=True)
class MailSettings:
    smtp_url: str = field(default_factory=lambda: _env("SMTP_URL", ""))
    """Where the outbox sends mail: ``smtp://[user:password@]host[:port]`` (``?starttls=1`` to upgrade
    the connection), or ``smtps://…`` (TLS from the start). Empty (the default): nothing is sent and
    messages wait in the outbox (``/admin/outbox``, ``surgebench outbox``)."""
    sender: str = field(default_factory=lambda: _env("MAIL_FROM", "surgebench <offers@surgebench.localhost>"))
    """The ``From`` of every message."""
    public_url: str = field(default_factory=lambda: _env("PUBLIC_URL", "http://127.0.0.1:8000"))
    """The address people reach this service at: the links in messages start with it."""
    poll: timedelta = field(default_factory=lambda: _env_seconds("OUTBOX_POLL_SECONDS", 2))
    """How often each instance's sender looks for pending messages."""
    lease: timedelta = field(default_factory=lambda: _env_seconds("OUTBOX_LEASE_SECONDS", 120))
    """How long a sender holds the messages it claimed: a sender that dies holding them frees them after
    this long, and another sends them again (same ``Message-ID``). Far longer than one SMTP exchange
    (a batch to a local server takes well under a second); short enough that a crash delays mail by
    minutes, not hours."""
    batch: int = 50
    """Messages one sender claims at a time (one SMTP connection sends them all)."""

    @property
    def enabled(self) -> bool:
        return bool(self.smtp_url.strip())


@dataclass(frozen=True)
class FaultSettings:
    """Fault injection for the crash tests only (everything off in production): hold a transaction open
    just before it commits, at the named points, so a test can kill the instance in the middle."""

    hold: timedelta = field(default_factory=lambda: _env_seconds("FAULT_HOLD_SECONDS", 0))
    """How long to hold (zero: never)."""
    at: frozenset[str] = field(
        default_factory=lambda: frozenset(p.strip() for p in _env("FAULT_AT", "").split(",") if p.strip())
    )
    """Where: ``schedule`` (a scheduled run), ``approval`` (a plan's approval), ``outbox`` (after a message
    went out by SMTP, before it is recorded as sent)."""

    def pause(self, point: str) -> None:
        if point in self.at and self.hold.total_seconds() > 0:
            time.sleep(self.hold.total_seconds())


@dataclass(frozen=True)
class QualitySettings:
    """The quality estimate's rule (``domain/outcomes/estimate.py``) and the vendor-wide floor."""

    prior_items: int = field(default_factory=lambda: int(_env("QUALITY_PRIOR_ITEMS", "50")))
    """The vetting score counts as this many reviewed items of evidence: a first outcome of 50 items
    moves the estimate half-way from the vetting score towards what the lab measured."""
    half_life_days: int = field(default_factory=lambda: int(_env("QUALITY_HALF_LIFE_DAYS", "180")))
    """An outcome's items count half as much after this many days (about two cycles), a quarter after
    twice as many: this year's work outweighs last year's."""
    vendor_floor_milli: int = field(default_factory=lambda: int(_env("QUALITY_VENDOR_FLOOR_MILLI", "600")))
    """Below this estimate in a skill they have worked, a person is listed on ``/attention`` for the
    recruiters to re-vet, whatever the program."""


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
    uploads: UploadSettings = field(default_factory=UploadSettings)
    jobs: JobSettings = field(default_factory=JobSettings)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    faults: FaultSettings = field(default_factory=FaultSettings)
    mail: MailSettings = field(default_factory=MailSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    paths: PathSettings = field(default_factory=PathSettings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
