"""JSON shapes of the outcomes API."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from surgebench.domain.outcomes.estimate_service import Estimate
from surgebench.domain.outcomes.repository import Gate, OutcomeRow
from surgebench.domain.outcomes.service import MAX_ITEMS, NOTE_MAX, HeldBack

Items = Annotated[int, msgspec.Meta(ge=0, le=MAX_ITEMS)]
Reviewed = Annotated[int, msgspec.Meta(ge=1, le=MAX_ITEMS)]
Score = Annotated[float, msgspec.Meta(ge=0, le=1)]
Note = Annotated[str, msgspec.Meta(max_length=NOTE_MAX)]
Threshold = Annotated[float, msgspec.Meta(ge=0, le=1)]


class OutcomeOut(msgspec.Struct):
    id: int
    engagement_id: int
    reported_on: date
    items_reviewed: int
    items_accepted: int
    score: float | None
    """The lab's own score 0–1, if it gave one (it then stands for the outcome's quality)."""
    quality: float
    """The outcome's quality: the score when given, else items accepted ÷ items reviewed."""
    note: str
    reported_by: str

    @classmethod
    def of(cls, o: OutcomeRow) -> OutcomeOut:
        score = None if o.score_milli is None else o.score_milli / 1000
        return cls(
            o.id,
            o.engagement_id,
            o.reported_on,
            o.items_reviewed,
            o.items_accepted,
            score,
            o.rate_milli / 1000,
            o.note,
            o.reported_by,
        )


class OutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    """An outcome: accepted may not exceed reviewed; reported_on not before the engagement began nor
    after today."""

    reported_on: date
    items_reviewed: Reviewed
    items_accepted: Items
    score: Score | None = None
    note: Note = ""

    def given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__struct_fields__}


class OutcomeChange(msgspec.Struct, forbid_unknown_fields=True):
    """A correction: only the fields sent change (``null`` clears the score)."""

    reported_on: date | msgspec.UnsetType = msgspec.UNSET
    items_reviewed: Reviewed | msgspec.UnsetType = msgspec.UNSET
    items_accepted: Items | msgspec.UnsetType = msgspec.UNSET
    score: Score | None | msgspec.UnsetType = msgspec.UNSET
    note: Note | msgspec.UnsetType = msgspec.UNSET

    def given(self) -> dict[str, Any]:
        return {
            name: value
            for name in self.__struct_fields__
            if (value := getattr(self, name)) is not msgspec.UNSET
        }


class EstimateOut(msgspec.Struct):
    skill: str
    estimate: float
    """The vetting score rolled with the outcomes in this skill (the rule: ``docs/quality.md``)."""
    vetting_score: float
    items: int
    """Items reviewed in the outcomes behind it (undiscounted)."""
    outcomes: int
    last_outcome_on: date | None

    @classmethod
    def of(cls, e: Estimate) -> EstimateOut:
        return cls(
            e.skill, e.quality_milli / 1000, e.prior_milli / 1000, e.items, e.outcomes, e.last_reported_on
        )


class QualityPoint(msgspec.Struct):
    skill: str
    on: date
    estimate: float
    """The estimate in this skill as of that day (right after that day's outcomes)."""


class QualityOut(msgspec.Struct):
    specialist_id: int
    vetting_score: float
    """The estimate in any skill without outcomes."""
    skills: list[EstimateOut]
    """One per skill with outcomes."""
    history: list[QualityPoint]


class GateOut(msgspec.Struct):
    program_id: int
    min_estimate: float | None
    """The lowest acceptable quality estimate for the program's people (null: none)."""
    min_returning_outcome: float | None
    """The lowest outcome in the cycle just before to count as returning (null: none)."""

    @classmethod
    def of(cls, g: Gate) -> GateOut:
        return cls(
            g.program_id,
            None if g.min_estimate_milli is None else g.min_estimate_milli / 1000,
            None if g.min_returning_milli is None else g.min_returning_milli / 1000,
        )


class GateIn(msgspec.Struct, forbid_unknown_fields=True):
    """Both thresholds (null: no such gate)."""

    min_estimate: Threshold | None = None
    min_returning_outcome: Threshold | None = None


class HeldBackOut(msgspec.Struct):
    specialist_id: int
    full_name: str
    program_id: int
    program: str
    cycle: int
    """The cycle they worked."""
    skill: str
    outcome: float | None
    estimate: float
    reason: str

    @classmethod
    def of(cls, h: HeldBack) -> HeldBackOut:
        return cls(
            h.specialist_id,
            h.full_name,
            h.program_id,
            h.program_name,
            h.cycle,
            h.skill,
            None if h.outcome_milli is None else h.outcome_milli / 1000,
            h.estimate_milli / 1000,
            h.reason,
        )
