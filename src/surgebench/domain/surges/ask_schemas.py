"""What a surge asks for, as plain frozen facts: the input of the problem builder. A surge request stored
in the database becomes one of these; so does a hand-written one in a test or a benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RoleAsk:
    key: str
    """The role's id within its request, e.g. ``py``."""
    skill: str
    min_level: int
    min_quality_milli: int
    headcount: int
    hours_per_week: int
    languages: tuple[str, ...] = ()
    utc_offset: tuple[float, float] | None = None
    """Allowed UTC offset in hours, inclusive; ``None``: anywhere."""
    max_country_share_pct: int | None = None
    """At most this percentage of the role's people from one country; ``None``: no cap."""


@dataclass(frozen=True)
class RampDayAsk:
    date: date
    onboarding_capacity: int


@dataclass(frozen=True)
class PinAsk:
    specialist_id: int
    role: str


@dataclass(frozen=True)
class KeptStart:
    """A roster member a re-plan keeps, and the day they were approved to start (they keep it)."""

    specialist_id: int
    starts_on: date


@dataclass(frozen=True)
class SurgeAsk:
    id: str
    """The request's id in the problem (unique among the requests solved together)."""
    client: str
    """The client's slug."""
    model: str
    cycle: int
    """The number of the cycle being staffed."""
    priority: int
    ends_on: date
    ramp: tuple[RampDayAsk, ...]
    competitors: tuple[str, ...]
    cooldown_days: int
    roles: tuple[RoleAsk, ...]
    pinned: tuple[PinAsk, ...] = ()
    excluded: tuple[int, ...] = ()
    own_cycle_id: int | None = None
    """The cycle being staffed, if it is recorded: its own engagements (a roster being re-planned) count
    neither as history nor as hours already committed."""
    kept: tuple[KeptStart, ...] = ()
    """A re-plan's roster members kept on their start dates (each is also pinned to their role)."""

    @property
    def first_ramp_date(self) -> date:
        return self.ramp[0].date
