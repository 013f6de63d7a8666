"""What the bench list and the specialist API read and write.

``BenchQuery`` is the list's query string as typed (the same parameters for the ``/bench`` page and
``GET /api/specialists``); ``SpecialistFilter.parse`` turns it into a checked filter once, naming every
bad parameter. ``SpecialistOut``/``SpecialistWrite`` are the API's JSON bodies."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import msgspec
from litestar.di import NamedDependency

from surgebench.db.orm.specialists import SPECIALIST_STATUSES
from surgebench.domain.specialists.errors import InvalidBenchFilter
from surgebench.domain.specialists.validation_schemas import FieldInvalid
from surgebench.lib import query
from surgebench.lib.fields import NUMBER, NUMBER_TEXT, parse_choice, parse_milli
from surgebench.lib.iso import LANGUAGES_639_1, countries
from surgebench.lib.openapi import documented
from surgebench.lib.text import NO_CONTROL_CHARACTERS

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
SORT_KEYS = (
    "name",
    "email",
    "country",
    "status",
    "quality",
    "hourly_rate",
    "available_from",
    "vetting_expires",
)
ORDERS = ("asc", "desc")
LETTERS_2 = "^\\s*([A-Za-z]{2})?\\s*$"
"""A two-letter code in any case (the parsers upper- or lower-case it), or nothing."""
STATUS_FILTERS = (*SPECIALIST_STATUSES, "lapsed")
"""What the status filter takes: the statuses, and "lapsed" (vetted, vetting run out)."""


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """The list's query parameters exactly as sent (strings; checked by ``SpecialistFilter.parse``)."""

    skill: str | None = None
    min_level: str | None = None
    min_estimate: str | None = None
    language: str | None = None
    country: str | None = None
    status: tuple[str, ...] = ()
    vetting_expires_before: str | None = None
    available_by: str | None = None
    free_from: str | None = None
    free_to: str | None = None
    q: str | None = None
    sort: str | None = None
    order: str | None = None
    page: str | None = None
    per_page: str | None = None


def provide_bench_query(
    skill: str | None = query.code("Skill id, e.g. coding.python"),
    min_level: str | None = query.whole(1, 5, "With skill: minimum level (default 1)"),
    min_estimate: str | None = query.code(
        "With skill: the lowest quality estimate in that skill, 0 to 1 with at most three decimals (e.g. "
        "0.7): the estimate stored by the daily quality_estimates job or when the person's outcomes last "
        "changed; the vetting score for a skill without outcomes",
        "^(\\s*" + NUMBER.pattern + "\\s*)?$",
    ),
    language: str | None = query.code("ISO 639-1 language code, e.g. hi (any case)", LETTERS_2),
    country: str | None = query.code("ISO 3166-1 alpha-2 country code, e.g. IN (any case)", LETTERS_2),
    status: list[str] | None = query.choices(
        STATUS_FILTERS,
        "Repeatable (lapsed: vetted, but the vetting has run out; vetted counts only those whose vetting "
        "still holds). Default: every status",
    ),
    vetting_expires_before: str | None = query.day("Vetting expires before this day"),
    available_by: str | None = query.day("Available on or before this day (no date = available now)"),
    free_from: str | None = query.day("Free hours are reckoned from this day (default today) ..."),
    free_to: str | None = query.day(
        "... to this day (default twelve weeks after free_from): the hours left on the busiest day in between"
    ),
    q: str | None = query.text(100, "Part of the name or e-mail, any case"),
    sort: str | None = query.choice(SORT_KEYS, "Order by this (default name)"),
    order: str | None = query.choice(ORDERS, "asc (default) or desc"),
    page: str | None = query.whole(1, MAX_PAGE, "1-based page number"),
    per_page: str | None = query.whole(1, MAX_PAGE_SIZE, f"Page size (default {PAGE_SIZE})"),
) -> BenchQuery:
    """The list's query parameters, declared once for the page and the API (and the OpenAPI schema)."""
    return BenchQuery(
        skill=skill,
        min_level=min_level,
        min_estimate=min_estimate,
        language=language,
        country=country,
        status=tuple(s for s in status or () if s),
        vetting_expires_before=vetting_expires_before,
        available_by=available_by,
        free_from=free_from,
        free_to=free_to,
        q=q,
        sort=sort,
        order=order,
        page=page,
        per_page=per_page,
    )


BenchQueryParams = NamedDependency[BenchQuery]
"""The list's filters (handler parameter ``bench_query: BenchQueryParams``, provided by
``provide_bench_query`` in the handler's ``dependencies``)."""


def _blank(value: str | None) -> str:
    return (value or "").strip()


@dataclass(frozen=True, slots=True)
class SpecialistFilter:
    """A checked bench query: who to show, in which order, which page."""

    skill: str | None = None
    min_level: int = 1
    min_estimate_milli: int | None = None
    """With ``skill``: the lowest stored quality estimate in it (thousandths)."""
    language: str | None = None
    country: str | None = None
    statuses: tuple[str, ...] = ()
    """Empty: every status, offboarded included (the filter picks; nothing is hidden by default)."""
    vetting_expires_before: date | None = None
    available_by: date | None = None
    """Available on or before this day; a specialist without an available-from date is available now."""
    free_from: date | None = None
    free_to: date | None = None
    """The dates free hours are reckoned over (None: from today, for one cycle's length)."""
    text: str | None = None
    sort: str = "name"
    order: str = "asc"
    page: int = 1
    per_page: int = PAGE_SIZE
    today: date | None = None
    """The day "lapsed" is judged on (vetting run out before it); None: the status as recorded."""

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @classmethod
    def parse(
        cls, raw: BenchQuery, known_skills: Collection[str], today: date | None = None
    ) -> SpecialistFilter:
        """Check every parameter; raise ``InvalidBenchFilter`` naming each bad one."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}

        def check(name: str, parse: Any) -> None:
            try:
                values[name] = parse()
            except FieldInvalid as exc:
                errors[name] = str(exc)

        check("skill", lambda: parse_choice(raw.skill, known_skills, None, "skill"))
        check("min_level", lambda: query.parse_whole_text(raw.min_level, 1, 1, 5))
        check("min_estimate", lambda: parse_milli(raw.min_estimate) if _blank(raw.min_estimate) else None)
        if values.get("min_estimate") is not None and not _blank(raw.skill):
            errors["min_estimate"] = "needs a skill: the estimate is per skill"
        check("language", lambda: _language(raw.language))
        check("country", lambda: _country(raw.country))
        check(
            "status",
            lambda: tuple(sorted({parse_choice(s, STATUS_FILTERS, "", "status") for s in raw.status} - {""})),
        )
        check("vetting_expires_before", lambda: query.parse_day(raw.vetting_expires_before))
        check("available_by", lambda: query.parse_day(raw.available_by))
        check("free_from", lambda: query.parse_day(raw.free_from))
        check("free_to", lambda: query.parse_day(raw.free_to))
        first, last = values.get("free_from"), values.get("free_to")
        if first and last and last < first:
            errors["free_to"] = f"is before free_from ({first})"
        check("q", lambda: query.parse_search(raw.q, 100))
        check("sort", lambda: parse_choice(raw.sort, SORT_KEYS, "name", "sort"))
        check("order", lambda: parse_choice(raw.order, ORDERS, "asc", "order"))
        check("page", lambda: query.parse_whole_text(raw.page, 1, 1, MAX_PAGE))
        check("per_page", lambda: query.parse_whole_text(raw.per_page, PAGE_SIZE, 1, MAX_PAGE_SIZE))
        if errors:
            raise InvalidBenchFilter("Some filters are not valid.", fields=errors)
        return cls(
            skill=values["skill"],
            min_level=values["min_level"],
            min_estimate_milli=values["min_estimate"],
            language=values["language"],
            country=values["country"],
            statuses=values["status"],
            vetting_expires_before=values["vetting_expires_before"],
            available_by=values["available_by"],
            free_from=values["free_from"],
            free_to=values["free_to"],
            text=values["q"],
            sort=values["sort"],
            order=values["order"],
            page=values["page"],
            per_page=values["per_page"],
            today=today,
        )

    def query_string(self, **changes: Any) -> str:
        """This filter as a query string (defaults left out), with ``changes`` applied: for sort links,
        the pager and the CSV export link."""
        target = replace(self, **changes)
        pairs: list[tuple[str, str]] = []
        simple = {
            "skill": target.skill,
            "language": target.language,
            "country": target.country,
            "vetting_expires_before": target.vetting_expires_before,
            "available_by": target.available_by,
            "q": target.text,
        }
        if target.skill and target.min_level != 1:
            simple["min_level"] = target.min_level
        if target.skill and target.min_estimate_milli is not None:
            simple["min_estimate"] = f"{target.min_estimate_milli / 1000:.3f}"
        pairs += [(k, str(v)) for k, v in simple.items() if v not in (None, "")]
        pairs += [("status", s) for s in target.statuses]
        defaults = SpecialistFilter()
        pairs += [
            (k, str(getattr(target, k)))
            for k in ("sort", "order", "page", "per_page")
            if getattr(target, k) != getattr(defaults, k)
        ]
        return urlencode(pairs)

    def without_paging(self) -> str:
        """The filter and sort without the page: what the CSV export link carries."""
        return self.query_string(page=1, per_page=PAGE_SIZE)


def _language(value: str | None) -> str | None:
    text = _blank(value).lower()
    if text and text not in LANGUAGES_639_1:
        raise FieldInvalid(f"unknown language code {text!r} (ISO 639-1, e.g. hi)")
    return text or None


def _country(value: str | None) -> str | None:
    text = _blank(value).upper()
    if text and text not in countries():
        raise FieldInvalid(f"unknown country code {text!r} (ISO 3166-1 alpha-2, e.g. IN)")
    return text or None


# --- JSON bodies -------------------------------------------------------------------------------


class SpecialistOut(msgspec.Struct):
    """A specialist as the API shows it. Quality and rate are exact decimal strings."""

    id: int
    email: str
    full_name: str
    country: str
    timezone: str
    languages: list[str]
    skills: dict[str, int]
    status: str
    vetting_expires: date | None
    available_from: date | None
    weekly_hours: int
    committed_hours: int
    quality: Decimal
    hourly_rate: Decimal
    created_at: datetime
    updated_at: datetime
    offboarded_at: datetime | None
    vetting_lapsed: bool = False
    """Vetted, but the vetting has run out: never counted as vetted (re-vet to bring them back)."""
    engaged_hours: int = 0
    """Weekly hours surgebench's own engagements take on the busiest day from ``free_from`` to
    ``free_to`` (approved rosters not yet started included)."""
    free_hours: int = 0
    """Weekly hours still free over those dates: weekly − committed elsewhere − engaged."""
    free_from: date | None = None
    free_to: date | None = None


class SpecialistListOut(msgspec.Struct):
    items: list[SpecialistOut]
    total: int
    """Matches, counted up to ``COUNT_CAP``; when ``total_is_lower_bound`` there are at least this many."""
    total_is_lower_bound: bool
    page: int
    per_page: int
    has_next: bool


_SPACED = "^\\s*{}\\s*$"
"""Text fields are read with surrounding spaces dropped; their patterns say so."""
_EMAIL = _SPACED.format("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+")
_Hours = Annotated[int | str, documented(minimum=0, maximum=168, pattern=_SPACED.format("[0-9]{1,3}"))]
_Rate = Annotated[float | str, documented(minimum=0, maximum=100_000, pattern=NUMBER_TEXT)]
_Quality = Annotated[float | str, documented(minimum=0, maximum=1, pattern=NUMBER_TEXT)]
_Day = Annotated[str, documented(pattern=_SPACED.format("([0-9]{4}-[0-9]{2}-[0-9]{2})?"))]
"""Numbers may come as JSON numbers or as text (as a CSV cell would): the range binds the numbers, the
pattern the text. (Keywords beside ``oneOf`` bind the values of their JSON type only.)"""
_LANGUAGES = {"type": "string", "pattern": _SPACED.format("([A-Za-z]{2})?")}
_LEVELS = {"oneOf": [{"type": "integer"}, {"type": "string"}], "minimum": 1, "maximum": 5}
_Languages = Annotated[list[str], documented(unique_items=True, items=_LANGUAGES)]
_Skills = Annotated[dict[str, int | str], documented(additional_properties=_LEVELS)]
_Status = Literal["applicant", "vetting", "vetted", "suspended", "offboarded"]
_Unset = msgspec.UnsetType


class SpecialistWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to create a specialist with, or to change (PATCH sends only the fields that change).
    Skills are ``{"coding.python": 4}``, languages ``["en", "hi"]``, dates ``YYYY-MM-DD``."""

    email: Annotated[str, documented(min_length=3, max_length=254, pattern=_EMAIL)] | _Unset = msgspec.UNSET
    full_name: (
        Annotated[str, documented(min_length=1, max_length=200, pattern=NO_CONTROL_CHARACTERS)] | _Unset
    ) = msgspec.UNSET
    country: Annotated[str, documented(pattern=_SPACED.format("[A-Za-z]{2}"))] | _Unset = msgspec.UNSET
    """ISO 3166-1 alpha-2, e.g. IN (any case)."""
    timezone: Annotated[str, documented(min_length=1, max_length=64)] | _Unset = msgspec.UNSET
    """IANA name, e.g. Asia/Kolkata."""
    languages: _Languages | _Unset = msgspec.UNSET
    """ISO 639-1 codes, e.g. ["hi", "en"] (any case; each once)."""
    skills: _Skills | _Unset = msgspec.UNSET
    """Skill id → level 1–5."""
    status: _Status | _Unset = msgspec.UNSET
    vetting_expires: _Day | None | _Unset = msgspec.UNSET
    available_from: _Day | None | _Unset = msgspec.UNSET
    weekly_hours: _Hours | _Unset = msgspec.UNSET
    committed_hours: _Hours | _Unset = msgspec.UNSET
    """At most ``weekly_hours``."""
    quality: _Quality | _Unset = msgspec.UNSET
    hourly_rate: _Rate | _Unset = msgspec.UNSET
    """USD."""

    def given(self) -> dict[str, Any]:
        """Only the fields the caller sent."""
        return {
            name: value
            for name in self.__struct_fields__
            if (value := getattr(self, name)) is not msgspec.UNSET
        }


@dataclass(frozen=True)
class BenchPage:
    """One page of the bench list: the specialists (skills and languages loaded) and the count."""

    filter: SpecialistFilter
    specialists: list[Any]
    total: int
    total_is_lower_bound: bool
    has_next: bool
