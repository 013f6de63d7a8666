"""Typed field readers for problem JSON: each names the JSON path of a value that breaks the contract."""

from __future__ import annotations

import math
from datetime import date


class ProblemError(ValueError):
    """A problem document that breaks the contract, with the JSON path of the offending place."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def as_object(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ProblemError(path, f"must be an object, got {_kind(value)}")
    return value


def required(obj: dict[str, object], name: str, path: str) -> object:
    if name not in obj:
        raise ProblemError(f"{path}.{name}" if path else name, "is required")
    return obj[name]


def as_int(value: object, path: str, *, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(path, f"must be an integer, got {_kind(value)}")
    if low is not None and high is not None and not low <= value <= high:
        raise ProblemError(path, f"must be between {low} and {high}, got {value}")
    if low is not None and value < low:
        raise ProblemError(path, f"must be at least {low}, got {value}")
    return value


def as_number(value: object, path: str, *, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProblemError(path, f"must be a number, got {_kind(value)}")
    if not math.isfinite(value):
        raise ProblemError(path, "must be a finite number")
    if low is not None and high is not None and not low <= value <= high:
        raise ProblemError(path, f"must be between {low:g} and {high:g}, got {value}")
    return float(value)


def as_str(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise ProblemError(path, f"must be a string, got {_kind(value)}")
    return value


def as_id(value: object, path: str) -> str:
    text = as_str(value, path)
    if not text:
        raise ProblemError(path, "must be a non-empty string")
    return text


def as_date(value: object, path: str) -> date:
    text = as_str(value, path)
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ProblemError(path, f"must be an ISO date YYYY-MM-DD, got {text!r}") from None


def as_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise ProblemError(path, f"must be an array, got {_kind(value)}")
    return value


def as_strings(value: object, path: str) -> tuple[str, ...]:
    return tuple(as_str(item, f"{path}[{i}]") for i, item in enumerate(as_list(value, path)))
