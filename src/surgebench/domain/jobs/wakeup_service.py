"""A job is taken the moment it is queued, not at the next poll: the transaction that queues it wakes the
runners when it commits — this instance's at once, every other instance's through PostgreSQL's
``NOTIFY`` (``Listener`` runs ``LISTEN`` in each runner). The poll stays as the fallback for what a
wake-up misses (a lost listening connection; on SQLite, instances in other processes)."""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from surgebench.domain.jobs import repository

log = logging.getLogger("surgebench.jobs")

CHANNEL = "surgebench_jobs"
"""The PostgreSQL notification channel every runner listens on."""
LISTEN_TIMEOUT_SECONDS = 1.0
"""How long a listener waits for a notification before it looks whether it should stop."""
RECONNECT_SECONDS = 5.0
"""How long a listener that lost its connection waits before it connects again (the poll covers it)."""

_runners: dict[int, weakref.WeakSet[Any]] = {}
"""This process's runners by the connection pool (the instance's database) they run from."""
_guard = threading.Lock()


def register(engine: Engine, runner: Any) -> None:
    with _guard:
        _runners.setdefault(id(engine.pool), weakref.WeakSet()).add(runner)


def unregister(engine: Engine, runner: Any) -> None:
    with _guard:
        _runners.get(id(engine.pool), weakref.WeakSet()).discard(runner)


def wake_here(engine: Engine) -> None:
    """Wake this process's runners on this database."""
    with _guard:
        runners = list(_runners.get(id(engine.pool), ()))
    for runner in runners:
        runner.wake()


def on_commit(db: Session) -> None:
    """Wake the runners when ``db``'s transaction commits (nothing happens if it rolls back): a job it
    queued is runnable from then on."""
    bind = db.get_bind()
    if bind.dialect.name == "postgresql":
        repository.notify(db, CHANNEL)  # sent at commit
    engine = bind if isinstance(bind, Engine) else bind.engine
    event.listen(db, "after_commit", lambda _session: wake_here(engine), once=True)


def wake_now(engine: Engine) -> None:
    """Wake every instance's runners now (for a job queued earlier without a wake-up)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            repository.notify(conn, CHANNEL)
    wake_here(engine)


class Listener(threading.Thread):
    """``LISTEN`` on its own connection (PostgreSQL only) and call ``wake`` for every notification."""

    def __init__(self, engine: Engine, wake: Callable[[], None]) -> None:
        super().__init__(name="jobs-listen", daemon=True)
        self.url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.wake = wake
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        while not self.stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.wake()  # anything queued while not listening is found now
                    while not self.stop.is_set():
                        for _notification in conn.notifies(timeout=LISTEN_TIMEOUT_SECONDS):
                            self.wake()
            except Exception:
                log.warning("the job listener lost its connection; polling until it is back", exc_info=True)
                self.stop.wait(RECONNECT_SECONDS)
