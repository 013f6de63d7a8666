"""A specialist as the bench's writers see it: one validated record, the same whether it came from
the edit form, the API, a CSV row or the demo generator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CSV_COLUMNS = (
    "email",
    "full_name",
    "country",
    "timezone",
    "languages",
    "skills",
    "status",
    "vetting_expires",
    "available_from",
    "weekly_hours",
    "quality",
    "hourly_rate",
)
"""The bench CSV's columns, in this order (export writes them, import requires them)."""


@dataclass(frozen=True, slots=True)
class SpecialistRecord:
    email: str
    full_name: str
    country: str
    timezone: str
    languages: tuple[str, ...]
    """ISO 639-1 codes, lower case, sorted, unique."""
    skills: tuple[tuple[str, int], ...]
    """(skill id, level 1–5), sorted by skill id, unique skill ids."""
    status: str
    vetting_expires: date | None
    available_from: date | None
    weekly_hours: int
    quality: Decimal
    """0–1, at most three decimals."""
    hourly_rate: Decimal
    """USD per hour, at most two decimals."""

    @property
    def email_key(self) -> str:
        return self.email.lower()

    @property
    def quality_milli(self) -> int:
        return int(self.quality * 1000)

    @property
    def hourly_rate_cents(self) -> int:
        return int(self.hourly_rate * 100)
