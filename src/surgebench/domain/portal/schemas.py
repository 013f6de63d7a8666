"""What a client sees, and the roster list's query.

**The personal-data rule** (README, "What clients see"): a client sees the people on its own approved
rosters by display name (first name and the initial of the family name), the role and skill level the
seat asked for, their start (and end) date, whether they are returning from the cycle before, and how
many cycles of this model they have worked; and the team's make-up only as folded aggregates (no group
under five people: ``makeup_service``). Never an e-mail, a person's country, language or time zone, a pay
rate, an internal quality score, a bench id, or anything about their work for anyone else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar.di import NamedDependency

from surgebench.domain.portal.errors import NotYours
from surgebench.domain.portal.repository import ClientCycle, RosterEntry, RosterFilter
from surgebench.domain.programs.continuity_service import (
    RETENTION_MEANS,
    SHARE_RETURNING_MEANS,
    WHY_THEY_DIFFER,
)
from surgebench.lib import query
from surgebench.lib.errors import ValidationFailed
from surgebench.lib.fields import parse_all, parse_choice

SORTS = ("name", "role", "starts_on", "returning", "tenure")
PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE = 100, 500, 100_000


@dataclass(frozen=True)
class RosterQuery:
    q: str | None = None
    role: str | None = None
    returning: str | None = None
    sort: str | None = None
    order: str | None = None
    page: str | None = None
    per_page: str | None = None


def provide_roster_query(
    q: str | None = query.text(100, "Part of a person's display name (e.g. asha v), any case"),
    role: str | None = query.code("Only this role (one of the roster's roles)"),
    returning: str | None = query.choice(query.YES_NO, "yes: returning people only; no: new only"),
    sort: str | None = query.choice(SORTS, "Order by this (default name, the display name)"),
    order: str | None = query.choice(query.ORDERS, "asc (default) or desc"),
    page: str | None = query.whole(1, MAX_PAGE, "1-based page number"),
    per_page: str | None = query.whole(1, MAX_PAGE_SIZE, f"People per page (default {PAGE_SIZE})"),
) -> RosterQuery:
    return RosterQuery(q, role, returning, sort, order, page, per_page)


RosterQueryParams = NamedDependency[RosterQuery]


class InvalidRosterQuery(ValidationFailed):
    code = "invalid_filter"


def parse_roster_query(raw: RosterQuery, roles: list[str]) -> RosterFilter:
    values, errors = parse_all(
        raw.__dict__,
        {
            "q": lambda v: query.parse_search(v, 100),
            "role": lambda v: parse_choice(v, roles, None, "role"),
            "returning": query.parse_yes_no,
            "sort": lambda v: parse_choice(v, SORTS, "name", "sort"),
            "order": lambda v: parse_choice(v, query.ORDERS, "asc", "order"),
            "page": lambda v: query.parse_whole_text(v, 1, 1, MAX_PAGE),
            "per_page": lambda v: query.parse_whole_text(v, PAGE_SIZE, 1, MAX_PAGE_SIZE),
        },
    )
    if errors:
        raise InvalidRosterQuery("Some filters are not valid.", fields=errors)
    return RosterFilter(
        values["q"],
        values["role"],
        values["returning"],
        values["sort"],
        values["order"],
        values["page"],
        values["per_page"],
    )


def roster_query_string(f: RosterFilter, **changes: Any) -> str:
    values = {
        "q": f.text,
        "role": f.role,
        "returning": None if f.returning is None else ("yes" if f.returning else "no"),
        "sort": f.sort,
        "order": f.order,
        "page": f.page,
        "per_page": f.per_page,
        **changes,
    }
    defaults = {"sort": "name", "order": "asc", "page": 1, "per_page": PAGE_SIZE}
    return urlencode([(k, str(v)) for k, v in values.items() if v not in (None, "") and defaults.get(k) != v])


class CycleOut(msgspec.Struct):
    id: int
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str
    """planned, staffing (being staffed: the roster is not shown yet), active or closed."""
    team: int | None
    """People on the approved roster (null while the cycle is being staffed)."""
    returning: Annotated[
        int | None,
        msgspec.Meta(
            description="Of those, people who worked the previous cycle (null while being staffed). "
            f"{SHARE_RETURNING_MEANS} {RETENTION_MEANS} {WHY_THEY_DIFFER}"
        ),
    ]

    @classmethod
    def of(cls, c: ClientCycle, counts: tuple[int, int] | None) -> CycleOut:
        team, back = counts if (counts and c.roster_visible) else (None, None)
        return cls(c.id, c.number, c.model_version, c.starts_on, c.ends_on, c.status, team, back)


class ProgramOut(msgspec.Struct):
    id: int
    name: str
    model: str
    current_cycle: CycleOut | None
    cycles: list[CycleOut]


class RosterEntryOut(msgspec.Struct):
    """One person on the roster, as the personal-data rule allows a client to see them."""

    entry_id: int
    """This row's place in the listing, with the filters and order asked (1 to ``total``; ties in the
    order asked go by the display name, then the rest of what is shown). Not a record id: it says nothing
    about any record, the client's or anyone else's."""
    display_name: str
    role: str
    skill: str
    level: int
    starts_on: date
    ends_on: date | None
    returning: bool
    cycles_on_model: int

    @classmethod
    def of(cls, e: RosterEntry) -> RosterEntryOut:
        return cls(
            e.entry,
            e.display_name,
            e.role,
            e.skill_id,
            e.level,
            e.starts_on,
            e.ends_on,
            bool(e.returning),
            e.cycles_on_model,
        )


class RosterPageOut(msgspec.Struct):
    cycle: CycleOut
    items: list[RosterEntryOut]
    total: int
    page: int
    per_page: int


class RampDayOut(msgspec.Struct):
    day: date
    planned: int
    """People the approved roster has starting that day."""
    started: int | None
    """Of those, people started by today (null for a day still to come)."""
    team: int
    """People started by the end of that day."""
    accepted: int
    """People starting that day who accepted their offer (or started)."""
    confirmed: int
    """Of those, people marked as started."""


class RampOut(msgspec.Struct):
    cycle: CycleOut
    headcount: int | None
    """Seats the approved request asked for (null when no request was approved)."""
    days: list[RampDayOut]


def not_yours(what: str, ident: int) -> NotYours:
    return NotYours(f"There is no {what} {ident}.")
