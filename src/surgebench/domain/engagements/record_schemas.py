"""An engagement as the history import reads it: one checked CSV row, and the rules a row must keep on
its own (field formats, dates in order and inside the cycle). Rules that need other rows or the
database are in ``history``."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from surgebench.lib.fields import (
    FieldInvalid,
    parse_all,
    parse_date,
    parse_milli,
    parse_optional_date,
    parse_slug,
    parse_text,
    parse_whole,
)

HISTORY_COLUMNS = (
    "email",
    "client",
    "model",
    "cycle",
    "model_version",
    "cycle_starts_on",
    "cycle_ends_on",
    "skill",
    "level",
    "weekly_hours",
    "starts_on",
    "ends_on",
    "reported_quality",
)
"""The history CSV's columns, in this order."""

EXAMPLE_ROWS = (
    (
        "asha.verma@example.com",
        "aurora-labs",
        "orion",
        "3",
        "orion-3",
        "2026-06-01",
        "2026-08-28",
        "coding.python",
        "4",
        "20",
        "2026-06-01",
        "2026-08-28",
        "0.910",
    ),
    (
        "asha.verma@example.com",
        "aurora-labs",
        "orion",
        "4",
        "orion-3.5",
        "2026-09-07",
        "2026-11-27",
        "coding.python",
        "4",
        "20",
        "2026-09-08",
        "",
        "",
    ),
)
"""The template's example rows: one person's two cycles on a model (the second still running)."""


@dataclass(frozen=True, slots=True)
class CycleKey:
    client: str
    model: str
    number: int

    def __str__(self) -> str:
        return f"cycle {self.number} of {self.client}/{self.model}"


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    line: int
    email_key: str
    cycle: CycleKey
    model_version: str
    cycle_starts_on: date
    cycle_ends_on: date
    skill: str
    level: int
    weekly_hours: int
    starts_on: date
    ends_on: date | None
    """Empty: still running (or, for a cycle that has ended, ran to the cycle's end)."""
    reported_quality_milli: int | None


def _email(value: Any) -> str:
    text = parse_text(value, max_length=254).lower()
    if "@" not in text or " " in text:
        raise FieldInvalid(f"not an e-mail address: {text!r}")
    return text


def parse_history_row(
    line: int, raw: Mapping[str, Any], known_skills: Collection[str]
) -> tuple[HistoryRecord | None, dict[str, str]]:
    """Every field checked on its own, then the row's dates against each other; returns the record, or
    ``None`` and ``{column: message}`` for each bad column."""
    parsers = {
        "email": _email,
        "client": lambda v: parse_slug(v, "a client id"),
        "model": lambda v: parse_slug(v, "a model name"),
        "cycle": lambda v: parse_whole(v, 1, 100_000, "a cycle number"),
        "model_version": lambda v: parse_text(v, max_length=64),
        "cycle_starts_on": parse_date,
        "cycle_ends_on": parse_date,
        "skill": lambda v: _skill(v, known_skills),
        "level": lambda v: parse_whole(v, 1, 5, "a level"),
        "weekly_hours": lambda v: parse_whole(v, 1, 168, "a number of hours"),
        "starts_on": parse_date,
        "ends_on": parse_optional_date,
        "reported_quality": lambda v: parse_milli(v) if str(v or "").strip() else None,
    }
    values, errors = parse_all(raw, parsers)
    if errors:
        return None, errors
    errors = date_problems(
        values["cycle_starts_on"], values["cycle_ends_on"], values["starts_on"], values["ends_on"]
    )
    if errors:
        return None, errors
    return HistoryRecord(
        line=line,
        email_key=values["email"],
        cycle=CycleKey(values["client"], values["model"], values["cycle"]),
        model_version=values["model_version"],
        cycle_starts_on=values["cycle_starts_on"],
        cycle_ends_on=values["cycle_ends_on"],
        skill=values["skill"],
        level=values["level"],
        weekly_hours=values["weekly_hours"],
        starts_on=values["starts_on"],
        ends_on=values["ends_on"],
        reported_quality_milli=values["reported_quality"],
    ), {}


def date_problems(
    cycle_starts_on: date, cycle_ends_on: date, starts_on: date, ends_on: date | None
) -> dict[str, str]:
    """An engagement runs inside its cycle and ends after it starts; the cycle ends after it starts."""
    if cycle_ends_on < cycle_starts_on:
        return {"cycle_ends_on": f"the cycle ends ({cycle_ends_on}) before it starts ({cycle_starts_on})"}
    if ends_on is not None and ends_on < starts_on:
        return {"ends_on": f"the engagement ends ({ends_on}) before it starts ({starts_on})"}
    if not cycle_starts_on <= starts_on <= cycle_ends_on:
        return {"starts_on": f"{starts_on} is outside the cycle ({cycle_starts_on} to {cycle_ends_on})"}
    if ends_on is not None and ends_on > cycle_ends_on:
        return {"ends_on": f"{ends_on} is after the cycle ends ({cycle_ends_on})"}
    return {}


def _skill(value: Any, known: Collection[str]) -> str:
    text = parse_text(value, max_length=64)
    if text not in known:
        raise FieldInvalid(f"unknown skill {text!r}")
    return text
