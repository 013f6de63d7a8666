"""What the programs API reads and answers, and the team list's query (the same for the page, the API
and the CSV export)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar.di import NamedDependency

from surgebench.db.orm.programs import CYCLE_STATUSES
from surgebench.domain.programs.continuity_service import (
    RETENTION_MEANS,
    SHARE_RETURNING_MEANS,
    WHY_THEY_DIFFER,
    CycleFigures,
)
from surgebench.domain.programs.errors import InvalidTeamFilter
from surgebench.domain.programs.repository import ProgramRow, TeamFilter, TeamMember
from surgebench.lib import query
from surgebench.lib.fields import FieldInvalid, parse_choice
from surgebench.lib.text import NO_CONTROL_CHARACTERS

TEAM_SORTS = ("name", "role", "starts_on", "hours", "returning")
TEAM_PAGE_SIZE, TEAM_MAX_PAGE_SIZE, TEAM_MAX_PAGE = 100, 500, 100_000


# --- the team list's query ---------------------------------------------------------------------


@dataclass(frozen=True)
class TeamQuery:
    """The team list's parameters exactly as sent (checked by ``parse_team_query``)."""

    q: str | None = None
    skill: str | None = None
    returning: str | None = None
    sort: str | None = None
    order: str | None = None
    page: str | None = None
    per_page: str | None = None


def provide_team_query(
    q: str | None = query.text(100, "Part of the person's name, any case"),
    skill: str | None = query.code("Only this role skill, e.g. coding.python"),
    returning: str | None = query.choice(query.YES_NO, "yes: returning people only; no: new only"),
    sort: str | None = query.choice(TEAM_SORTS, "Order by this (default name)"),
    order: str | None = query.choice(query.ORDERS, "asc (default) or desc"),
    page: str | None = query.whole(1, TEAM_MAX_PAGE, "1-based page number"),
    per_page: str | None = query.whole(1, TEAM_MAX_PAGE_SIZE, f"People per page (default {TEAM_PAGE_SIZE})"),
) -> TeamQuery:
    return TeamQuery(q, skill, returning, sort, order, page, per_page)


TeamQueryParams = NamedDependency[TeamQuery]


def parse_team_query(raw: TeamQuery, known_skills: Collection[str]) -> TeamFilter:
    """Check every parameter; ``InvalidTeamFilter`` names each bad one."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def check(name: str, parse: Any) -> None:
        try:
            values[name] = parse()
        except FieldInvalid as exc:
            errors[name] = str(exc)

    check("q", lambda: query.parse_search(raw.q, 100))
    check("skill", lambda: parse_choice(raw.skill, known_skills, None, "skill"))
    check("returning", lambda: query.parse_yes_no(raw.returning))
    check("sort", lambda: parse_choice(raw.sort, TEAM_SORTS, "name", "sort"))
    check("order", lambda: parse_choice(raw.order, query.ORDERS, "asc", "order"))
    check("page", lambda: query.parse_whole_text(raw.page, 1, 1, TEAM_MAX_PAGE))
    check("per_page", lambda: query.parse_whole_text(raw.per_page, TEAM_PAGE_SIZE, 1, TEAM_MAX_PAGE_SIZE))
    if errors:
        raise InvalidTeamFilter("Some filters are not valid.", fields=errors)
    return TeamFilter(
        text=values["q"],
        skill=values["skill"],
        returning=values["returning"],
        sort=values["sort"],
        order=values["order"],
        page=values["page"],
        per_page=values["per_page"],
    )


def team_query_string(f: TeamFilter, **changes: Any) -> str:
    """The filter as a query string (defaults left out), for sort links, the pager and the export."""
    values = {
        "q": f.text,
        "skill": f.skill,
        "returning": None if f.returning is None else ("yes" if f.returning else "no"),
        "sort": f.sort,
        "order": f.order,
        "page": f.page,
        "per_page": f.per_page,
        **changes,
    }
    defaults = {"sort": "name", "order": "asc", "page": 1, "per_page": TEAM_PAGE_SIZE}
    return urlencode([(k, str(v)) for k, v in values.items() if v not in (None, "") and defaults.get(k) != v])


# --- JSON bodies -------------------------------------------------------------------------------


class ClientRef(msgspec.Struct):
    id: int
    slug: str
    name: str


class CycleOut(msgspec.Struct):
    id: int
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str
    """planned, staffing, active or closed (only ever in that order)."""
    team: int
    """People with an engagement in this cycle."""
    returning: int
    """Of those, people who worked the previous cycle of this program."""
    new: int
    retention: Annotated[
        float | None, msgspec.Meta(description=f"{RETENTION_MEANS} Null without a previous cycle.")
    ]
    share_returning: Annotated[
        float | None,
        msgspec.Meta(
            description=f"{SHARE_RETURNING_MEANS} What the client sees. {WHY_THEY_DIFFER} "
            "Null without a previous cycle."
        ),
    ]

    @classmethod
    def of(cls, c: CycleFigures) -> CycleOut:
        return cls(
            c.cycle_id,
            c.number,
            c.model_version,
            c.starts_on,
            c.ends_on,
            c.status,
            c.team,
            c.returning,
            c.new,
            None if c.retention is None else round(c.retention, 4),
            None if c.share_returning is None else round(c.share_returning, 4),
        )


class ProgramSummaryOut(msgspec.Struct):
    id: int
    name: str
    client: ClientRef
    model: str
    workstreams: list[str]
    current_cycle: CycleOut | None
    """The active cycle, else the one being staffed, else the latest."""
    last_retention: float | None
    """Retention of the latest cycle that had a previous one."""
    cycles: int


class ProgramOut(msgspec.Struct):
    id: int
    name: str
    client: ClientRef
    model: str
    workstreams: list[str]
    cycles: list[CycleOut]
    """In cycle order, each with its continuity figures."""


class TeamMemberOut(msgspec.Struct):
    engagement_id: int
    specialist_id: int
    full_name: str
    email: str
    """Tells namesakes apart."""
    skill: str
    level: int
    weekly_hours: int
    starts_on: date
    ends_on: date | None
    returning: bool
    """Worked the previous cycle of this program."""
    cycles_worked: int
    """Cycles of this program the person has worked, this one included."""
    reported_quality: float | None

    @classmethod
    def of(cls, m: TeamMember) -> TeamMemberOut:
        quality = None if m.reported_quality_milli is None else m.reported_quality_milli / 1000
        return cls(
            m.engagement_id,
            m.specialist_id,
            m.full_name,
            m.email,
            m.skill_id,
            m.level,
            m.weekly_hours,
            m.starts_on,
            m.ends_on,
            bool(m.returning),
            m.cycles_worked,
            quality,
        )


class TeamPageOut(msgspec.Struct):
    cycle: CycleOut
    program_id: int
    items: list[TeamMemberOut]
    total: int
    page: int
    per_page: int


def client_ref(p: ProgramRow) -> ClientRef:
    return ClientRef(p.client_id, p.client_slug, p.client_name)


Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_CONTROL_CHARACTERS)]
Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._-]*$")]


class ProgramCreate(msgspec.Struct, forbid_unknown_fields=True):
    client: Slug
    """The client's slug, e.g. aurora-labs."""
    model: Slug
    """The model's name, e.g. orion (created if the client has no such model yet)."""
    workstreams: list[Annotated[str, msgspec.Meta(min_length=1, max_length=64)]] = []
    name: Name | None = None
    """Default: "<Model> post-training"."""


class CycleCreate(msgspec.Struct, forbid_unknown_fields=True):
    model_version: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    starts_on: date
    ends_on: date
    number: Annotated[int, msgspec.Meta(ge=1, le=100_000)] | None = None
    """Default: one after the program's latest cycle."""


class CycleChange(msgspec.Struct, forbid_unknown_fields=True):
    """A correction (audited); fields left out keep their value."""

    model_version: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class CycleStatusChange(msgspec.Struct, forbid_unknown_fields=True):
    status: Annotated[str, msgspec.Meta(pattern="^(" + "|".join(CYCLE_STATUSES) + ")$")]
    """The new status: later in planned → staffing → active → closed than the current one."""


class RoleMakeUpOut(msgspec.Struct):
    cycle: int
    role: str
    """The role's key and skill, or the skill alone for imported history."""
    people: int
    country_cap: int | None
    """At most this many people from one country (the role's cap), if it has one."""
    countries: dict[str, int]
    languages: dict[str, int]
    """People speaking each language (someone speaking two counts in both)."""
    utc_regions: dict[str, int]
    """UTC offset bands at the cycle's start."""
    over_cap: list[str]
