"""What a lab's outcome pages and API read and answer: the sheet's paging, an outcome of a roster entry,
and the upload (read only once the cycle is known to take the client's outcomes)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
from litestar import Request
from litestar.di import NamedDependency
from litestar.params import FromPath

from surgebench.db.session import unit_of_work
from surgebench.domain.imports.schemas import Upload, provide_upload
from surgebench.domain.outcomes.schemas import Items, Note, Reviewed, Score
from surgebench.domain.portal import repository
from surgebench.domain.portal.schemas import CycleOut, not_yours
from surgebench.lib import query
from surgebench.lib.errors import ValidationFailed
from surgebench.lib.fields import parse_all

if TYPE_CHECKING:
    from surgebench.domain.portal.outcome_service import ClientOutcome, EntryOutcomes

PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 100, 500, 100_000


class SheetQuery(msgspec.Struct, frozen=True):
    page: str | None = None
    per_page: str | None = None


def provide_sheet_query(
    page: str | None = query.whole(1, MAX_PAGE, "1-based page number"),
    per_page: str | None = query.whole(1, MAX_PER_PAGE, f"Entries per page (default {PER_PAGE})"),
) -> SheetQuery:
    return SheetQuery(page, per_page)


SheetQueryParams = NamedDependency[SheetQuery]


class InvalidSheetQuery(ValidationFailed):
    code = "invalid_filter"


def parse_sheet_query(raw: SheetQuery) -> tuple[int, int]:
    """(page, per page)."""
    values, errors = parse_all(
        {"page": raw.page, "per_page": raw.per_page},
        {
            "page": lambda v: query.parse_whole_text(v, 1, 1, MAX_PAGE),
            "per_page": lambda v: query.parse_whole_text(v, PER_PAGE, 1, MAX_PER_PAGE),
        },
    )
    if errors:
        raise InvalidSheetQuery("Some parameters are not valid.", fields=errors)
    return values["page"], values["per_page"]


def _check_cycle(request: Request[Any, Any, Any], cycle_id: int) -> None:
    principal = request.user
    with unit_of_work(request.app.state.engine, writes=False) as db:
        found = repository.cycle(db, principal.client_id, cycle_id)
    if found is None or not found.takes_outcomes(request.app.state.clock.today()):
        raise not_yours("cycle", cycle_id)


async def provide_cycle_upload(
    request: Request[Any, Any, Any], cycle_id: FromPath[int]
) -> AsyncGenerator[Upload, None]:
    """The uploaded CSV (``imports.schemas.provide_upload``), read only after the cycle is found to be
    the client's and to take outcomes: another client's cycle is a 404 whatever was sent, exactly as
    a missing one is, before a byte of the body is looked at."""
    await asyncio.to_thread(_check_cycle, request, cycle_id)
    upload = provide_upload(request)
    try:
        yield await upload.__anext__()
    finally:
        await upload.aclose()


CycleUpload = NamedDependency[Upload]


class ClientOutcomeIn(msgspec.Struct, forbid_unknown_fields=True):
    """The outcome of a roster entry on a day: ``reported_on``, ``items_reviewed`` and ``items_accepted``
    are needed (a 400 names each one missing); accepted may not exceed reviewed; the day not before the
    person began nor after today. When that day already has an outcome it is corrected with these values
    (a score left out is cleared; audited). ``display_name``, when given, must be the entry's: a roster
    that changed since you read it is refused rather than written to someone else."""

    reported_on: date | None = None
    items_reviewed: Reviewed | None = None
    items_accepted: Items | None = None
    score: Score | None = None
    note: Note = ""
    display_name: Annotated[str, msgspec.Meta(max_length=200)] | None = None

    def given(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__struct_fields__}


class ClientOutcomeOut(msgspec.Struct):
    reported_on: date
    items_reviewed: int
    items_accepted: int
    score: float | None
    """The lab's own score 0–1, if it gave one (it then stands for the outcome's quality)."""
    quality: float
    """The score when given, else items accepted ÷ items reviewed."""
    note: str

    @classmethod
    def of(cls, o: ClientOutcome) -> ClientOutcomeOut:
        score = None if o.score_milli is None else o.score_milli / 1000
        return cls(o.reported_on, o.items_reviewed, o.items_accepted, score, o.rate_milli / 1000, o.note)


class EntryOutcomesOut(msgspec.Struct):
    entry_id: int
    """The entry's place in the roster's default listing (by display name, no filter): the id this
    entry's outcomes are written with. Not a record id."""
    display_name: str
    role: str
    starts_on: date
    outcomes: list[ClientOutcomeOut]
    """Oldest first."""

    @classmethod
    def of(cls, e: EntryOutcomes) -> EntryOutcomesOut:
        return cls(
            e.entry.entry,
            e.entry.display_name,
            e.entry.role,
            e.entry.starts_on,
            [ClientOutcomeOut.of(o) for o in e.outcomes],
        )


class OutcomeSheetOut(msgspec.Struct):
    cycle: CycleOut
    items: list[EntryOutcomesOut]
    total: int
    page: int
    per_page: int


class OutcomeSavedOut(msgspec.Struct):
    change: Literal["created", "corrected", "unchanged"]
    outcome: ClientOutcomeOut
    entry: EntryOutcomesOut
