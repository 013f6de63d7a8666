"""What the plans API reads and answers, and the plan's people list query (page, API and CSV alike)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar.di import NamedDependency

from surgebench.domain.plans.errors import InvalidPlanQuery
from surgebench.domain.plans.repository import PeopleFilter, PlanPerson
from surgebench.lib import query
from surgebench.lib.fields import parse_all, parse_choice

PEOPLE_SORTS = ("name", "role", "starts_on", "returning", "quality", "rate", "country")
PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE = 100, 500, 100_000


@dataclass(frozen=True)
class PeopleQuery:
    q: str | None = None
    role: str | None = None
    returning: str | None = None
    sort: str | None = None
    order: str | None = None
    page: str | None = None
    per_page: str | None = None


def provide_people_query(
    q: str | None = query.text(100, "Part of the person's name, any case"),
    role: str | None = query.code("Only this role (its key, e.g. python)"),
    returning: str | None = query.choice(query.YES_NO, "yes: returning people only; no: new only"),
    sort: str | None = query.choice(PEOPLE_SORTS, "Order by this (default name)"),
    order: str | None = query.choice(query.ORDERS, "asc (default) or desc"),
    page: str | None = query.whole(1, MAX_PAGE, "1-based page number"),
    per_page: str | None = query.whole(1, MAX_PAGE_SIZE, f"People per page (default {PAGE_SIZE})"),
) -> PeopleQuery:
    return PeopleQuery(q, role, returning, sort, order, page, per_page)


PeopleQueryParams = NamedDependency[PeopleQuery]


def parse_people_query(raw: PeopleQuery, role_ids: dict[str, int]) -> PeopleFilter:
    """Check every parameter; ``InvalidPlanQuery`` names each bad one. ``role_ids``: role key → id."""
    values, errors = parse_all(
        raw.__dict__,
        {
            "q": lambda v: query.parse_search(v, 100),
            "role": lambda v: role_ids[r] if (r := parse_choice(v, role_ids, None, "role")) else None,
            "returning": query.parse_yes_no,
            "sort": lambda v: parse_choice(v, PEOPLE_SORTS, "name", "sort"),
            "order": lambda v: parse_choice(v, query.ORDERS, "asc", "order"),
            "page": lambda v: query.parse_whole_text(v, 1, 1, MAX_PAGE),
            "per_page": lambda v: query.parse_whole_text(v, PAGE_SIZE, 1, MAX_PAGE_SIZE),
        },
    )
    if errors:
        raise InvalidPlanQuery("Some filters are not valid.", fields=errors)
    return PeopleFilter(
        values["q"],
        values["role"],
        values["returning"],
        values["sort"],
        values["order"],
        values["page"],
        values["per_page"],
    )


def people_query_string(f: PeopleFilter, role_key: str | None, **changes: Any) -> str:
    values = {
        "q": f.text,
        "role": role_key,
        "returning": None if f.returning is None else ("yes" if f.returning else "no"),
        "sort": f.sort,
        "order": f.order,
        "page": f.page,
        "per_page": f.per_page,
        **changes,
    }
    defaults = {"sort": "name", "order": "asc", "page": 1, "per_page": PAGE_SIZE}
    return urlencode([(k, str(v)) for k, v in values.items() if v not in (None, "") and defaults.get(k) != v])


# --- JSON bodies -------------------------------------------------------------------------------


class PlanStart(msgspec.Struct, forbid_unknown_fields=True):
    together: bool = False
    """Also answer every open request whose cycle overlaps this one, in the same problem."""


class ReplanStart(msgspec.Struct, forbid_unknown_fields=True):
    ramp_start: date | None = None
    """First day newcomers may start (default: the next working day)."""


class PlanPersonOut(msgspec.Struct):
    specialist_id: int
    full_name: str
    email: str
    """Tells namesakes apart."""
    request_id: int
    role: str
    skill: str
    starts_on: date
    returning: bool
    country: str
    quality: float
    hourly_rate: float

    @classmethod
    def of(cls, p: PlanPerson) -> PlanPersonOut:
        return cls(
            p.specialist_id,
            p.full_name,
            p.email,
            p.request_id,
            p.role_key,
            p.skill_id,
            p.starts_on,
            p.returning,
            p.country,
            p.quality_milli / 1000,
            p.hourly_rate_cents / 100,
        )


class PeoplePageOut(msgspec.Struct):
    items: list[PlanPersonOut]
    total: int
    page: int
    per_page: int


class PlanOut(msgspec.Struct):
    id: int
    request_id: int
    version: int
    kind: str
    """plan, or replan (fills an approved roster's open seats, keeping everyone still eligible)."""
    status: str
    """solving, ready, failed or approved."""
    requests: list[int]
    """The requests this plan answers (the first is the one it was asked for)."""
    up_to_date: bool
    """False when a request changed since, or a newer version exists: plan again before approving."""
    solve_status: str | None
    """optimal (every level proven), feasible (time ran out), infeasible (pins cannot be kept)."""
    objective: Annotated[
        dict[str, int] | None,
        msgspec.Meta(
            description="The solver's figures level by level, in its own units: fill (seats, each weighted "
            "by its request's priority), continuity (returning people), quality (Σ 1000 × quality), ramp "
            "(Σ ramp-day index of each start), cost (Σ hourly rate in cents × hours a week, that is "
            "weekly_cost_usd × 100)."
        ),
    ]
    weekly_cost_usd: Annotated[
        float | None,
        msgspec.Meta(
            description="What the plan's people cost a week, in dollars: Σ hourly rate × hours a week."
        ),
    ]
    levels: list[dict[str, Any]] | None
    shortfall: list[dict[str, Any]] | None
    summary: dict[str, Any] | None
    """Per request and role: asked, filled, returning, returning_available, countries; per ramp day."""
    progress: dict[str, Any]
    """While solving: phase, level, best, bound, elapsed."""
    error: str | None
    created_at: datetime
    approved_at: datetime | None
    url: str


class ApprovedOut(msgspec.Struct):
    plan_id: int
    cycles: list[int]
    """The cycles whose rosters were written (now active)."""
    added: int
    kept: int
    ended: int


class RemovalIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    """Why the person leaves the roster (kept in the audit log)."""
