"""Crash proofs: real ``surgebench serve`` processes on one database, one killed with SIGKILL in the middle
of a piece of work, then another instance must retake the work and finish it exactly once, with nothing
half-written in between.

A scenario is four small functions (see ``KillScenario``); ``test_kill_nine.py`` runs every scenario in
``SCENARIOS`` on both engines. To add one (say, a plan approval), write the four functions next to the
import's in ``scenarios.py`` and append a ``KillScenario`` to ``SCENARIOS``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

HEARTBEAT_S = 0.3
STALE_AFTER_S = 3.0
"""Short so a retake happens within seconds (production: 5 s and 30 s)."""
START_TIMEOUT_S = 30.0
FINISH_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class KillScenario:
    name: str
    start: Callable[[Engine], int]
    """Queue the work (from the test process); returns the job id."""
    in_flight: Callable[[Engine, int], bool]
    """True once the instance is inside the stretch a crash must not tear (e.g. writing rows)."""
    nothing_half_written: Callable[[Engine, int], None]
    """Asserts, right after the kill, that none of the work is visible and the job is not finished."""
    finished_once: Callable[[Engine, int, str], None]
    """Asserts the retaking instance (its worker id prefix is given) finished the work exactly once."""


class Instance:
    """``surgebench serve`` in its own process (background jobs on), on a free port, on one database; its
    output goes to ``log`` when given."""

    def __init__(
        self, database_url: str, name: str, env: dict[str, str] | None = None, log: Path | None = None
    ) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.name = name
        env = {
            **os.environ,
            "SURGEBENCH_DATABASE_URL": database_url,
            "SURGEBENCH_RUN_JOBS": "1",
            "SURGEBENCH_PORT": str(self.port),
            "SURGEBENCH_JOB_HEARTBEAT_SECONDS": str(HEARTBEAT_S),
            "SURGEBENCH_JOB_STALE_AFTER_SECONDS": str(STALE_AFTER_S),
            "SURGEBENCH_JOB_POLL_SECONDS": "0.2",
            "SURGEBENCH_SCHEDULER": "0",
            **(env or {}),
        }
        surgebench = Path(sys.executable).with_name("surgebench")
        output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (the process owns it)
        self.process = subprocess.Popen([str(surgebench), "serve"], env=env, stdout=output, stderr=output)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"instance {name} exited while starting"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError(f"instance {name} did not answer within {START_TIMEOUT_S}s")

    @property
    def worker_prefix(self) -> str:
        """How this process's job worker ids begin (``host:pid:``)."""
        return f"{socket.gethostname()}:{self.process.pid}:"

    def kill_nine(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def kill_during(scenario: KillScenario, engine: Engine, database_url: str) -> None:
    """Start the work on instance A, SIGKILL A inside the critical stretch, check nothing is half-written,
    then start instance B and check it retakes the work and finishes it exactly once."""
    job_id = scenario.start(engine)
    first = Instance(database_url, "A")
    try:
        wait_for(lambda: scenario.in_flight(engine, job_id), FINISH_TIMEOUT_S, f"{scenario.name} in flight")
        time.sleep(0.1)  # well inside the stretch, not at its first statement
        first.kill_nine()
    finally:
        first.stop()
    scenario.nothing_half_written(engine, job_id)
    second = Instance(database_url, "B")
    try:
        scenario.finished_once(engine, job_id, second.worker_prefix)
    finally:
        second.stop()
