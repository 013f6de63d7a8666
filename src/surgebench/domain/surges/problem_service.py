"""From the database to the solver's problem (``surge-problem/1``, see ``docs/surge-problem.md``).

Everything is read set-based, a handful of queries whatever the bench's size, and no ORM object is made
per person: the specialists' columns, their skills and languages, their engagement history (client,
model, cycle, end date) and the weekly hours of engagements that overlap the new cycles' dates.

Rules of the translation:
- every specialist who is not offboarded is in the problem (offboarded people are gone; counting them in
  a shortfall would send recruiters after people who left), plus anyone a request pins or excludes;
- ``history`` is every engagement of the person, except those of the cycles being staffed;
- ``history`` is every engagement of the person that began or will begin (not withdrawn before its
  start), except those of the cycles being staffed; a running engagement's ``ended_on`` is the day it
  will end — its cycle's last day unless it says otherwise — so a cycle planned while the one before
  still runs sees when its people come free (and a rival's roster bars its people until then);
- ``committed_hours`` is the recruiter's figure for work outside surgebench plus the most weekly hours
  surgebench's own engagements (other than the cycles being staffed) take on any one day from the
  earliest first ramp date to the latest end date of the requests solved together
  (``engagements.service.booked_hours``: the reckoning the bench and the profile show too);
- no recorded vetting expiry means none (``9999-12-31``); no available-from date means available now
  (``0001-01-01``); a vetted person whose vetting ran out before today is written with the status
  ``lapsed`` (never counted as vetted);
- ``skill_quality`` holds the person's quality estimate (``outcomes.estimate_service``: the vetting score
  rolled with their outcomes) in each skill they have outcomes in; elsewhere ``quality`` (the vetting
  score) is their estimate already;
- the quality gate: someone whose program's gate holds them back (``outcomes.service.held_back``: their
  outcome in the cycle before the one being staffed, or their estimate in the skill they worked there,
  below the program's thresholds) has that one engagement left out of ``history``, so the contract does
  not count them as returning; the engagement stays when the client is a competitor of a request being
  planned (the rival rules read it). The people held back are handed back in ``held_back`` for the
  plan's *why*;
- nobody starts in the past: ``available_from`` is never before today; a re-plan's kept roster members
  are written with ``available_from`` = the day they were approved to start, so they keep it (the solver
  starts pinned people on their earliest day).
"""

from __future__ import annotations

import gzip
import struct
import threading
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

import msgspec
from sqlalchemy.orm import Session

from surgebench.domain.engagements import service as engagements
from surgebench.domain.outcomes import estimate_service
from surgebench.domain.outcomes import service as outcomes
from surgebench.domain.outcomes.service import HeldBack
from surgebench.domain.surges import problem_repository as repository
from surgebench.domain.surges.ask_schemas import SurgeAsk
from surgebench.lib.timing import Stopwatch, lap
from surgebench.staffing.fields import ProblemError
from surgebench.staffing.problem import (
    NO_SKILL_QUALITY,
    PROBLEM_FORMAT,
    Engagement,
    Problem,
    Request,
    Specialist,
    assemble,
    zone,
)

NO_EXPIRY = "9999-12-31"
AVAILABLE_NOW = "0001-01-01"


def build_problem(
    db: Session,
    asks: Sequence[SurgeAsk],
    people: Collection[int] | None = None,
    today: date | None = None,
    held_back: list[HeldBack] | None = None,
) -> dict[str, Any]:
    """The contract's problem document for these requests, solved together; with ``people``, only those
    specialists (what approval re-checks a plan's people against). The people the quality gate held
    back are appended to ``held_back`` when it is given."""
    return problem_document(build(db, asks, people, today, held_back))


def build(
    db: Session,
    asks: Sequence[SurgeAsk],
    people: Collection[int] | None = None,
    today: date | None = None,
    held_back: list[HeldBack] | None = None,
    watch: Stopwatch | None = None,
    snapshot: bool = True,
) -> Problem:
    """The solver's problem for these requests, read from the database and checked against the contract
    as it is built (no JSON in between: the document is written from it, ``problem_json``). ``watch``
    times reading the records (``read``), building (``build``) and what is left to check (``check``).
    The people the quality gate held back are appended to ``held_back`` when it is given.

    For the whole bench (no ``people``) the process keeps a snapshot of it between plans
    (``_Snapshot``), valid while the database's bench version is unchanged: a plan then reads only what
    is its own (booked hours in its window, its quality gate) and rebuilds only the people it touches;
    ``snapshot=False`` reads everything afresh (what the snapshot must equal)."""
    if not asks:
        raise ValueError("a problem needs at least one request")
    if snapshot and people is None and today is not None:
        found = _from_snapshot(db, asks, today, held_back, watch)
        if found is not None:
            return found
    window = (min(a.first_ramp_date for a in asks), max(a.ends_on for a in asks))
    ignored = {a.own_cycle_id for a in asks if a.own_cycle_id is not None}
    named = {p.specialist_id for a in asks for p in a.pinned} | {s for a in asks for s in a.excluded}
    only = None if people is None else set(people) | named
    skills = repository.skill_levels(db, only)
    languages = repository.languages(db, only)
    history = repository.history(db, ignored, only)
    estimates = estimate_service.estimates(db, today or window[0], only)
    held = outcomes.held_back(db, [(a.client, a.model, a.cycle) for a in asks], estimates, only)
    rivals = {c for a in asks for c in a.competitors}
    done = outcomes.hold_back_in_history(history, held, rivals)
    if held_back is not None:
        held_back.extend(done)
    committed = engagements.booked_hours(db, window[0], window[1], only=only, ignored_cycles=ignored)
    rows = list(repository.specialist_rows(db, named, only))
    lap(watch, "read")
    kept = {k.specialist_id: k.starts_on.isoformat() for a in asks for k in a.kept}
    make = _Maker(today, skills, languages, estimates)
    specialists: list[Specialist] = []
    for row in rows:
        sid = row[0]
        specialists.append(
            make(row, len(specialists), committed.get(sid, 0), history.get(sid), kept.get(sid), specialists)
        )
    lap(watch, "build")
    _check_columns(specialists, {level for person in skills.values() for level in person.values()})
    problem = assemble(tuple(specialists), [_request(a) for a in asks])
    lap(watch, "check")
    return problem


class _Maker:
    """One person of the problem from their specialist row and what else is known of them."""

    def __init__(
        self,
        today: date | None,
        skills: Mapping[int, dict[str, int]],
        languages: Mapping[int, tuple[str, ...]],
        estimates: Mapping[int, dict[str, Any]],
    ) -> None:
        self.lapsed_before = today.isoformat() if today else ""
        self.not_before = today.isoformat() if today else AVAILABLE_NOW
        self.days = _Days()
        self.skills, self.languages, self.estimates = skills, languages, estimates
        self.no_skills: dict[str, int] = {}

    def __call__(
        self,
        row: Sequence[Any],
        position: int,
        committed: int,
        worked: Sequence[Sequence[Any]] | None,
        kept: str | None,
        built: list[Specialist],
    ) -> Specialist:
        """``row`` (``specialist_rows``) as the problem's ``position``-th person, with ``committed`` hours
        booked by surgebench, ``worked`` (their history, or ``None``) and ``kept`` (a kept roster
        member's start day). ``built`` is who came before, for an error's place."""
        sid, status, expires, country, timezone, available, weekly, own_hours, quality, rate = row
        hours = own_hours + committed
        if weekly < 0 or hours < 0 or not 0 <= quality <= 1000 or status is None:
            raise ProblemError(
                f"specialists[{position}]",
                f"specialist {sid}: hours, quality or status out of the contract's range",
            )
        days = self.days
        day = days.seen.get
        expires = expires or NO_EXPIRY
        not_before = self.not_before
        start = kept or (available if available and available > not_before else not_before)
        return Specialist(
            str(sid),
            "lapsed" if status == "vetted" and expires < self.lapsed_before else status,
            day(expires) or days.of(expires, built),
            self.skills.get(sid, self.no_skills),
            self.languages.get(sid, ()),
            country,
            timezone,
            day(start) or days.of(start, built),
            weekly,
            hours,
            quality / 1000,
            NO_SKILL_QUALITY if (own := self.estimates.get(sid)) is None else _skill_quality(own, built),
            rate / 100,
            ()
            if worked is None
            else tuple(
                Engagement(
                    client, model, cycle, None if ended is None else (day(ended) or days.of(ended, built))
                )
                for client, model, cycle, ended in worked
            ),
        )


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """The whole bench as of one bench version and day: everyone not offboarded built as if no plan
    touched them (no surgebench bookings, every engagement in their history, nobody kept or held back),
    with what a plan needs to rebuild the few it touches."""

    key: tuple[Any, ...]
    specialists: tuple[Specialist, ...]
    position: dict[int, int]
    rows: dict[int, tuple[Any, ...]]
    history: dict[int, list[tuple[int, list[Any]]]]
    cycles: dict[int, set[int]]
    """Cycle id → who has an engagement in it (whose history a plan of that cycle rebuilds)."""
    make: _Maker
    pieces: list[tuple[bytes, bytes]] = field(default_factory=list)
    """The specialists' JSON, ``CHUNK`` people a piece: (text, its raw deflate), made by the first
    ``problem_gzip`` that needs them."""


_snapshot: _Snapshot | None = None
_snapshot_lock = threading.Lock()


def forget_snapshot() -> None:
    """Drop the process's snapshot of the bench (the next plan reads it again)."""
    global _snapshot
    with _snapshot_lock:
        _snapshot = None


def _bench_snapshot(db: Session, today: date) -> _Snapshot | None:
    """The snapshot of the bench for ``today`` as the database holds it now: the kept one when the bench
    version has not changed since it was read, else read again. The version is read before the records,
    so a write committed in between makes the next plan read again (a snapshot is never older than its
    version). ``None`` when the database does not count its changes."""
    global _snapshot
    version = repository.bench_version(db)
    if version is None:
        return None
    key = (db.get_bind().url.render_as_string(hide_password=True), version, today)
    with _snapshot_lock:
        if _snapshot is not None and _snapshot.key == key:
            return _snapshot
        _snapshot = None  # the old one's memory goes before the new one is read
        skills = repository.skill_levels(db)
        languages = repository.languages(db)
        history = repository.history_with_cycles(db)
        estimates = estimate_service.estimates(db, today)
        rows = {row[0]: row for row in repository.specialist_rows(db)}
        make = _Maker(today, skills, languages, estimates)
        specialists: list[Specialist] = []
        cycles: dict[int, set[int]] = {}
        for sid, worked in history.items():
            for cycle_id, _engagement in worked:
                cycles.setdefault(cycle_id, set()).add(sid)
        try:
            for sid, row in rows.items():
                worked = history.get(sid)
                entries = None if worked is None else [e for _c, e in worked]
                specialists.append(make(row, len(specialists), 0, entries, None, specialists))
            _check_columns(specialists, {level for person in skills.values() for level in person.values()})
        except ProblemError:
            return None  # the fresh build says where, as it always did
        position = {sid: i for i, sid in enumerate(rows)}
        _snapshot = _Snapshot(key, tuple(specialists), position, rows, history, cycles, make)
        return _snapshot


def _from_snapshot(
    db: Session,
    asks: Sequence[SurgeAsk],
    today: date,
    held_back: list[HeldBack] | None,
    watch: Stopwatch | None,
) -> Problem | None:
    """``build`` for the whole bench from the process's snapshot, or ``None`` when there is none to use
    (the database does not count its changes, or a request names someone the snapshot lacks: an
    offboarded person pinned or excluded)."""
    snapshot = _bench_snapshot(db, today)
    named = {p.specialist_id for a in asks for p in a.pinned} | {s for a in asks for s in a.excluded}
    if snapshot is None or not named <= snapshot.position.keys():
        return None
    window = (min(a.first_ramp_date for a in asks), max(a.ends_on for a in asks))
    ignored = {a.own_cycle_id for a in asks if a.own_cycle_id is not None}
    make = snapshot.make
    held = outcomes.held_back(db, [(a.client, a.model, a.cycle) for a in asks], make.estimates)
    committed = engagements.booked_hours(db, window[0], window[1], ignored_cycles=ignored)
    lap(watch, "read")
    touched = {sid for cycle_id in ignored for sid in snapshot.cycles.get(cycle_id, ())}
    history = {
        sid: [e for c, e in snapshot.history[sid] if c not in ignored]
        for sid in touched | {h.specialist_id for h in held}
        if sid in snapshot.history
    }
    rivals = {c for a in asks for c in a.competitors}
    done = outcomes.hold_back_in_history(history, held, rivals)
    if held_back is not None:
        held_back.extend(done)
    kept = {k.specialist_id: k.starts_on.isoformat() for a in asks for k in a.kept}
    specialists = list(snapshot.specialists)
    position, rows, full = snapshot.position, snapshot.rows, snapshot.history
    for sid in touched | {h.specialist_id for h in done} | committed.keys() | kept.keys():
        at = position.get(sid)
        if at is None:  # offboarded, and not named
            continue
        worked = (
            history.get(sid) if sid in history else (None if sid not in full else [e for _c, e in full[sid]])
        )
        specialists[at] = make(
            rows[sid], at, committed.get(sid, 0), worked or None, kept.get(sid), specialists
        )
    lap(watch, "build")
    problem = assemble(tuple(specialists), [_request(a) for a in asks])
    lap(watch, "check")
    return problem


def _skill_quality(found: dict[str, Any], built: list[Specialist]) -> Mapping[str, float]:
    """The person's estimate in each skill they have outcomes in (the contract's ``skill_quality``)."""
    given = estimate_service.skill_quality(found)
    if not all(0 <= q <= 1 for q in given.values()):
        raise ProblemError(f"specialists[{len(built)}].skill_quality", f"must be between 0 and 1: {given}")
    return given or NO_SKILL_QUALITY


class _Days:
    """ISO dates read once each (a bench repeats a few hundred of them)."""

    def __init__(self) -> None:
        self.seen: dict[str, date] = {}

    def of(self, text: str, built: list[Specialist]) -> date:
        """The date ``text`` says (the person being built is the next one after ``built``)."""
        found = self.seen.get(text)
        if found is None:
            try:
                found = self.seen[text] = date.fromisoformat(text)
            except (TypeError, ValueError):
                where = f"specialists[{len(built)}]"
                raise ProblemError(where, f"a date must be YYYY-MM-DD, got {text!r}") from None
        return found


def _check_columns(specialists: list[Specialist], levels: set[int]) -> None:
    """What the rows themselves cannot promise: known time zones, skill levels 1-5 (``levels``: every
    level read), rates that are numbers. Each zone and level is looked at once; only a failure walks the
    people to name the first one at fault."""
    bad_zones = {z for z in {s.timezone for s in specialists} if zone(z) is None}
    bad_levels = bool(levels - {1, 2, 3, 4, 5})
    if not (bad_zones or bad_levels):
        return
    for i, s in enumerate(specialists):
        if s.timezone in bad_zones:
            raise ProblemError(f"specialists[{i}].timezone", f"unknown time zone {s.timezone!r}")
        if bad_levels and not set(s.skills.values()) <= {1, 2, 3, 4, 5}:
            raise ProblemError(f"specialists[{i}].skills", "levels must be between 1 and 5")


def _builtin(value: object) -> object:
    """msgspec's hook for what it cannot encode itself: the problem's read-only mappings."""
    if isinstance(value, MappingProxyType):
        return dict(value)
    raise TypeError(f"a problem document holds no {type(value).__name__}")


_ENCODER = msgspec.json.Encoder(enc_hook=_builtin)


def problem_json(problem: Problem) -> bytes:
    """The problem as contract JSON, encoded once straight to bytes (what a plan keeps for downloads)."""
    return _ENCODER.encode({"format": PROBLEM_FORMAT, **_parts(problem)})


CHUNK = 256
"""Specialists per compressed piece of a problem's stored JSON (``problem_gzip``)."""


def problem_gzip(problem: Problem) -> bytes:
    """``problem_json`` gzip-compressed (level 1), as a plan keeps it. A problem built from the bench
    snapshot reuses the snapshot's compressed pieces wherever its people are the snapshot's own (a piece
    of ``CHUNK`` people is compressed again only when a plan rebuilt one of them): one deflate stream of
    byte-aligned blocks, each piece compressed on its own, under one gzip header and checksum."""
    snapshot = _snapshot
    people = problem.specialists
    if snapshot is None or len(snapshot.specialists) != len(people):
        return gzip.compress(problem_json(problem), compresslevel=1)
    with _snapshot_lock:
        if not snapshot.pieces:
            snapshot.pieces.extend(_piece(snapshot.specialists, i) for i in range(0, len(people), CHUNK))
    pieces = list(snapshot.pieces)
    own = snapshot.specialists
    for at in range(0, len(people), CHUNK):
        if any(a is not b for a, b in zip(people[at : at + CHUNK], own[at : at + CHUNK], strict=True)):
            pieces[at // CHUNK] = _piece(people, at)
    head = b'{"format":' + _ENCODER.encode(PROBLEM_FORMAT) + b',"specialists":['
    tail = b'],"requests":' + _ENCODER.encode(problem.requests) + b"}"
    crc = zlib.crc32(head)
    size = len(head) + len(tail)
    for text, _deflated in pieces:
        crc = zlib.crc32(text, crc)
        size += len(text)
    crc = zlib.crc32(tail, crc)
    return b"".join(
        (
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x04\xff",  # gzip, deflate, no name, no time, fastest
            _deflate(head),
            *(deflated for _text, deflated in pieces),
            _deflate(tail),
            zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS).flush(),  # the final (empty) block
            struct.pack("<II", crc, size & 0xFFFFFFFF),
        )
    )


def _piece(people: Sequence[Specialist], at: int) -> tuple[bytes, bytes]:
    text = _ENCODER.encode(people[at : at + CHUNK])[1:-1]
    if at:
        text = b"," + text
    return text, _deflate(text)


def _deflate(text: bytes) -> bytes:
    """``text`` as raw deflate blocks ending on a byte boundary, none final (pieces made so join up)."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(text) + packer.flush(zlib.Z_FULL_FLUSH)


def problem_document(problem: Problem) -> dict[str, Any]:
    """The problem as the contract's decoded JSON (a ``skill_quality`` is written only where given)."""
    document = msgspec.json.decode(problem_json(problem))  # arrays as lists, as JSON has them
    for specialist in document["specialists"]:
        if not specialist["skill_quality"]:
            del specialist["skill_quality"]
    return document


def _parts(problem: Problem) -> dict[str, Any]:
    return {"specialists": problem.specialists, "requests": problem.requests}


@dataclass(frozen=True, slots=True)
class _Stored:
    specialists: tuple[Specialist, ...]
    requests: tuple[Request, ...]


_DECODER = msgspec.json.Decoder(_Stored)


def read_problem_json(data: bytes) -> Problem:
    """A problem this application wrote (``problem_json``) read back: it was checked when it was built,
    so it is decoded straight into the solver's types; what anyone else hands in goes through
    ``parse_problem``."""
    stored = _DECODER.decode(data)
    return Problem(stored.specialists, stored.requests)


def _request(a: SurgeAsk) -> dict[str, Any]:
    return {
        "id": a.id,
        "client": a.client,
        "model": a.model,
        "cycle": a.cycle,
        "priority": a.priority,
        "ends_on": a.ends_on.isoformat(),
        "ramp": [{"date": d.date.isoformat(), "onboarding_capacity": d.onboarding_capacity} for d in a.ramp],
        "competitors": list(a.competitors),
        "cooldown_days": a.cooldown_days,
        "roles": [
            {
                "id": r.key,
                "skill": r.skill,
                "min_level": r.min_level,
                "min_quality": r.min_quality_milli / 1000,
                "headcount": r.headcount,
                "hours_per_week": r.hours_per_week,
                "languages": list(r.languages),
                "utc_offset": list(r.utc_offset) if r.utc_offset is not None else None,
                "max_country_share": None
                if r.max_country_share_pct is None
                else r.max_country_share_pct / 100,
            }
            for r in a.roles
        ],
        "pinned": [{"specialist": str(p.specialist_id), "role": p.role} for p in a.pinned],
        "excluded": [str(s) for s in a.excluded],
    }
