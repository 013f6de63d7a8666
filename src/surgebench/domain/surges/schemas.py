"""What the surge requests API reads and answers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import msgspec

from surgebench.domain.surges.request_schemas import MAX_LANGUAGES
from surgebench.domain.surges.service import RequestView
from surgebench.lib.openapi import documented

Key = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]


class CycleIn(msgspec.Struct, forbid_unknown_fields=True):
    model_version: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    starts_on: date
    ends_on: date
    number: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    """Default: the program's next cycle."""


class RoleIn(msgspec.Struct, forbid_unknown_fields=True):
    key: Key
    """The role's id within the request, e.g. python (lower case)."""
    skill: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    min_level: Annotated[int, msgspec.Meta(ge=1, le=5)]
    headcount: Annotated[int, msgspec.Meta(ge=0, le=100_000)]
    hours_per_week: Annotated[int, msgspec.Meta(ge=1, le=168)]
    min_quality: Annotated[float, msgspec.Meta(ge=0, le=1)] = 0.0
    languages: Annotated[
        list[Annotated[str, msgspec.Meta(min_length=2, max_length=3)]],
        msgspec.Meta(max_length=MAX_LANGUAGES),
        documented(unique_items=True),
    ] = []
    """ISO 639-1 codes, each once (at most ``MAX_LANGUAGES``)."""
    utc_offset: (
        Annotated[
            list[Annotated[float, msgspec.Meta(ge=-12, le=14)]],
            msgspec.Meta(min_length=2, max_length=2),
            documented(items={"type": "number", "minimum": -12, "maximum": 14}),
        ]
        | None
    ) = None
    """[lo, hi] hours, inclusive, at noon UTC on the first ramp day; null: anywhere."""
    max_country_share: Annotated[float, msgspec.Meta(ge=0, le=1)] | None = None
    """At most this share of the role's people from one country (two decimals); null: no cap."""


class RampDayIn(msgspec.Struct, forbid_unknown_fields=True):
    date: date
    onboarding_capacity: Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class SurgeRequestIn(msgspec.Struct, forbid_unknown_fields=True):
    """A surge for a program's cycle. Left out: competitors and cooldown come from the client; the ramp is
    the five working days from ``ramp_start`` (default the cycle's start), each taking a fifth of the
    seats."""

    cycle: CycleIn
    roles: Annotated[list[RoleIn], msgspec.Meta(min_length=1, max_length=50)]
    priority: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    competitors: list[Annotated[str, msgspec.Meta(min_length=1, max_length=64)]] | None = None
    cooldown_days: Annotated[int, msgspec.Meta(ge=0, le=3650)] | None = None
    ramp: Annotated[list[RampDayIn], msgspec.Meta(max_length=30)] | None = None
    ramp_start: date | None = None

    def raw(self) -> dict[str, Any]:
        return {k: v for k, v in msgspec.to_builtins(self).items() if v is not None}


class SurgeRequestPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Changes to an open request; what is left out stays (``roles`` and ``ramp`` replace the lists)."""

    cycle: CycleIn | None = None
    roles: Annotated[list[RoleIn], msgspec.Meta(min_length=1, max_length=50)] | None = None
    priority: Annotated[int, msgspec.Meta(ge=1, le=1000)] | None = None
    competitors: list[Annotated[str, msgspec.Meta(min_length=1, max_length=64)]] | None = None
    cooldown_days: Annotated[int, msgspec.Meta(ge=0, le=3650)] | None = None
    ramp: Annotated[list[RampDayIn], msgspec.Meta(max_length=30)] | None = None

    def raw(self) -> dict[str, Any]:
        return {k: v for k, v in msgspec.to_builtins(self).items() if v is not None}


class PinIn(msgspec.Struct, forbid_unknown_fields=True):
    specialist_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
    role: Key


class ExclusionIn(msgspec.Struct, forbid_unknown_fields=True):
    specialist_id: Annotated[int, msgspec.Meta(ge=1, le=2**31 - 1)]
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""


class CycleOut(msgspec.Struct):
    id: int
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str


class RoleOut(msgspec.Struct):
    key: str
    skill: str
    min_level: int
    min_quality: float
    headcount: int
    hours_per_week: int
    languages: list[str]
    utc_offset: list[float] | None
    max_country_share: float | None


class PersonRef(msgspec.Struct):
    specialist_id: int
    full_name: str
    role: str | None = None
    reason: str | None = None


class RivalTermOut(msgspec.Struct):
    client: str
    """The rival client's id."""
    client_name: str
    cooldown_days: int
    """The pair's cooldown: the longer of the two sides', and at least one day."""
    sources: list[str]
    """Where the term comes from: "this request", "<client>'s terms", "<client>'s request for …"."""


class SurgeRequestOut(msgspec.Struct):
    id: int
    program_id: int
    client: str
    model: str
    status: str
    """open, approved or cancelled."""
    revision: int
    """Bumped by every change; plans record the revision they answered."""
    cycle: CycleOut
    priority: int
    competitors: list[str]
    cooldown_days: int
    ramp: list[RampDayIn]
    roles: list[RoleOut]
    pins: list[PersonRef]
    exclusions: list[PersonRef]
    seats: int
    rival_terms: list[RivalTermOut]
    """Every client this request's people may not share with, from either side of the term, with the
    pair's cooldown. A term binds both clients whichever of them wrote it."""

    @classmethod
    def of(cls, v: RequestView) -> SurgeRequestOut:
        c = v.cycle
        roles = [
            RoleOut(
                r.key,
                r.skill_id,
                r.min_level,
                r.min_quality_milli / 1000,
                r.headcount,
                r.hours_per_week,
                list(r.languages or ()),
                None
                if r.utc_offset_min_minutes is None or r.utc_offset_max_minutes is None
                else [r.utc_offset_min_minutes / 60, r.utc_offset_max_minutes / 60],
                None if r.max_country_share_pct is None else r.max_country_share_pct / 100,
            )
            for r in v.roles
        ]
        return cls(
            v.request.id,
            c.program.id,
            c.program.client_slug,
            c.program.model,
            v.request.status,
            v.request.revision,
            CycleOut(c.id, c.number, c.model_version, c.starts_on, c.ends_on, c.status),
            v.request.priority,
            v.competitors,
            v.request.cooldown_days,
            [RampDayIn(d.day, d.onboarding_capacity) for d in v.ramp],
            roles,
            [PersonRef(p.specialist_id, p.full_name, role=p.role_key) for p in v.pins],
            [PersonRef(e.specialist_id, e.full_name, reason=e.reason) for e in v.exclusions],
            v.seats,
            [RivalTermOut(t.client_slug, t.client_name, t.cooldown_days, list(t.sources)) for t in v.rivals],
        )
