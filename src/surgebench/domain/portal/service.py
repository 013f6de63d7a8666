"""The client's side of the product, read through client-scoped queries only: programs, a program's
cycles with continuity, a cycle's approved roster and its ramp."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from sqlalchemy.orm import Session

from surgebench.domain.portal import repository
from surgebench.domain.portal.repository import ClientCycle, RosterEntry, RosterFilter
from surgebench.domain.portal.schemas import InvalidRosterQuery, RosterQuery, not_yours, parse_roster_query
from surgebench.domain.programs import continuity_service as continuity
from surgebench.lib.principal import Principal


@dataclass(frozen=True)
class ClientProgram:
    id: int
    name: str
    model: str
    cycles: list[ClientCycle]
    counts: dict[int, tuple[int, int]]

    @property
    def current(self) -> ClientCycle | None:
        for status in ("active", "staffing"):
            found = [c for c in self.cycles if c.status == status]
            if found:
                return found[-1]
        return self.cycles[-1] if self.cycles else None

    def figures(self) -> list[continuity.CycleFigures]:
        """Continuity per cycle whose roster the client may see."""
        return continuity.figures(
            [
                continuity.CycleCounts(
                    c.id,
                    c.number,
                    c.model_version,
                    c.starts_on,
                    c.ends_on,
                    c.status,
                    *self.counts.get(c.id, (0, 0)),
                )
                for c in self.cycles
                if c.roster_visible
            ]
        )


@dataclass(frozen=True)
class RampDayFigures:
    day: date
    planned: int
    started: int | None
    """Planned starts that have happened by today (None for a day still to come)."""
    team: int
    """People started by the end of this day (the cycle's roster so far)."""
    accepted: int = 0
    """People starting this day who accepted their offer (or have started)."""
    confirmed: int = 0
    """Of those, people marked as started."""


@dataclass(frozen=True)
class RosterView:
    cycle: ClientCycle
    counts: tuple[int, int] | None
    filter: RosterFilter | None
    entries: list[RosterEntry]
    total: int
    roles: list[str]
    ramp: list[RampDayFigures]
    seats: int | None
    takes_outcomes: bool = False
    """The client may report its outcomes of this roster (approved, and the cycle has begun)."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filter.per_page)) if self.filter else 1


def _client(principal: Principal) -> int:
    assert principal.client_id is not None, "client routes are guarded to client users"
    return principal.client_id


def programs(db: Session, principal: Principal) -> list[ClientProgram]:
    client_id = _client(principal)
    cycles = repository.cycles(db, client_id)
    counts = repository.team_counts(db, client_id)
    return [
        ClientProgram(pid, name, model, [c for c in cycles if c.program_id == pid], counts)
        for pid, name, model in repository.programs(db, client_id)
    ]


def program(db: Session, principal: Principal, program_id: int) -> ClientProgram:
    found = next((p for p in programs(db, principal) if p.id == program_id), None)
    if found is None:
        raise not_yours("program", program_id)
    return found


def cycle(db: Session, principal: Principal, cycle_id: int) -> ClientCycle:
    found = repository.cycle(db, _client(principal), cycle_id)
    if found is None:
        raise not_yours("cycle", cycle_id)
    return found


def roster(db: Session, principal: Principal, cycle_id: int, query: RosterQuery, today: date) -> RosterView:
    """The cycle's roster once approved (while it is being staffed nothing of it is shown)."""
    ramp = cycle_ramp(db, principal, cycle_id, today)
    c = ramp.cycle
    if not c.roster_visible:
        return RosterView(c, None, None, [], 0, [], [], None)
    roles = repository.roles(db, c.id)
    f = parse_roster_query(query, roles)
    entries, total = repository.roster_page(db, c, f)
    reportable = c.takes_outcomes(today)
    return RosterView(c, ramp.counts, f, entries, total, roles, ramp.days, ramp.seats, reportable)


def roster_as_asked(
    db: Session, principal: Principal, cycle_id: int, query: RosterQuery, today: date
) -> tuple[RosterView, dict[str, str]]:
    """The roster filtered as asked; with a filter that is not valid, unfiltered and what was wrong."""
    try:
        return roster(db, principal, cycle_id, query, today), {}
    except InvalidRosterQuery as exc:
        return roster(db, principal, cycle_id, type(query)(), today), exc.fields


@dataclass(frozen=True)
class CycleRamp:
    cycle: ClientCycle
    counts: tuple[int, int] | None
    days: list[RampDayFigures]
    seats: int | None
    """The headcount the approved request asked for (None when no request was approved)."""


def cycle_ramp(db: Session, principal: Principal, cycle_id: int, today: date) -> CycleRamp:
    """The ramp of one of the client's cycles: per ramp day, planned starts, starts so far and the team
    so far (nothing while the cycle is being staffed)."""
    c = cycle(db, principal, cycle_id)
    if not c.roster_visible:
        return CycleRamp(c, None, [], None)
    days, seats = _ramp(db, c, today)
    return CycleRamp(c, repository.team_counts(db, _client(principal)).get(c.id), days, seats)


def roster_for_export(
    db: Session, principal: Principal, cycle_id: int, query: RosterQuery
) -> tuple[ClientCycle, RosterFilter | None]:
    c = cycle(db, principal, cycle_id)
    return c, (parse_roster_query(query, repository.roles(db, c.id)) if c.roster_visible else None)


def _ramp(db: Session, c: ClientCycle, today: date) -> tuple[list[RampDayFigures], int | None]:
    """Per ramp day (the approved request's, or the days people started): planned starts, starts that
    have happened by today, and the team so far."""
    starts = repository.starts_per_day(db, c.id)
    asked = repository.approved_request(db, c.id)
    days = sorted(set(asked[0] if asked else []) | set(starts))  # offers start on roster days
    planned = [starts.get(d, 0) for d in days]
    started = [n if d <= today else None for d, n in zip(days, planned, strict=True)]
    team = list(accumulate(n or 0 for n in started))
    filled = repository.offers_filled_per_day(db, c.id)
    return (
        [
            RampDayFigures(d, p, s, t, *filled.get(d, (0, 0)))
            for d, p, s, t in zip(days, planned, started, team, strict=True)
        ],
        asked[1] if asked else None,
    )
