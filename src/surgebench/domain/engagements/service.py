"""Engagement rules: reading a person's record or one engagement, and correcting one. History is never
deleted or silently rewritten: a correction checks the same rules as the import and is audited."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Specialist
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.engagements import repository
from surgebench.domain.engagements.errors import EngagementNotFound, InvalidEngagement, OnLiveRoster
from surgebench.domain.engagements.record_schemas import date_problems
from surgebench.domain.engagements.repository import Booking, EngagementRow
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.specialists.errors import SpecialistNotFound
from surgebench.lib.fields import (
    FieldInvalid,
    parse_all,
    parse_date,
    parse_milli,
    parse_optional_date,
    parse_whole,
)

CORRECTABLE = ("skill_id", "level", "weekly_hours", "starts_on", "ends_on", "reported_quality")
LIVE_CORRECTABLE = ("reported_quality_milli",)
"""What may be corrected on the roster of a cycle that has not closed: the rest (role, hours, dates) was
approved against every rule, and changes only through the surge flow that checks them again."""

FREE_HOURS_WINDOW = timedelta(weeks=12)
"""How far ahead the bench and the profile look for bookings when no dates are asked: one cycle (the
request form's default cycle is twelve weeks long)."""


def booked_hours(
    db: Session,
    first: date,
    last: date,
    *,
    only: Collection[int] | None = None,
    ignored_cycles: Collection[int] = (),
) -> dict[int, int]:
    """Specialist id → the most weekly hours surgebench's own engagements take on any one day from
    ``first`` to ``last`` (people with none are absent). The one reckoning of booked hours: the bench,
    the profile, the API and the problem builder all read it, so free hours mean the same everywhere."""
    found = repository.bookings(db, first, last, only=only, ignored_cycles=ignored_cycles)
    return peak_hours(found, first, last)


def peak_hours(bookings: Iterable[Booking], first: date, last: date) -> dict[int, int]:
    """Per person, the largest sum of weekly hours of bookings that share a day inside the window. Two
    engagements one after the other do not add up; two on the same days do."""
    by_person: dict[int, list[Booking]] = defaultdict(list)
    for b in bookings:
        by_person[b.specialist_id].append(b)
    peaks: dict[int, int] = {}
    for sid, own in by_person.items():
        if len(own) == 1:
            peaks[sid] = own[0].weekly_hours
            continue
        # +hours on the first day, -hours the day after the last; a day's ends before its starts
        events = sorted(
            [(max(b.starts_on, first), b.weekly_hours) for b in own]
            + [(min(b.ends_on, last) + timedelta(days=1), -b.weekly_hours) for b in own]
        )
        running = peak = 0
        for _day, change in events:
            running += change
            peak = max(peak, running)
        peaks[sid] = peak
    return peaks


@dataclass(frozen=True)
class FreeHours:
    """A person's week over some dates: what they offer, what is committed outside surgebench, the most
    surgebench's own engagements take on any one day, and what is left."""

    first: date
    last: date
    weekly: int
    outside: int
    booked: int

    @property
    def free(self) -> int:
        return self.weekly - self.outside - self.booked


def free_hours(db: Session, people: Iterable[Specialist], first: date, last: date) -> dict[int, FreeHours]:
    """Specialist id → their free hours from ``first`` to ``last`` (one query for all of them)."""
    people = list(people)
    booked = booked_hours(db, first, last, only=[p.id for p in people])
    return {
        p.id: FreeHours(first, last, p.weekly_hours, p.committed_hours, booked.get(p.id, 0)) for p in people
    }


def free_window(today: date, free_from: date | None = None, free_to: date | None = None) -> tuple[date, date]:
    """The dates free hours are reckoned over: those asked, else from today for one cycle's length."""
    first = free_from or today
    return first, free_to or first + FREE_HOURS_WINDOW


def history_of(db: Session, specialist_id: int) -> list[EngagementRow]:
    """A person's engagements, newest first (``SpecialistNotFound`` for an unknown id)."""
    if specialists.get(db, specialist_id) is None:
        raise SpecialistNotFound(f"No specialist with id {specialist_id}.")
    return repository.of_specialist(db, specialist_id)


def get(db: Session, engagement_id: int) -> EngagementRow:
    found = repository.get(db, engagement_id)
    if found is None:
        raise EngagementNotFound(f"There is no engagement {engagement_id}.")
    return found


def hold(db: Session, engagement_id: int) -> EngagementRow:
    """``get``, with the engagement's row locked until the transaction ends: two people writing what
    hangs off one engagement (its outcome of a day) take turns, so the second sees the first's row
    instead of both inserting it (PostgreSQL; SQLite's writers take turns already)."""
    if repository.entity(db, engagement_id, lock=True) is None:
        raise EngagementNotFound(f"There is no engagement {engagement_id}.")
    return get(db, engagement_id)


def editable_fields(row: EngagementRow) -> dict[str, Any]:
    quality = row.reported_quality_milli
    return {
        "skill_id": row.skill_id,
        "level": row.level,
        "weekly_hours": row.weekly_hours,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "reported_quality": None if quality is None else f"{quality / 1000:.3f}",
    }


def correct(db: Session, actor: Actor, engagement_id: int, changes: Mapping[str, Any]) -> EngagementRow:
    """Change some fields of an engagement; nothing changes unless all of the result is valid."""
    current = get(db, engagement_id)
    unknown = [name for name in changes if name not in CORRECTABLE]
    if unknown:
        raise InvalidEngagement("Unknown fields.", fields={name: "unknown field" for name in unknown})
    raw = {**editable_fields(current), **changes}
    raw["reported_quality_milli"] = raw.pop("reported_quality")
    known_skills = skills.known_ids(db)
    parsers = {
        "skill_id": lambda v: _known(v, known_skills),
        "level": lambda v: parse_whole(v, 1, 5, "a level"),
        "weekly_hours": lambda v: parse_whole(v, 1, 168, "a number of hours"),
        "starts_on": parse_date,
        "ends_on": parse_optional_date,
        "reported_quality_milli": lambda v: (
            None if str(v if v is not None else "").strip() == "" else parse_milli(v)
        ),
    }
    values, errors = parse_all(raw, parsers)
    if "reported_quality_milli" in errors:  # the field as the caller names it
        errors["reported_quality"] = errors.pop("reported_quality_milli")
    if not errors:
        errors = date_problems(
            current.cycle_starts_on, current.cycle_ends_on, values["starts_on"], values["ends_on"]
        )
    if errors:
        raise InvalidEngagement("The correction is not valid.", fields=errors)
    engagement = repository.entity(db, engagement_id, lock=True)
    assert engagement is not None
    changed = {k: [getattr(engagement, k), v] for k, v in values.items() if getattr(engagement, k) != v}
    live = sorted(k for k in changed if k not in LIVE_CORRECTABLE)
    if live and current.cycle_status != "closed":
        cycle = f"Cycle {current.cycle_number} of {current.client_name}'s {current.model}"
        raise OnLiveRoster(
            f"{cycle} is {current.cycle_status}: its roster's {', '.join(live)} change only through "
            "the surge flow, checked like an approval — "
            "change the request and re-plan, or take the person off with Remove on the request's page. "
            "Only the reported quality can be corrected here until the cycle closes.",
            fields={name: "on a roster still being worked" for name in live},
        )
    if changed:
        for name, (_old, new) in changed.items():
            setattr(engagement, name, new)
        db.flush()
        record(db, actor, "correct", "engagement", engagement_id, changed)
    return get(db, engagement_id)


def _known(value: Any, known: set[str]) -> str:
    text = str(value or "").strip()
    if text not in known:
        raise FieldInvalid(f"unknown skill {text!r}")
    return text
