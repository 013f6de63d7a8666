"""The plan (`surge-plan/1`): frozen results with exact JSON in and out.

Beyond the contract's fields a plan may carry `infeasible_pins` (the pins at fault when the
status is "infeasible") and `levels` (per objective level: value, bound, proven, seconds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

PLAN_FORMAT = "surge-plan/1"
STATUSES = ("optimal", "feasible", "infeasible")
LEVEL_NAMES = ("fill", "continuity", "quality", "ramp", "cost")


class PlanError(ValueError):
    """A plan document that breaks the contract, with the JSON path of the offending place."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
        self.message = message


@dataclass(frozen=True, slots=True)
class Assignment:
    specialist: str
    request: str
    role: str
    start: date
    returning: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "specialist": self.specialist,
            "request": self.request,
            "role": self.role,
            "start": self.start.isoformat(),
            "returning": self.returning,
        }


@dataclass(frozen=True, slots=True)
class Shortfall:
    request: str
    role: str
    missing: int
    reasons: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "request": self.request,
            "role": self.role,
            "missing": self.missing,
            "reasons": dict(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class PinConflict:
    """A pin that cannot be kept, alone (`reason` names the rule) or together with other pins."""

    specialist: str
    request: str
    role: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "specialist": self.specialist,
            "request": self.request,
            "role": self.role,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class LevelReport:
    name: str
    value: int
    bound: int
    proven: bool
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "bound": self.bound,
            "proven": self.proven,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True, slots=True)
class Plan:
    status: str
    assignments: tuple[Assignment, ...]
    objective: dict[str, int] | None
    shortfall: tuple[Shortfall, ...] | None
    solve_seconds: float = 0.0
    infeasible_pins: tuple[PinConflict, ...] = ()
    levels: tuple[LevelReport, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": PLAN_FORMAT,
            "status": self.status,
            "assignments": [a.to_json() for a in self.assignments],
            "objective": dict(self.objective or {}),
            "shortfall": [s.to_json() for s in self.shortfall or ()],
            "solve_seconds": round(self.solve_seconds, 3),
        }
        if self.infeasible_pins:
            data["infeasible_pins"] = [p.to_json() for p in self.infeasible_pins]
        if self.levels:
            data["levels"] = [level.to_json() for level in self.levels]
        return data


# ---------------------------------------------------------------------------------------- reading


def _obj(value: object, path: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise PlanError(path, "must be an object")
    return value


def _get(obj: dict[str, object], name: str, path: str) -> object:
    if name not in obj:
        raise PlanError(f"{path}.{name}" if path else name, "is required")
    return obj[name]


def _str(value: object, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise PlanError(path, "must be a non-empty string")
    return value


def _int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PlanError(path, "must be an integer")
    return value


def _list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise PlanError(path, "must be an array")
    return value


def _listed(value: object) -> list[object]:
    """An optional array the reader is lenient about: anything else counts as empty."""
    return value if isinstance(value, list) else []


def _assignment(value: object, path: str) -> Assignment:
    obj = _obj(value, path)
    start = _str(_get(obj, "start", path), f"{path}.start")
    try:
        start_date = date.fromisoformat(start)
    except ValueError:
        raise PlanError(f"{path}.start", f"must be an ISO date, got {start!r}") from None
    returning = _get(obj, "returning", path)
    if not isinstance(returning, bool):
        raise PlanError(f"{path}.returning", "must be true or false")
    return Assignment(
        specialist=_str(_get(obj, "specialist", path), f"{path}.specialist"),
        request=_str(_get(obj, "request", path), f"{path}.request"),
        role=_str(_get(obj, "role", path), f"{path}.role"),
        start=start_date,
        returning=returning,
    )


def _shortfall(value: object, path: str) -> Shortfall:
    obj = _obj(value, path)
    reasons = _obj(obj.get("reasons", {}), f"{path}.reasons")
    return Shortfall(
        request=_str(_get(obj, "request", path), f"{path}.request"),
        role=_str(_get(obj, "role", path), f"{path}.role"),
        missing=_int(_get(obj, "missing", path), f"{path}.missing"),
        reasons={k: _int(v, f"{path}.reasons.{k}") for k, v in reasons.items()},
    )


def parse_plan(data: object) -> Plan:
    """Read a plan document. `objective` and `shortfall` may be absent (the checker reports that)."""
    obj = _obj(data, "")
    if _get(obj, "format", "") != PLAN_FORMAT:
        raise PlanError("format", f"must be {PLAN_FORMAT!r}")
    status = _get(obj, "status", "")
    if not isinstance(status, str) or status not in STATUSES:
        raise PlanError("status", f"must be one of {', '.join(STATUSES)}")
    assignments = tuple(
        _assignment(a, f"assignments[{i}]")
        for i, a in enumerate(_list(_get(obj, "assignments", ""), "assignments"))
    )
    objective = None
    if "objective" in obj:
        raw = _obj(obj["objective"], "objective")
        objective = {k: _int(v, f"objective.{k}") for k, v in raw.items()}
    shortfall = None
    if "shortfall" in obj:
        shortfall = tuple(
            _shortfall(s, f"shortfall[{i}]") for i, s in enumerate(_list(obj["shortfall"], "shortfall"))
        )
    pins = tuple(
        PinConflict(
            specialist=str(p.get("specialist", "")),
            request=str(p.get("request", "")),
            role=str(p.get("role", "")),
            reason=str(p.get("reason", "")),
        )
        for p in _listed(obj.get("infeasible_pins"))
        if isinstance(p, dict)
    )
    seconds = obj.get("solve_seconds", 0.0)
    return Plan(
        status=status,
        assignments=assignments,
        objective=objective,
        shortfall=shortfall,
        solve_seconds=float(seconds)
        if isinstance(seconds, int | float) and not isinstance(seconds, bool)
        else 0.0,
        infeasible_pins=pins,
    )
