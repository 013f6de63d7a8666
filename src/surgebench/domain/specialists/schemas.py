"""What the bench list and the specialist API read and write.

``BenchQuery`` is the list's query string as typed (the same parameters for the ``/bench`` page and
``GET /api/specialists``); ``SpecialistFilter.parse`` turns it into a checked filter once, naming every
bad parameter. ``SpecialistOut``/``SpecialistWrite`` are the API's JSON bodies."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar.di import NamedDependency
from litestar.params import Parameter

from surgebench.db.orm.specialists import SPECIALIST_STATUSES
from surgebench.domain.specialists.errors import InvalidBenchFilter
from surgebench.domain.specialists.validation import FieldInvalid, parse_optional_date
from surgebench.lib.iso import LANGUAGES_639_1, countries
from surgebench.lib.openapi import documented
from surgebench.lib.text import control_character_problem

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
STATUS_FILTERS = (*SPECIALIST_STATUSES, "lapsed")
"""What the status filter takes: the statuses, and "lapsed" (vetted, vetting run out)."""


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """The list's query parameters exactly as sent (strings; checked by ``SpecialistFilter.parse``)."""

    skill: str | None = None
    min_level: str | None = None
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
    skill: str | None = Parameter(default=None, description="Skill id, e.g. coding.python"),
    min_level: str | None = Parameter(default=None, description="With skill: minimum level 1–5 (default 1)"),
    language: str | None = Parameter(default=None, description="ISO 639-1 language code, e.g. hi"),
    country: str | None = Parameter(default=None, description="ISO 3166-1 alpha-2 country code, e.g. IN"),
    status: list[str] | None = Parameter(
        default=None,
        description=f"Repeatable; one of {', '.join(STATUS_FILTERS)} (lapsed: vetted, but the vetting "
        "has run out; vetted counts only those whose vetting still holds). Default: every status",
    ),
    vetting_expires_before: str | None = Parameter(
        default=None, description="YYYY-MM-DD: vetting expires before this day"
    ),
    available_by: str | None = Parameter(
        default=None, description="YYYY-MM-DD: available on or before this day (no date = available now)"
    ),
    free_from: str | None = Parameter(
        default=None,
        description="YYYY-MM-DD: free hours are reckoned from this day (default today) ...",
    ),
    free_to: str | None = Parameter(
        default=None,
        description="YYYY-MM-DD: ... to this day (default twelve weeks after free_from): the hours left on "
        "the busiest day in between",
    ),
    q: str | None = Parameter(default=None, description="Case-insensitive substring of name or e-mail"),
    sort: str | None = Parameter(default=None, description=f"One of {', '.join(SORT_KEYS)} (default name)"),
    order: str | None = Parameter(default=None, description="asc (default) or desc"),
    page: str | None = Parameter(default=None, description="1-based page number"),
    per_page: str | None = Parameter(
        default=None, description=f"Page size, default {PAGE_SIZE}, at most {MAX_PAGE_SIZE}"
    ),
) -> BenchQuery:
    """The list's query parameters, declared once for the page and the API (and the OpenAPI schema)."""
    return BenchQuery(
        skill=skill,
        min_level=min_level,
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


def _whole(value: str | None, default: int, low: int, high: int) -> int:
    text = _blank(value)
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise FieldInvalid(f"must be a whole number {low}–{high:,}, got {text!r}")
    return int(text)


def _one_of(value: str | None, choices: Collection[str], default: str | None) -> str | None:
    text = _blank(value).lower()
    if not text:
        return default
    if text not in choices:
        raise FieldInvalid(f"unknown value {text!r} (one of {', '.join(choices)})")
    return text


@dataclass(frozen=True, slots=True)
class SpecialistFilter:
    """A checked bench query: who to show, in which order, which page."""

    skill: str | None = None
    min_level: int = 1
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

        check("skill", lambda: _skill(raw.skill, known_skills))
        check("min_level", lambda: _whole(raw.min_level, 1, 1, 5))
        check("language", lambda: _language(raw.language))
        check("country", lambda: _country(raw.country))
        check(
            "status",
            lambda: tuple(sorted({_one_of(s, STATUS_FILTERS, None) or "" for s in raw.status} - {""})),
        )
        check("vetting_expires_before", lambda: parse_optional_date(raw.vetting_expires_before))
        check("available_by", lambda: parse_optional_date(raw.available_by))
        check("free_from", lambda: parse_optional_date(raw.free_from))
        check("free_to", lambda: parse_optional_date(raw.free_to))
        first, last = values.get("free_from"), values.get("free_to")
        if first and last and last < first:
            errors["free_to"] = f"is before free_from ({first})"
        check("q", lambda: _text(raw.q))
        check("sort", lambda: _one_of(raw.sort, SORT_KEYS, "name"))
        check("order", lambda: _one_of(raw.order, ORDERS, "asc"))
        check("page", lambda: _whole(raw.page, 1, 1, MAX_PAGE))
        check("per_page", lambda: _whole(raw.per_page, PAGE_SIZE, 1, MAX_PAGE_SIZE))
        if errors:
            raise InvalidBenchFilter("Some filters are not valid.", fields=errors)
        return cls(
            skill=values["skill"],
            min_level=values["min_level"],
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


def _skill(value: str | None, known: Collection[str]) -> str | None:
    text = _blank(value)
    if text and text not in known:
        raise FieldInvalid(f"unknown skill {text!r}")
    return text or None


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


def _text(value: str | None) -> str | None:
    text = _blank(value)
    if len(text) > 100:
        raise FieldInvalid("search text must be at most 100 characters")
    if problem := control_character_problem(text):
        raise FieldInvalid(problem)
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


_Hours = Annotated[int | str, documented(minimum=0, maximum=168)]
_Rate = Annotated[float | str, documented(minimum=0, maximum=100_000)]
"""Numbers may come as JSON numbers or as text (as a CSV cell would); the ranges bind the numbers."""


class SpecialistWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Fields to create a specialist with, or to change (PATCH sends only the fields that change).
    Skills are ``{"coding.python": 4}``, languages ``["en", "hi"]``, dates ``YYYY-MM-DD``."""

    email: Annotated[str, documented(min_length=3, max_length=254)] | msgspec.UnsetType = msgspec.UNSET
    full_name: Annotated[str, documented(min_length=1, max_length=200)] | msgspec.UnsetType = msgspec.UNSET
    country: str | msgspec.UnsetType = msgspec.UNSET
    timezone: str | msgspec.UnsetType = msgspec.UNSET
    languages: list[str] | msgspec.UnsetType = msgspec.UNSET
    skills: dict[str, int | str] | msgspec.UnsetType = msgspec.UNSET
    """Skill id → level 1–5."""
    status: str | msgspec.UnsetType = msgspec.UNSET
    vetting_expires: str | None | msgspec.UnsetType = msgspec.UNSET
    available_from: str | None | msgspec.UnsetType = msgspec.UNSET
    weekly_hours: _Hours | msgspec.UnsetType = msgspec.UNSET
    committed_hours: _Hours | msgspec.UnsetType = msgspec.UNSET
    """At most ``weekly_hours``."""
    quality: Annotated[float | str, documented(minimum=0, maximum=1)] | msgspec.UnsetType = msgspec.UNSET
    hourly_rate: _Rate | msgspec.UnsetType = msgspec.UNSET
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
