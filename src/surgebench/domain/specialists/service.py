"""Bench rules: creating, editing and offboarding specialists, and listing the bench.

Field rules live in ``validation`` (shared with imports); this module adds what needs the database
(unique e-mail, known skills), committed hours, status transitions and the audit trail. Specialists are
never deleted: offboarding keeps the row and its history, and re-activating is an edit of the status.
Services never commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surgebench.db.base import utcnow
from surgebench.db.orm import AuditEntry, Skill, Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.db.orm.specialists import SPECIALIST_STATUSES
from surgebench.domain.audit.service import Actor, diff, record
from surgebench.domain.skills import repository as skills
from surgebench.domain.specialists import repository
from surgebench.domain.specialists.errors import (
    AlreadyOffboarded,
    InvalidSpecialist,
    SpecialistEmailTaken,
    SpecialistNotFound,
)
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS, SpecialistRecord
from surgebench.domain.specialists.schemas import BenchPage, BenchQuery, SpecialistFilter
from surgebench.domain.specialists.validation_schemas import FieldInvalid, parse_record, parse_weekly_hours

STATUS_CHOICES = SPECIALIST_STATUSES
"""The statuses a person's record can be given, in the order the form offers them."""
STATUS_FILTER_CHOICES = (
    *((s, s) for s in SPECIALIST_STATUSES[:3]),
    ("lapsed", "lapsed (vetting run out)"),
    *((s, s) for s in SPECIALIST_STATUSES[3:]),
)
"""(value, label) of what the bench's status filter offers: the statuses, and lapsed after vetted."""
BENCH_CHOICES = {"status_filters": STATUS_FILTER_CHOICES}
"""The bench filter form's fixed choices, by the name its template reads them by."""

ENTITY = "specialist"
EDITABLE_FIELDS = (*CSV_COLUMNS, "committed_hours")
"""What a recruiter may set: the CSV's columns plus the hours already committed to programs."""
REQUIRED_ON_CREATE = ("email", "full_name", "country", "timezone", "weekly_hours", "quality", "hourly_rate")
DEFAULT_STATUS = "applicant"


@dataclass(frozen=True)
class Profile:
    """A specialist's page: the person (skills, languages loaded) and their audit history."""

    specialist: Specialist
    history: list[AuditEntry]


# --- reading -----------------------------------------------------------------------------------


def list_bench(db: Session, query: BenchQuery, today: date) -> BenchPage:
    """Check the query (``InvalidBenchFilter`` names each bad parameter), then one page of matches."""
    f = SpecialistFilter.parse(query, skills.known_ids(db), today)
    ids = repository.page_ids(db, f, limit=f.per_page + 1)
    has_next = len(ids) > f.per_page
    ids = ids[: f.per_page]
    if f.page == 1 and not has_next:
        total = len(ids)  # everything fits on the first page: no need to count
    else:
        total = repository.count(db, f)
    lower_bound = total > repository.COUNT_CAP
    return BenchPage(
        filter=f,
        specialists=repository.load_in_order(db, ids),
        total=min(total, repository.COUNT_CAP),
        total_is_lower_bound=lower_bound,
        has_next=has_next,
    )


def skill_choices(db: Session) -> list[Skill]:
    return skills.list_all(db)


def is_lapsed(specialist: Specialist, today: date) -> bool:
    """Vetted, but the vetting ran out: never counted as vetted."""
    expires = specialist.vetting_expires
    return specialist.status == "vetted" and expires is not None and expires < today


def get(db: Session, specialist_id: int) -> Specialist:
    specialist = repository.get(db, specialist_id)
    if specialist is None:
        raise SpecialistNotFound(f"No specialist with id {specialist_id}.")
    return specialist


def profile(db: Session, specialist_id: int) -> Profile:
    specialist = get(db, specialist_id)
    return Profile(specialist, repository.history(db, specialist_id))


def fields_of(specialist: Specialist) -> dict[str, Any]:
    """The editable fields in their written forms (``coding.python:4;math.algebra:3``, ``en;hi``,
    ``0.850``): what the edit form shows and what the audit trail records."""
    return {
        "email": specialist.email,
        "full_name": specialist.full_name,
        "country": specialist.country,
        "timezone": specialist.timezone,
        "languages": ";".join(lang.language for lang in specialist.languages),
        "skills": ";".join(f"{s.skill_id}:{s.level}" for s in specialist.skills),
        "status": specialist.status,
        "vetting_expires": specialist.vetting_expires,
        "available_from": specialist.available_from,
        "weekly_hours": specialist.weekly_hours,
        "committed_hours": specialist.committed_hours,
        "quality": f"{specialist.quality_milli / 1000:.3f}",
        "hourly_rate": f"{specialist.hourly_rate_cents / 100:.2f}",
    }


# --- writing -----------------------------------------------------------------------------------


def create(db: Session, actor: Actor, new: SpecialistRecord, committed_hours: int = 0) -> Specialist:
    """Add a specialist; the e-mail must not be on the bench already (case-insensitively)."""
    _email_free(db, new.email_key, None)
    specialist = Specialist(committed_hours=committed_hours, skills=[], languages=[])
    _apply(specialist, new)
    if new.status == "offboarded":
        specialist.offboarded_at = utcnow()
    db.add(specialist)
    _flush_or_taken(db, new.email)
    after = fields_of(specialist)
    record(db, actor, "create", ENTITY, specialist.id, {k: [None, v] for k, v in after.items()})
    return specialist


def create_from_input(db: Session, actor: Actor, raw: Mapping[str, Any]) -> Specialist:
    """``create`` from unchecked input (API body, form): every field checked, each bad one named."""
    errors = {name: "is required" for name in REQUIRED_ON_CREATE if raw.get(name) in (None, "")}
    new, committed, field_errors = _parse(db, {"status": DEFAULT_STATUS, "committed_hours": 0, **raw})
    errors = {**field_errors, **errors}
    if errors or new is None:
        raise InvalidSpecialist("The specialist is not valid.", fields=errors)
    return create(db, actor, new, committed)


def changes_from_form(data: Mapping[str, str]) -> dict[str, str]:
    """The profile form's fields as ``update`` takes them: skills one a line (or ``;``), languages by
    comma (or ``;``), both as the CSV writes them; fields the form may not change are left out."""
    changes = {k: v for k, v in data.items() if k in EDITABLE_FIELDS}
    changes["skills"] = changes.get("skills", "").replace("\r", "").replace("\n", ";")
    changes["languages"] = changes.get("languages", "").replace(",", ";")
    return changes


def update(db: Session, actor: Actor, specialist_id: int, changes: Mapping[str, Any]) -> Specialist:
    """Change some fields. All of the result is checked; nothing changes unless every field is valid.
    Moving to ``offboarded`` stamps ``offboarded_at``; moving back clears it."""
    specialist = get(db, specialist_id)
    before = fields_of(specialist)
    new, committed, errors = _parse(db, {**before, **changes})
    if errors or new is None:
        raise InvalidSpecialist("Some fields are not valid.", fields=errors)
    if new.email_key != specialist.email_key:
        _email_free(db, new.email_key, specialist.id)
    was_offboarded_at = specialist.offboarded_at
    _apply(specialist, new)
    specialist.committed_hours = committed
    if new.status == "offboarded" and before["status"] != "offboarded":
        specialist.offboarded_at = utcnow()
    elif new.status != "offboarded":
        specialist.offboarded_at = None
    changed = diff(before, fields_of(specialist))
    if specialist.offboarded_at != was_offboarded_at:
        changed["offboarded_at"] = [was_offboarded_at, specialist.offboarded_at]
    if changed:
        specialist.updated_at = utcnow()
        _flush_or_taken(db, new.email)
        record(db, actor, "update", ENTITY, specialist.id, changed)
    return specialist


def offboard(db: Session, actor: Actor, specialist_id: int) -> Specialist:
    """Take a specialist off the bench: status ``offboarded``, time stamped, row and history kept."""
    specialist = get(db, specialist_id)
    if specialist.status == "offboarded":
        raise AlreadyOffboarded(f"{specialist.full_name} is already offboarded.")
    before_status, now = specialist.status, utcnow()
    specialist.status, specialist.offboarded_at, specialist.updated_at = "offboarded", now, now
    db.flush()
    record(
        db,
        actor,
        "offboard",
        ENTITY,
        specialist.id,
        {"status": [before_status, "offboarded"], "offboarded_at": [None, now]},
    )
    return specialist


# --- rules ---------------------------------------------------------------------------------------


def committed_hours_rule(value: Any, weekly_hours: int | None) -> int:
    """Committed hours are whole hours, never more than the specialist offers per week."""
    hours = parse_weekly_hours(value)
    if weekly_hours is not None and hours > weekly_hours:
        raise FieldInvalid(f"must not exceed weekly hours ({weekly_hours}), got {hours}")
    return hours


def _parse(db: Session, raw: Mapping[str, Any]) -> tuple[SpecialistRecord | None, int, dict[str, str]]:
    errors = {name: "unknown field" for name in raw if name not in EDITABLE_FIELDS}
    new, field_errors = parse_record(raw, skills.known_ids(db))
    errors.update(field_errors)
    committed = 0
    try:
        weekly = None if "weekly_hours" in errors else parse_weekly_hours(raw.get("weekly_hours"))
        committed = committed_hours_rule(raw.get("committed_hours", 0), weekly)
    except FieldInvalid as exc:
        errors["committed_hours"] = str(exc)
    return new, committed, errors


def _email_free(db: Session, email_key: str, own_id: int | None) -> None:
    holder = repository.id_with_email(db, email_key)
    if holder is not None and holder != own_id:
        raise SpecialistEmailTaken(
            f"Another specialist already uses {email_key}.",
            fields={"email": f"already used by specialist #{holder}"},
        )


def _flush_or_taken(db: Session, email: str) -> None:
    """Flush; a concurrent writer who took the same e-mail first shows up as the named conflict."""
    try:
        db.flush()
    except IntegrityError:
        raise SpecialistEmailTaken(
            f"Another specialist already uses {email.lower()}.", fields={"email": "already in use"}
        ) from None


def _apply(specialist: Specialist, new: SpecialistRecord) -> None:
    specialist.email = new.email
    specialist.email_key = new.email_key
    specialist.full_name = new.full_name
    specialist.country = new.country
    specialist.timezone = new.timezone
    specialist.status = new.status
    specialist.vetting_expires = new.vetting_expires
    specialist.available_from = new.available_from
    specialist.weekly_hours = new.weekly_hours
    specialist.quality_milli = new.quality_milli
    specialist.hourly_rate_cents = new.hourly_rate_cents
    levels = dict(new.skills)
    for held in list(specialist.skills):
        if held.skill_id not in levels:
            specialist.skills.remove(held)
        else:
            held.level = levels.pop(held.skill_id)
    specialist.skills.extend(SpecialistSkill(skill_id=s, level=lv) for s, lv in levels.items())
    specialist.skills.sort(key=lambda s: s.skill_id)
    spoken = set(new.languages)
    for held_language in list(specialist.languages):
        if held_language.language not in spoken:
            specialist.languages.remove(held_language)
        spoken.discard(held_language.language)
    specialist.languages.extend(SpecialistLanguage(language=code) for code in sorted(spoken))
    specialist.languages.sort(key=lambda lang: lang.language)
