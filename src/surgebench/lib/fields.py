"""Field parsers shared by forms, the JSON API and CSV imports: each takes a raw value (a form field, a
JSON value or a CSV cell) and returns the clean value or raises ``FieldInvalid`` with a plain message
that names what is wrong (the caller adds where: the field, or the line and column)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from surgebench.lib.text import control_character_problem

SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
MAX_NUMBER_LENGTH = 40
"""Characters a number may be written with. Every number the service takes fits in 20 (a rate of
100000.00, a quality of 0.001, an id of 2147483647); past 40 the text is refused before it is read, so
``1e100``, ``1e-100`` or 10,000 digits answer a 400 naming the field, never a 500 or seconds of work."""
WHOLE = re.compile(r"-?[0-9]{1,12}")
NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
"""A number as the service reads it: ``Decimal`` alone also takes ``1_000``, ``Infinity`` and ``NaN``."""
NUMBER_TEXT = "^\\s*" + NUMBER.pattern + "\\s*$"
"""``NUMBER`` as a JSON Schema pattern (surrounding spaces are dropped before reading)."""
"""A whole number as the service reads it: ASCII digits only (``"²".isdigit()`` is true, ``int("²")``
fails), at most 12 of them."""


class FieldInvalid(ValueError):
    """One field's value breaks its rule; the message says how, in plain words."""


def parse_all(
    raw: Mapping[str, Any], parsers: Mapping[str, Callable[[Any], Any]]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Every field through its parser: the clean values, and ``{field: message}`` for each bad one."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, parse in parsers.items():
        try:
            values[name] = parse(raw.get(name))
        except FieldInvalid as exc:
            errors[name] = str(exc)
    return values, errors


def plain(value: Any) -> str:
    """The value as stripped text; numbers become their text, anything else is refused."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        raise FieldInvalid("must be text")
    if isinstance(value, int | float | Decimal):
        return str(value)
    raise FieldInvalid("must be text")


def parse_text(value: Any, *, max_length: int, required: bool = True) -> str:
    text = plain(value)
    if required and not text:
        raise FieldInvalid("must not be empty")
    if len(text) > max_length:
        raise FieldInvalid(f"must be at most {max_length} characters")
    if problem := control_character_problem(text):
        raise FieldInvalid(problem)
    return text


def parse_slug(value: Any, what: str) -> str:
    """A lower-case id such as ``orion`` or ``aurora-labs``: letters, digits, ``.``, ``_``, ``-``."""
    text = plain(value).lower()
    if not SLUG.match(text):
        raise FieldInvalid(f"{what} must be 1–64 lower-case letters, digits, '.', '_' or '-', got {text!r}")
    return text


def parse_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = plain(value)
    if not text:
        raise FieldInvalid("is required (YYYY-MM-DD)")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise FieldInvalid(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def parse_optional_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return None if plain(value) == "" else parse_date(value)


def shown(text: str, limit: int = 24) -> str:
    """A value quoted in a message, cut short: a message never repeats 10,000 characters back."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def parse_whole(value: Any, low: int, high: int, what: str = "a whole number") -> int:
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise FieldInvalid(f"must be {what} {low}–{high:,}, got {value!r}")
    text = plain(int(value) if isinstance(value, float) and abs(value) < 1e15 else value)
    if not WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise FieldInvalid(f"must be {what} {low}–{high:,}, got {shown(text)}")
    return int(text)


def parse_decimal(value: Any, places: int, low: Decimal, high: Decimal) -> Decimal:
    """A number from ``low`` to ``high`` with at most ``places`` decimals, written in at most
    ``MAX_NUMBER_LENGTH`` characters. The range is checked before the decimals: rounding ``1e100`` to
    cents raised (a 500) where it should have been refused."""
    if isinstance(value, bool):
        raise FieldInvalid(f"must be a number, got {value!r}")
    text = plain(value)
    if len(text) > MAX_NUMBER_LENGTH:
        raise FieldInvalid(f"must be a number of at most {MAX_NUMBER_LENGTH} characters, got {shown(text)}")
    if not NUMBER.fullmatch(text):
        raise FieldInvalid(f"must be a number, got {shown(text)}")
    number = Decimal(text)
    if not low <= number <= high:
        raise FieldInvalid(f"must be between {low} and {high}, got {shown(text)}")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise FieldInvalid(f"has at most {places} decimals, got {shown(text)}")
    return number.quantize(Decimal(1).scaleb(-places))


def parse_choice(
    value: Any, choices: Collection[str], default: str | None, what: str = "value"
) -> str | None:
    """One of ``choices`` exactly as written (what the API schema lists); empty or absent: ``default``."""
    if value is None or value == "":
        return default
    if not isinstance(value, str) or value not in choices:
        text = value if isinstance(value, str) else repr(value)
        listed = f" (one of {', '.join(sorted(choices))})" if len(choices) <= 12 else ""
        raise FieldInvalid(f"unknown {what} {shown(text)}{listed}")
    return value


def parse_milli(value: Any) -> int:
    """A score 0–1 with at most three decimals, as thousandths."""
    return int(parse_decimal(value, 3, Decimal(0), Decimal(1)) * 1000)
