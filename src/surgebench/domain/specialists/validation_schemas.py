"""The rules a specialist's fields must keep, one small function per field. Each parser takes the raw
value (a CSV cell, a form field or a JSON value) and returns the clean value or raises ``FieldInvalid``
with a plain message. ``parse_record`` applies them all and collects every field's message."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

from surgebench.db.orm.specialists import SPECIALIST_STATUSES
from surgebench.domain.specialists.record_schemas import CSV_COLUMNS, SpecialistRecord
from surgebench.lib.fields import MAX_NUMBER_LENGTH, NUMBER, FieldInvalid, parse_optional_date, plain, shown
from surgebench.lib.iso import LANGUAGES_639_1, countries, timezones
from surgebench.lib.text import control_character_problem

EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def _text(value: Any) -> str:
    """The value as stripped text; every field refuses control characters (NUL, CR, LF, ESC, …)."""
    if isinstance(value, str) and (problem := control_character_problem(value.strip())):
        raise FieldInvalid(problem)
    return plain(value)


def parse_email(value: Any) -> str:
    text = _text(value)
    if not EMAIL_RE.match(text) or len(text) > 254:
        raise FieldInvalid(f"not an e-mail address: {text!r}")
    return text


def parse_full_name(value: Any) -> str:
    text = _text(value)
    if not text:
        raise FieldInvalid("must not be empty")
    if len(value if isinstance(value, str) else text) > 200:  # as sent, padding included (the API says so)
        raise FieldInvalid("must be at most 200 characters")
    return text


def parse_country(value: Any) -> str:
    text = _text(value).upper()
    if text not in countries():
        raise FieldInvalid(f"unknown country code {text!r} (ISO 3166-1 alpha-2, e.g. IN)")
    return text


def parse_timezone(value: Any) -> str:
    text = _text(value)
    if text not in timezones():
        raise FieldInvalid(f"unknown time zone {text!r} (IANA name, e.g. Asia/Kolkata)")
    return text


def parse_languages(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else _text(value).split(";")
    codes = [_text(item).lower() for item in items]
    codes = [code for code in codes if code]
    unknown = [code for code in codes if code not in LANGUAGES_639_1]
    if unknown:
        raise FieldInvalid(f"unknown language code {unknown[0]!r} (ISO 639-1, e.g. hi)")
    if len(set(codes)) != len(codes):
        raise FieldInvalid("a language is listed twice")
    return tuple(sorted(codes))


def parse_skills(value: Any, known_skills: Collection[str]) -> tuple[tuple[str, int], ...]:
    """``coding.python:4;math.algebra:3`` (or a JSON object/list of the same)."""
    if isinstance(value, Mapping):
        pairs = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        pairs = []
        for item in value:
            if isinstance(item, Mapping):
                pairs.append((str(item.get("skill", "")), item.get("level")))
            else:
                raise FieldInvalid("each skill must be an object with skill and level")
    else:
        pairs = []
        for part in _text(value).split(";"):
            part = part.strip()
            if not part:
                continue
            skill, sep, level = part.partition(":")
            if not sep:
                raise FieldInvalid(f"{part!r} should look like skill:level, e.g. coding.python:4")
            pairs.append((skill.strip(), level.strip()))
    result: dict[str, int] = {}
    for skill, raw_level in pairs:
        if skill not in known_skills:
            raise FieldInvalid(f"unknown skill {skill!r}")
        try:
            level = int(raw_level) if not isinstance(raw_level, bool) else -1
        except (TypeError, ValueError):
            raise FieldInvalid(f"level of {skill} must be a whole number 1–5, got {raw_level!r}") from None
        if not 1 <= level <= 5:
            raise FieldInvalid(f"level of {skill} must be between 1 and 5, got {level}")
        if skill in result:
            raise FieldInvalid(f"skill {skill} is listed twice")
        result[skill] = level
    return tuple(sorted(result.items()))


def parse_status(value: Any) -> str:
    text = _text(value).lower()
    if text not in SPECIALIST_STATUSES:
        raise FieldInvalid(f"unknown status {text!r} (one of {', '.join(SPECIALIST_STATUSES)})")
    return text


def parse_weekly_hours(value: Any) -> int:
    text = _text(value)
    if isinstance(value, bool) or not re.fullmatch(r"[0-9]{1,3}", text):
        raise FieldInvalid(f"must be a whole number of hours 0–168, got {text!r}")
    hours = int(text)
    if hours > 168:
        raise FieldInvalid(f"must be between 0 and 168, got {hours}")
    return hours


def _decimal(value: Any, places: int, label: str) -> Decimal:
    if isinstance(value, bool):
        raise FieldInvalid(f"must be a number, got {value!r}")
    text = _text(value)
    if len(text) > MAX_NUMBER_LENGTH:
        raise FieldInvalid(f"must be a number of at most {MAX_NUMBER_LENGTH} characters, got {shown(text)}")
    if not NUMBER.fullmatch(text):
        raise FieldInvalid(f"must be a number, got {shown(text)}")
    number = Decimal(text)
    if number.adjusted() > 20:  # quantize needs every digit within 28 of precision: 1e30 raised, a 500
        raise FieldInvalid(f"{label} is far too large, got {shown(text)}")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise FieldInvalid(f"{label} has at most {places} decimals, got {text}")
    return number.quantize(Decimal(1).scaleb(-places))


def parse_quality(value: Any) -> Decimal:
    number = _decimal(value, 3, "quality")
    if not Decimal(0) <= number <= Decimal(1):
        raise FieldInvalid(f"must be between 0 and 1, got {number}")
    return number


def parse_hourly_rate(value: Any) -> Decimal:
    number = _decimal(value, 2, "an hourly rate")
    if number < 0 or number > Decimal("100000"):
        raise FieldInvalid(f"must be between 0 and 100000 USD, got {number}")
    return number


def field_parsers(known_skills: Collection[str]) -> dict[str, Callable[[Any], Any]]:
    """Field name → its parser, in CSV column order."""
    return {
        "email": parse_email,
        "full_name": parse_full_name,
        "country": parse_country,
        "timezone": parse_timezone,
        "languages": parse_languages,
        "skills": lambda value: parse_skills(value, known_skills),
        "status": parse_status,
        "vetting_expires": parse_optional_date,
        "available_from": parse_optional_date,
        "weekly_hours": parse_weekly_hours,
        "quality": parse_quality,
        "hourly_rate": parse_hourly_rate,
    }


def parse_record(
    raw: Mapping[str, Any], known_skills: Collection[str]
) -> tuple[SpecialistRecord | None, dict[str, str]]:
    """Every field checked; returns the record, or ``None`` and ``{field: message}`` for each bad field."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, parser in field_parsers(known_skills).items():
        try:
            values[name] = parser(raw.get(name))
        except FieldInvalid as exc:
            errors[name] = str(exc)
    if errors:
        return None, errors
    return SpecialistRecord(**values), {}


assert tuple(field_parsers(()).keys()) == CSV_COLUMNS
