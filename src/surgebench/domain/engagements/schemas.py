"""JSON shapes of the engagements API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import msgspec

from surgebench.domain.engagements.repository import EngagementRow


class EngagementOut(msgspec.Struct):
    id: int
    specialist_id: int
    full_name: str
    client: str
    """The client's slug."""
    client_name: str
    model: str
    program_id: int
    cycle_id: int
    cycle: int
    """The cycle's number on that model."""
    skill: str
    level: int
    """The minimum level the role asked for."""
    weekly_hours: int
    starts_on: date
    ends_on: date | None
    """Null while the engagement runs (it then ends with its cycle)."""
    reported_quality: float | None
    """The quality outcome the lab reported, 0–1, if it did."""
    state: Literal["running", "ended", "left", "withdrawn"]
    """running; ended (with its cycle); left (ended before its cycle did); withdrawn (taken off the
    roster before the start: never on the team, counted nowhere)."""
    withdrawn_on: date | None
    end_reason: str | None
    """Why it ended early or was withdrawn."""

    @classmethod
    def of(cls, e: EngagementRow) -> EngagementOut:
        quality = None if e.reported_quality_milli is None else e.reported_quality_milli / 1000
        return cls(
            e.id,
            e.specialist_id,
            e.full_name,
            e.client_slug,
            e.client_name,
            e.model,
            e.program_id,
            e.cycle_id,
            e.cycle_number,
            e.skill_id,
            e.level,
            e.weekly_hours,
            e.starts_on,
            e.ends_on,
            quality,
            e.state,  # type: ignore[arg-type]  # a str to mypy; the table's check constraint holds it to the Literal's states
            e.withdrawn_on,
            e.end_reason,
        )


class EngagementChange(msgspec.Struct, forbid_unknown_fields=True):
    """A correction: only the fields sent change (``null`` clears ``ends_on`` or ``reported_quality``)."""

    skill_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | msgspec.UnsetType = msgspec.UNSET
    level: Annotated[int, msgspec.Meta(ge=1, le=5)] | msgspec.UnsetType = msgspec.UNSET
    weekly_hours: Annotated[int, msgspec.Meta(ge=1, le=168)] | msgspec.UnsetType = msgspec.UNSET
    starts_on: date | msgspec.UnsetType = msgspec.UNSET
    ends_on: date | None | msgspec.UnsetType = msgspec.UNSET
    reported_quality: Annotated[float, msgspec.Meta(ge=0, le=1)] | None | msgspec.UnsetType = msgspec.UNSET

    def given(self) -> dict[str, Any]:
        return {
            name: value
            for name in self.__struct_fields__
            if (value := getattr(self, name)) is not msgspec.UNSET
        }
