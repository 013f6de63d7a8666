"""The offers' JSON bodies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from surgebench.db.orm import Offer
from surgebench.lib.text import NO_CONTROL_CHARACTERS

Reason = Literal["busy", "rate", "not_interested", "other"]


class OfferTermsIn(msgspec.Struct, forbid_unknown_fields=True):
    answer_hours: Annotated[int, msgspec.Meta(ge=1, le=336)] = 24
    """How long a person has to answer (never past the start of the seat's first day)."""
    program_name: Annotated[str, msgspec.Meta(max_length=200, pattern=NO_CONTROL_CHARACTERS)] = ""
    """The program's name as offers show it (empty: the program's own name)."""
    backfill: Literal["approval", "auto"] = "approval"
    """approval: a backfill re-plan waits for a manager; auto: the system approves it."""


class OfferTermsOut(msgspec.Struct):
    answer_hours: int
    program_name: str | None
    backfill: str


class AnswerIn(msgspec.Struct, forbid_unknown_fields=True):
    answer: Literal["accept", "decline"]
    reason: Reason | None = None
    """Required to decline."""
    note: Annotated[str, msgspec.Meta(max_length=500, pattern=NO_CONTROL_CHARACTERS)] = ""


class StartedIn(msgspec.Struct, forbid_unknown_fields=True):
    offer_ids: Annotated[
        list[Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]], msgspec.Meta(min_length=1, max_length=10_000)
    ]
    """Accepted offers whose people started (today is their first day or later)."""


class OfferOut(msgspec.Struct):
    id: int
    specialist_id: int
    role_id: int | None
    state: str
    """offered, accepted, declined, expired, started or withdrawn."""
    role_name: str
    starts_on: date
    weekly_hours: int
    hourly_rate_cents: int
    program_name: str
    returning: bool
    deadline: datetime
    offered_at: datetime
    answered_at: datetime | None
    decline_reason: str | None
    started_on: date | None


def offer_out(o: Offer) -> OfferOut:
    return OfferOut(
        o.id,
        o.specialist_id,
        o.role_id,
        o.state,
        o.role_name,
        o.starts_on,
        o.weekly_hours,
        o.hourly_rate_cents,
        o.program_name,
        o.is_returning,
        o.deadline,
        o.offered_at,
        o.answered_at,
        o.decline_reason,
        o.started_on,
    )
