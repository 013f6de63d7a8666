"""Running the schedule: each instance looks now and then (``tick``); for every job the latest slot at or
before now is due, and exactly one instance gets to run it — the one whose ledger insert succeeds, or,
when the instance holding a run went silent, the one whose compare-and-set retakes it. The work and the
run's "succeeded" commit in one transaction, so a run cut short leaves nothing and is simply redone."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surgebench.db.orm import ScheduleRun
from surgebench.db.session import unit_of_work
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.upkeep import repository
from surgebench.domain.upkeep.errors import ScheduledJobAlreadyRunning, UnknownScheduledJob
from surgebench.domain.upkeep.schedule_service import ScheduledJob
from surgebench.lib.clock import Clock
from surgebench.settings import FaultSettings, SchedulerSettings

log = logging.getLogger("surgebench.upkeep")

THIS_INSTANCE = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Retaken(Exception):
    """Another instance took the run over while this one was still working: this one's work is dropped."""


@dataclass(frozen=True)
class JobStatus:
    job: ScheduledJob
    last: ScheduleRun | None
    next_slot: datetime


@dataclass(frozen=True)
class Upkeep:
    """The schedule as one instance runs it: the jobs, the clock, the settings, who this instance is."""

    engine: Engine
    jobs: Sequence[ScheduledJob]
    clock: Clock
    settings: SchedulerSettings
    faults: FaultSettings = FaultSettings(hold=timedelta(0), at=frozenset())
    instance: str = THIS_INSTANCE

    def tick(self) -> list[dict[str, Any]]:
        """Run every job whose latest slot nobody has run yet (or whose run was abandoned)."""
        done = []
        for job in self.jobs:
            now = self.clock.now()
            slot = job.every.latest_slot(now)
            run_id = self._claim(job, slot, now)
            if run_id is not None:
                done.append({"job": job.name, "slot": slot.isoformat(), **self._run(job, run_id)})
        return done

    def run_now(self, name: str, actor: Actor) -> ScheduleRun:
        """Run a job at once, outside its schedule (its own slot: this moment)."""
        job = self.job(name)
        now = self.clock.now()
        with unit_of_work(self.engine) as db:
            run_id = repository.insert_run(db, job.name, now, self.instance, now, manual=True)
            if run_id is None:
                raise ScheduledJobAlreadyRunning(
                    f"{job.label} is already running (a run started at {now.isoformat()})."
                )
            record(db, actor, "run", "scheduled_job", job.name, {"slot": now.isoformat()})
        self._run(job, run_id)
        with unit_of_work(self.engine, writes=False) as db:
            found = repository.run_for(db, job.name, now)
            assert found is not None
            return found

    def job(self, name: str) -> ScheduledJob:
        found = next((j for j in self.jobs if j.name == name), None)
        if found is None:
            known = ", ".join(j.name for j in self.jobs)
            raise UnknownScheduledJob(f"There is no scheduled job {name!r} (one of {known}).")
        return found

    def overview(self, db: Session) -> list[JobStatus]:
        latest = repository.latest_runs(db)
        now = self.clock.now()
        return [JobStatus(job, latest.get(job.name), job.every.next_slot(now)) for job in self.jobs]

    def _claim(self, job: ScheduledJob, slot: datetime, now: datetime) -> int | None:
        with unit_of_work(self.engine) as db:
            run_id = repository.insert_run(db, job.name, slot, self.instance, now, manual=False)
            if run_id is not None:
                return run_id
            existing = repository.run_for(db, job.name, slot)
            stale_before = now - self.settings.stale_after
            if existing is not None and repository.retake(db, existing.id, self.instance, now, stale_before):
                log.warning("retaking %s for %s: %s went silent", job.name, slot, existing.instance)
                return existing.id
        return None

    def _run(self, job: ScheduledJob, run_id: int) -> dict[str, Any]:
        beat = _Heartbeat(self, run_id)
        try:
            with beat, unit_of_work(self.engine) as db:
                now = self.clock.now()
                outcome = job.handler(db, now)
                self.faults.pause("schedule")  # the crash tests kill the instance here
                if not repository.finish(db, run_id, self.instance, self.clock.now(), "succeeded", outcome):
                    raise Retaken(f"{job.name} run {run_id}")
            log.info("%s ran: %s", job.name, outcome)
            return {"status": "succeeded", **outcome}
        except Retaken:
            log.warning(
                "%s run %s was retaken by another instance; this one's work is dropped", job.name, run_id
            )
            return {"status": "retaken"}
        except Exception as exc:
            log.exception("%s failed", job.name)
            with unit_of_work(self.engine) as db:
                repository.finish(db, run_id, self.instance, self.clock.now(), "failed", {"error": str(exc)})
            return {"status": "failed", "error": str(exc)}


class _Heartbeat:
    """Says the run is alive every third of ``stale_after``, in transactions of its own."""

    def __init__(self, upkeep: Upkeep, run_id: int) -> None:
        self.upkeep, self.run_id = upkeep, run_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"upkeep-{run_id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        every = self.upkeep.settings.stale_after.total_seconds() / 3
        while not self._stop.wait(every):
            try:
                with unit_of_work(self.upkeep.engine) as db:
                    repository.beat(db, self.run_id, self.upkeep.instance, self.upkeep.clock.now())
            except Exception:  # a missed beat is not the run's failure
                log.warning("could not record the heartbeat of run %s", self.run_id, exc_info=True)
