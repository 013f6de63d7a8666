"""Engagement rules: reading a person's record or one engagement, and correcting one. History is never
deleted or silently rewritten: a correction checks the same rules as the import and is audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from surgebench.domain.audit.service import Actor, record
from surgebench.domain.engagements import repository
from surgebench.domain.engagements.errors import EngagementNotFound, InvalidEngagement
from surgebench.domain.engagements.records import date_problems
from surgebench.domain.engagements.repository import EngagementRow
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import service as specialists
from surgebench.lib.fields import (
    FieldInvalid,
    parse_all,
    parse_date,
    parse_milli,
    parse_optional_date,
    parse_whole,
)

CORRECTABLE = ("skill_id", "level", "weekly_hours", "starts_on", "ends_on", "reported_quality")


def history_of(db: Session, specialist_id: int) -> list[EngagementRow]:
    """A person's engagements, newest first (``SpecialistNotFound`` for an unknown id)."""
    specialists.get(db, specialist_id)
    return repository.of_specialist(db, specialist_id)


def get(db: Session, engagement_id: int) -> EngagementRow:
    found = repository.get(db, engagement_id)
    if found is None:
        raise EngagementNotFound(f"There is no engagement {engagement_id}.")
    return found


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
