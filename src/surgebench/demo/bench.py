"""A generated bench for trying the product: ``generate_bench(n, seed)`` yields ``n`` specialist
records drawn from the population in ``demo/population.py``. The same seed (and reference date)
always gives the same bench; nothing reads the clock."""

from __future__ import annotations

import random
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from typing import Generic, TypeVar

from surgebench.demo.population import (
    AREA_RATE_FACTOR,
    COUNTRIES,
    LEVEL_WEIGHTS,
    NAMES,
    PROFILES,
    RATE_BANDS,
    STATUS_WEIGHTS,
    WEEKLY_HOURS,
    Country,
    Profile,
)
from surgebench.demo.reference import skills_by_area
from surgebench.domain.specialists.record_schemas import SpecialistRecord

DEFAULT_TODAY = date(2026, 12, 1)
"""The reference date the demo bench's dates are spread around (fixed, so a seed means one bench)."""

MAX_SKILLS = 4
SECOND_LANGUAGES = ("es", "fr", "de", "pt", "zh", "ar", "ja")
"""Third languages people pick up anywhere."""

T = TypeVar("T")


class _Weighted(Generic[T]):
    """Draws one of ``items`` with the given relative weights (cumulative weights computed once)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.total)]


_COUNTRY = _Weighted([(country, country.weight) for country in COUNTRIES])
_PROFILE = _Weighted([(profile, profile.weight) for profile in PROFILES])
_STATUS = _Weighted(STATUS_WEIGHTS)
_HOURS = _Weighted(WEEKLY_HOURS)
_LEVEL = _Weighted(list(zip(range(1, 6), LEVEL_WEIGHTS, strict=True)))
_EXTRA_LEVEL = _Weighted(list(zip(range(1, 6), (0.12, 0.38, 0.34, 0.14, 0.02), strict=True)))
"""A side skill is usually weaker than the main ones."""
_ZONES = {c.code: _Weighted(c.zones) for c in COUNTRIES}
_LOCAL = {c.code: _Weighted(c.local_languages) for c in COUNTRIES}

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ø": "o"})


@lru_cache(maxsize=1024)
def email_part(name: str) -> str:
    """``Łukasz`` → ``lukasz``, ``Dela Cruz`` → ``dela-cruz``: ASCII, lower case, safe in an address."""
    plain = unicodedata.normalize("NFKD", name.translate(_FOLD)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def generate_bench(
    n: int,
    seed: int,
    today: date = DEFAULT_TODAY,
    taxonomy: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[SpecialistRecord]:
    """``n`` plausible specialists, numbered 1…n in their e-mails so every e-mail is unique.
    ``taxonomy`` (area → skill ids) defaults to ``fixtures/skills.csv``."""
    rng = random.Random(seed)
    areas = {area: tuple(ids) for area, ids in (taxonomy or skills_by_area()).items()}
    area_of = {skill: area for area, ids in areas.items() for skill in ids}
    for number in range(1, n + 1):
        yield _specialist(rng, number, today, areas, area_of)


def _specialist(
    rng: random.Random,
    number: int,
    today: date,
    areas: dict[str, tuple[str, ...]],
    area_of: dict[str, str],
) -> SpecialistRecord:
    country = _COUNTRY.draw(rng)
    first_names, last_names = NAMES[country.names]
    first, last = rng.choice(first_names), rng.choice(last_names)
    languages = _languages(rng, country)
    skills = _skills(rng, _PROFILE.draw(rng), languages, areas)
    status = _STATUS.draw(rng)
    return SpecialistRecord(
        email=f"{email_part(first)}.{email_part(last)}.{number}@example.org",
        full_name=f"{first} {last}",
        country=country.code,
        timezone=_ZONES[country.code].draw(rng),
        languages=tuple(sorted(languages)),
        skills=tuple(sorted(skills.items())),
        status=status,
        vetting_expires=_vetting_expires(rng, status, today),
        available_from=_available_from(rng, status, today),
        weekly_hours=_HOURS.draw(rng),
        quality=Decimal(f"{rng.betavariate(8, 2):.3f}"),
        hourly_rate=_hourly_rate(rng, country, skills, area_of),
    )


def _languages(rng: random.Random, country: Country) -> list[str]:
    """English for most; a local language for most outside the English-speaking countries (always when
    no English); now and then a third."""
    spoken = ["en"] if rng.random() < country.english_share else []
    if not spoken or rng.random() < country.local_share:
        local = _LOCAL[country.code].draw(rng)
        if local not in spoken:
            spoken.append(local)
    if rng.random() < 0.12:
        third = rng.choice([code for code, _ in country.local_languages] + list(SECOND_LANGUAGES))
        if third not in spoken:
            spoken.append(third)
    return spoken


def _candidates(source: str, languages: Sequence[str], areas: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Skill ids a profile's ``source`` stands for: an area, one skill id, or ``languages`` — the
    language skills of the languages this person speaks."""
    if source == "languages":
        known = set(areas.get("languages", ()))
        return tuple(f"lang.{code}" for code in languages if f"lang.{code}" in known)
    if source in areas:
        return areas[source]
    return (source,) if any(source in ids for ids in areas.values()) else ()  # a single skill id


def _skills(
    rng: random.Random,
    profile: Profile,
    languages: Sequence[str],
    areas: dict[str, tuple[str, ...]],
) -> dict[str, int]:
    pool = sorted({skill for source in profile.primary for skill in _candidates(source, languages, areas)})
    if not pool:  # a linguist none of whose languages is in the taxonomy writes instead
        pool = list(areas.get("writing") or next(iter(areas.values())))
    wanted = min(rng.randint(*profile.main_skills), len(pool))
    skills = {skill: _LEVEL.draw(rng) for skill in rng.sample(pool, wanted)}
    for source, chance in profile.extra:
        if len(skills) >= MAX_SKILLS or rng.random() >= chance:
            continue
        options = [s for s in _candidates(source, languages, areas) if s not in skills]
        if options:
            skills[rng.choice(options)] = _EXTRA_LEVEL.draw(rng)
    return skills


def _vetting_expires(rng: random.Random, status: str, today: date) -> date | None:
    """Vetting lasts up to two years; about one vetted specialist in seven is already due again."""
    if status in ("vetted", "suspended"):
        return today + timedelta(days=rng.randint(-120, 730))
    if status == "offboarded" and rng.random() < 0.5:
        return today - timedelta(days=rng.randint(1, 365))
    return None


def _available_from(rng: random.Random, status: str, today: date) -> date | None:
    """Most are free within a month; some already are; a few only later; a few have not said."""
    if status == "offboarded":
        return None
    roll = rng.random()
    if roll < 0.2:
        return today - timedelta(days=rng.randint(1, 60))
    if roll < 0.85:
        return today + timedelta(days=rng.randint(0, 30))
    if roll < 0.97:
        return today + timedelta(days=rng.randint(31, 120))
    return None


def _hourly_rate(
    rng: random.Random,
    country: Country,
    skills: Mapping[str, int],
    area_of: dict[str, str],
) -> Decimal:
    """Country band × the best-paid skill area × seniority × individual spread."""
    area_factor = max((AREA_RATE_FACTOR.get(area_of.get(skill, ""), 1.0) for skill in skills), default=1.0)
    seniority = 1 + 0.15 * (max(skills.values(), default=3) - 3)
    rate = RATE_BANDS[country.rate_band] * area_factor * seniority * rng.lognormvariate(0, 0.18)
    return Decimal(f"{max(rate, 5.0):.2f}")
