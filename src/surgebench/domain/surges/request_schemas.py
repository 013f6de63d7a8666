"""What a program manager writes to ask for a surge, checked in one place for the form and the API.

``parse_request`` reads a nested mapping (the JSON body, or the form after ``nest_form``) and returns a
``RequestInput`` or raises ``InvalidSurgeRequest`` naming every bad field the way the form shows it:
``roles[1].min_level``, ``ramp[0].date``, ``cycle.ends_on``. Defaults: the client's competitors and
cooldown; a ramp of the next five working days from the cycle's start (weekends skipped), each day
taking a fifth of the seats."""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from surgebench.domain.surges.ask_schemas import RampDayAsk
from surgebench.domain.surges.errors import InvalidSurgeRequest
from surgebench.lib.fields import (
    FieldInvalid,
    parse_date,
    parse_decimal,
    parse_milli,
    parse_slug,
    parse_whole,
    plain,
)
from surgebench.lib.iso import LANGUAGES_639_1

RAMP_DAYS = 5
DEFAULT_MIN_QUALITY = "0.700"
"""What the form's minimum quality shows (as a value, in every role row) until the user changes it: the
gate every demo and test role asks, and what the form's hint used to promise while an untouched field
saved 0.000. A JSON role that leaves ``min_quality`` out still asks 0 (the API's documented default)."""
ROLE_FORM_DEFAULTS = {"min_quality": DEFAULT_MIN_QUALITY}
"""Values the form shows in a role row before anyone types: a row holding only these is a spare row."""
MAX_ROLES, MAX_RAMP_DAYS = 50, 30
MAX_LANGUAGES = 10
"""Languages one role may ask for (each one narrows who can take it; ISO 639-1 has 184)."""
MIN_CYCLE_DAYS, MAX_CYCLE_DAYS = 7, 366
"""A cycle is at least a week (the default ramp, five working days, spans up to seven) and at most a
year: post-training cycles run weeks to months."""
ROLE_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
LIMITS = {"roles": MAX_ROLES, "ramp": MAX_RAMP_DAYS}


@dataclass(frozen=True)
class RoleInput:
    key: str
    skill: str
    min_level: int
    min_quality_milli: int
    headcount: int
    hours_per_week: int
    languages: tuple[str, ...] = ()
    utc_offset_minutes: tuple[int, int] | None = None
    max_country_share_pct: int | None = None


@dataclass(frozen=True)
class RequestInput:
    cycle_number: int | None
    model_version: str
    starts_on: date
    ends_on: date
    priority: int
    competitors: tuple[str, ...]
    cooldown_days: int
    roles: tuple[RoleInput, ...]
    ramp: tuple[RampDayAsk, ...] = field(default=())


def working_days(start: date, count: int) -> list[date]:
    """``count`` working days from ``start`` (itself, when it is one), weekends skipped."""
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def default_ramp(start: date, seats: int, days: int = RAMP_DAYS) -> tuple[RampDayAsk, ...]:
    capacity = max(1, math.ceil(seats / days))
    return tuple(RampDayAsk(day, capacity) for day in working_days(start, days))


def nest_form(flat: Mapping[str, Any]) -> dict[str, Any]:
    """Form fields named ``roles[2].skill`` or ``cycle.ends_on`` as the nested mapping the parser reads;
    blank role and ramp rows (the form's spare rows: empty, or holding only what the form shows by
    default) are dropped. Rows are numbered from 0 without gaps, as the form sends them; a row past the
    limit or after a gap (``roles[1000].skill``) is an error naming it, never silently dropped."""
    nested: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {"roles": {}, "ramp": {}}
    numbering: dict[str, str] = {}
    for name, value in flat.items():
        text = value[-1] if isinstance(value, list) and name != "competitors" else value
        match = re.fullmatch(r"(roles|ramp)\[([0-9]+)\]\.(\w+)", name)
        if match:
            index = int(match[2]) if len(match[2]) < 19 else 10**18  # past any limit all the same
            rows[match[1]].setdefault(index, {})[match[3]] = text
        elif name.startswith(("roles[", "ramp[")):
            numbering[name] = "not a field of this form (rows are named like roles[0].skill)"
        elif "." in name:
            group, _, key = name.partition(".")
            nested.setdefault(group, {})[key] = text
        else:
            nested[name] = text
    shown = {"roles": ROLE_FORM_DEFAULTS, "ramp": {}}
    for group in ("roles", "ramp"):
        kept = [
            (i, row)
            for i, row in sorted(rows[group].items())
            if any(plain_or_empty(v) not in ("", shown[group].get(k)) for k, v in row.items())
        ]
        for i, _row in kept:
            if i >= LIMITS[group]:
                numbering[f"{group}[{i}]"] = (
                    f"at most {LIMITS[group]} rows: {group}[0] to {group}[{LIMITS[group] - 1}]"
                )
            elif (missing := next((n for n in range(i) if n not in rows[group]), None)) is not None:
                numbering[f"{group}[{i}]"] = (
                    f"rows are numbered from {group}[0] without gaps; {group}[{missing}] is missing"
                )
        if kept or group == "roles":
            nested[group] = [row for _i, row in kept]
            nested[f"_{group}_index"] = [i for i, _row in kept]
    if numbering:
        nested["_numbering"] = numbering
    if isinstance(nested.get("competitors"), str):
        nested["competitors"] = [nested["competitors"]] if nested["competitors"] else []
    return nested


def plain_or_empty(value: Any) -> str:
    try:
        return plain(value)
    except FieldInvalid:
        return "?"


@dataclass
class _Errors:
    found: dict[str, str] = field(default_factory=dict)

    def check(self, name: str, parse: Any, *args: Any) -> Any:
        try:
            return parse(*args)
        except FieldInvalid as exc:
            self.found.setdefault(name, str(exc))
            return None


def parse_request(
    raw: Mapping[str, Any],
    *,
    known_skills: Collection[str],
    known_clients: Collection[str],
    client: str,
    default_competitors: Sequence[str],
    default_cooldown: int,
) -> RequestInput:
    """Check everything; every problem is named with its place."""
    if not isinstance(raw, Mapping):
        raise InvalidSurgeRequest("The request must be an object.", fields={"body": "must be an object"})
    e = _Errors()
    numbering = raw.get("_numbering")
    if isinstance(numbering, Mapping):
        e.found.update(numbering)
    cycle = raw.get("cycle") or {}
    if not isinstance(cycle, Mapping):
        cycle, e.found["cycle"] = {}, "must be an object with model_version, starts_on and ends_on"
    number = cycle.get("number")
    number = None if number in (None, "") else e.check("cycle.number", parse_whole, number, 1, 100_000)
    version = e.check("cycle.model_version", _version, cycle.get("model_version"))
    starts_on = e.check("cycle.starts_on", parse_date, cycle.get("starts_on"))
    ends_on = e.check("cycle.ends_on", parse_date, cycle.get("ends_on"))
    if starts_on and ends_on and ends_on < starts_on:
        e.found["cycle.ends_on"] = f"the cycle ends ({ends_on}) before it starts ({starts_on})"
    elif (
        starts_on
        and ends_on
        and not MIN_CYCLE_DAYS <= (days := (ends_on - starts_on).days + 1) <= MAX_CYCLE_DAYS
    ):
        e.found["cycle.ends_on"] = (
            f"a cycle lasts {MIN_CYCLE_DAYS} to {MAX_CYCLE_DAYS} days; this one lasts {days} "
            f"({starts_on} to {ends_on})"
        )
    priority = e.check("priority", parse_whole, raw.get("priority") or 1, 1, 1000)
    competitors = e.check(
        "competitors", _competitors, raw.get("competitors", None), known_clients, client, default_competitors
    )
    cooldown = raw.get("cooldown_days")
    cooldown = (
        default_cooldown
        if cooldown in (None, "")
        else e.check("cooldown_days", parse_whole, cooldown, 0, 3650)
    )
    roles = _roles(raw.get("roles"), raw.get("_roles_index"), known_skills, e)
    seats = sum(r.headcount for r in roles)
    if roles and not seats and not any(k.startswith("roles") for k in e.found):
        e.found["roles"] = "every role asks for 0 people: ask for at least one seat"
    ramp: tuple[RampDayAsk, ...] = ()
    if starts_on and ends_on and "cycle.ends_on" not in e.found:
        ramp = _ramp(raw, starts_on, ends_on, seats, e)
    if ramp and not any(d.onboarding_capacity for d in ramp):
        e.found["ramp"] = "every ramp day takes 0 new people: give at least one day some onboarding capacity"
    if e.found:
        raise InvalidSurgeRequest("The surge request is not valid: see the fields marked.", fields=e.found)
    return RequestInput(number, version, starts_on, ends_on, priority, competitors, cooldown, roles, ramp)


def _version(value: Any) -> str:
    text = plain(value)
    if not text or len(text) > 64 or not re.fullmatch(r"[\w.+-]+", text):
        raise FieldInvalid(
            f"must be a version like orion-3.1 (letters, digits, '.', '_', '-', '+'), got {text!r}"
        )
    return text


def _competitors(value: Any, known: Collection[str], client: str, default: Sequence[str]) -> tuple[str, ...]:
    if value is None:
        return tuple(sorted(default))
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple):
        raise FieldInvalid("must be a list of client ids")
    slugs = sorted({parse_slug(v, "a client id") for v in value})
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise FieldInvalid(f"unknown client {unknown[0]!r}")
    if client in slugs:
        raise FieldInvalid("a client cannot be its own competitor")
    return tuple(slugs)


def _roles(value: Any, index: Any, known_skills: Collection[str], e: _Errors) -> tuple[RoleInput, ...]:
    if not isinstance(value, list) or not value:
        e.found["roles"] = "add at least one role"
        return ()
    if len(value) > MAX_ROLES:
        e.found["roles"] = f"at most {MAX_ROLES} roles"
        return ()
    positions = index if isinstance(index, list) and len(index) == len(value) else list(range(len(value)))
    roles, keys = [], set()
    for position, row in zip(positions, value, strict=True):
        where = f"roles[{position}]"
        if not isinstance(row, Mapping):
            e.found[where] = "must be an object"
            continue
        role = _role(row, where, known_skills, e)
        if role is None:
            continue
        if role.key in keys:
            e.found[f"{where}.key"] = f"another role is already called {role.key!r}"
            continue
        keys.add(role.key)
        roles.append(role)
    return tuple(roles)


def _role(row: Mapping[str, Any], where: str, known_skills: Collection[str], e: _Errors) -> RoleInput | None:
    before = len(e.found)
    key = e.check(f"{where}.key", _role_key, row.get("key"))
    skill = e.check(f"{where}.skill", _skill, row.get("skill"), known_skills)
    level = e.check(f"{where}.min_level", parse_whole, row.get("min_level"), 1, 5, "a level")
    quality = e.check(
        f"{where}.min_quality",
        parse_milli,
        row.get("min_quality") if row.get("min_quality") not in (None, "") else 0,
    )
    headcount = e.check(f"{where}.headcount", parse_whole, row.get("headcount"), 0, 100_000, "a headcount")
    hours = e.check(
        f"{where}.hours_per_week", parse_whole, row.get("hours_per_week"), 1, 168, "a number of hours"
    )
    languages = e.check(f"{where}.languages", _languages, row.get("languages"))
    offset = e.check(
        f"{where}.utc_offset",
        _offset,
        row.get("utc_offset"),
        row.get("utc_offset_min"),
        row.get("utc_offset_max"),
    )
    share = e.check(f"{where}.max_country_share", _share, row.get("max_country_share"))
    if len(e.found) > before:
        return None
    return RoleInput(key, skill, level, quality, headcount, hours, languages, offset, share)


def _role_key(value: Any) -> str:
    text = plain(value).lower()
    if not ROLE_KEY.match(text):
        raise FieldInvalid(
            f"must be 1–32 lower-case letters, digits, '_' or '-', e.g. python-seniors; got {text!r}"
        )
    return text


def _skill(value: Any, known: Collection[str]) -> str:
    text = plain(value)
    if text not in known:
        raise FieldInvalid(f"unknown skill {text!r}" if text else "choose a skill")
    return text


def _languages(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list | tuple) else re.split(r"[;,\s]+", plain(value))
    codes = list(islice((plain(item).lower() for item in items if plain(item)), MAX_LANGUAGES + 1))
    if len(codes) > MAX_LANGUAGES:
        raise FieldInvalid(f"at most {MAX_LANGUAGES} languages")
    unknown = [c for c in codes if c not in LANGUAGES_639_1]
    if unknown:
        raise FieldInvalid(f"unknown language code {unknown[0]!r} (ISO 639-1, e.g. hi)")
    twice = next((c for n, c in enumerate(codes) if c in codes[:n]), None)
    if twice:
        raise FieldInvalid(f"{twice!r} is listed twice")
    return tuple(sorted(codes))


def _hours(value: Any) -> int:
    """UTC offset hours (e.g. 5.5 or -3) as minutes, within −12…+14."""
    number = parse_decimal(value, 2, Decimal(-12), Decimal(14))
    minutes = number * 60
    if minutes != minutes.to_integral_value():
        raise FieldInvalid(f"must be whole minutes of an hour, got {value!r}")
    return int(minutes)


def _offset(pair: Any, low: Any, high: Any) -> tuple[int, int] | None:
    if pair is not None and not isinstance(pair, list | tuple):
        raise FieldInvalid("must be [lo, hi] in hours, or null")
    if isinstance(pair, list | tuple):
        if len(pair) != 2:
            raise FieldInvalid("must be [lo, hi] in hours, or null")
        low, high = pair
    if plain_or_empty(low) == "" and plain_or_empty(high) == "":
        return None
    if plain_or_empty(low) == "" or plain_or_empty(high) == "":
        raise FieldInvalid("give both ends of the UTC offset window, or neither")
    lo, hi = _hours(low), _hours(high)
    if lo > hi:
        raise FieldInvalid(f"the window's low end ({lo / 60:g}) is above its high end ({hi / 60:g})")
    return lo, hi


def _share(value: Any) -> int | None:
    if value is None or plain_or_empty(value) == "":
        return None
    return int(parse_decimal(value, 2, Decimal(0), Decimal(1)) * 100)


def _ramp(
    raw: Mapping[str, Any], starts_on: date, ends_on: date, seats: int, e: _Errors
) -> tuple[RampDayAsk, ...]:
    given = raw.get("ramp")
    if given in (None, [], ""):
        start = raw.get("ramp_start")
        first = starts_on if start in (None, "") else e.check("ramp_start", parse_date, start)
        if first is None:
            return ()
        if not starts_on <= first <= ends_on:
            e.found["ramp_start"] = f"must be inside the cycle ({starts_on} to {ends_on})"
            return ()
        ramp = default_ramp(first, seats)
        if ramp[-1].date > ends_on:
            e.found["ramp_start"] = (
                f"the ramp's {RAMP_DAYS} working days from {first} run past the cycle's end ({ends_on}): "
                "start it earlier, or give the ramp's days"
            )
            return ()
        return ramp
    if not isinstance(given, list) or len(given) > MAX_RAMP_DAYS:
        e.found["ramp"] = f"must be a list of at most {MAX_RAMP_DAYS} days"
        return ()
    positions = (
        raw.get("_ramp_index") if isinstance(raw.get("_ramp_index"), list) else list(range(len(given)))
    )
    days: list[RampDayAsk] = []
    for position, row in zip(positions, given, strict=False):
        where = f"ramp[{position}]"
        if not isinstance(row, Mapping):
            e.found[where] = "must be an object with date and onboarding_capacity"
            continue
        day = e.check(f"{where}.date", parse_date, row.get("date"))
        capacity = e.check(
            f"{where}.onboarding_capacity",
            parse_whole,
            row.get("onboarding_capacity"),
            0,
            100_000,
            "a number of people",
        )
        if day is None or capacity is None:
            continue
        if not starts_on <= day <= ends_on:
            e.found[f"{where}.date"] = f"{day} is outside the cycle ({starts_on} to {ends_on})"
        elif days and day <= days[-1].date:
            e.found[f"{where}.date"] = f"must come after {days[-1].date}"
        else:
            days.append(RampDayAsk(day, capacity))
    if not days and not any(k.startswith("ramp") for k in e.found):
        e.found["ramp"] = "add at least one ramp day"
    return tuple(days)
