"""Query parameters of the list pages and their API twins: read as text (a page shows every bad one next
to its field instead of a bare 400), checked by the domain's parser, and documented in the API schema as
exactly what that parser takes. Each helper here makes the parameter's declaration and its parser
together, so the schema cannot drift from the check:

- ``choice``: one of fixed values (``sort``, ``order``, ``returning``); empty means the default.
- ``whole``: a whole number in a range (``page``, ``per_page``); empty means the default.
- ``text``: free text (a search), at most so many characters, no control characters.
- ``code``: a code from a list the schema does not spell out (a skill, a role, a country), refused by
  the parser naming the field when unknown.
- ``day``: a date, ``YYYY-MM-DD``.

Every one may also be sent empty (``?page=``, as a page's form sends it), which means "not given"."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from litestar.openapi.spec import OpenAPIType
from litestar.params import Parameter

from surgebench.lib.fields import FieldInvalid, parse_choice, parse_date, shown
from surgebench.lib.text import CONTROL_CHARACTERS, NO_CONTROL_CHARACTERS, control_character_problem

DIGITS = re.compile(r"[0-9]{1,12}")
YES_NO = ("yes", "no")
ORDERS = ("asc", "desc")


def _declared(description: str, **schema: Any) -> Any:
    return Parameter(
        default=None,
        description=description,
        schema_extra={"one_of": None, "type": OpenAPIType.STRING, **schema},
    )


def choice(choices: Collection[str], description: str) -> Any:
    """A parameter taking one of ``choices`` exactly as written (or ``""``, the default)."""
    return _declared(description, enum=["", *choices])


def choices(values: Collection[str], description: str) -> Any:
    """A repeatable parameter, each value one of ``values`` (or ``""``, ignored)."""
    return Parameter(
        default=None,
        description=description,
        schema_extra={
            "one_of": None,
            "type": OpenAPIType.ARRAY,
            "items": {"type": "string", "enum": ["", *values]},
        },
    )


def whole(low: int, high: int, description: str) -> Any:
    """A parameter taking a whole number ``low``–``high`` written in ASCII digits (or ``""``)."""
    return _declared(description, type=OpenAPIType.INTEGER, minimum=low, maximum=high)


def text(max_length: int, description: str) -> Any:
    return _declared(description, maxLength=max_length, pattern=NO_CONTROL_CHARACTERS)


def code(description: str, pattern: str = "^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]{0,64}$") -> Any:
    """A parameter naming something from a list the schema does not spell out (unknown: a 400)."""
    return _declared(description, pattern=pattern)


def day(description: str) -> Any:
    return _declared(f"{description} (YYYY-MM-DD)", pattern="^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")


def parse_whole_text(value: str | None, default: int, low: int, high: int) -> int:
    """What ``whole`` documents: ASCII digits, ``low``–``high``; nothing: ``default``."""
    if value is None or value == "":
        return default
    if not DIGITS.fullmatch(value) or not low <= int(value) <= high:
        raise FieldInvalid(f"must be a whole number {low}–{high:,}, got {shown(value)}")
    return int(value)


def parse_search(value: str | None, max_length: int) -> str | None:
    """What ``text`` documents: at most ``max_length`` characters, no control characters; surrounding
    spaces are dropped (nothing left: no search)."""
    if value is None:
        return None
    if len(value) > max_length:
        raise FieldInvalid(f"must be at most {max_length} characters")
    if problem := control_character_problem(value):
        raise FieldInvalid(problem)
    return value.strip() or None


def parse_yes_no(value: str | None) -> bool | None:
    """What ``choice(YES_NO, …)`` documents: ``yes``, ``no`` or nothing (``None``: either)."""
    return {"yes": True, "no": False, None: None}[parse_choice(value, YES_NO, None)]


def parse_day(value: str | None) -> Any:
    """What ``day`` documents: ``YYYY-MM-DD`` exactly, or nothing."""
    if value is None or value == "":
        return None
    if value != value.strip():
        raise FieldInvalid(f"not a date: {shown(value)} (use YYYY-MM-DD)")
    return parse_date(value)


__all__ = [
    "CONTROL_CHARACTERS",
    "choice",
    "choices",
    "code",
    "day",
    "parse_choice",
    "parse_day",
    "parse_search",
    "parse_whole_text",
    "parse_yes_no",
    "text",
    "whole",
]
