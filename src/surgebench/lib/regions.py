"""UTC regions: a person's UTC offset put in one of a few bands, the coarsest thing the team's make-up
shows about where someone works from (never their zone, city or anything more personal)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

REGIONS = (
    (-12.0, -6.0, "UTC−12 to −6"),
    (-5.5, -2.0, "UTC−5 to −2"),
    (-1.5, 2.0, "UTC−1 to +2"),
    (2.5, 5.0, "UTC+3 to +5"),
    (5.25, 7.0, "UTC+5:30 to +7"),
    (7.5, 14.0, "UTC+8 to +14"),
)
"""(lowest, highest offset in hours, label), in order."""
UNKNOWN = "unknown"


def region_of_offset(hours: float) -> str:
    for low, high, label in REGIONS:
        if low <= hours <= high:
            return label
    return UNKNOWN


@lru_cache(maxsize=4096)
def region(timezone: str, day: date) -> str:
    """The band of the zone's UTC offset at noon UTC on ``day``."""
    try:
        offset = (
            datetime(day.year, day.month, day.day, 12, tzinfo=UTC).astimezone(ZoneInfo(timezone)).utcoffset()
        )
    except (ZoneInfoNotFoundError, ValueError):
        return UNKNOWN
    return region_of_offset(offset.total_seconds() / 3600 if offset is not None else 0.0)
