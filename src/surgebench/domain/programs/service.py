"""Program rules: creating a client's model and its program, numbering and dating cycles, moving a
cycle's status forward (closing ends its engagements), and reading programs with their continuity.
Services never commit; every change is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import ClientModel, Cycle, Program, ProgramWorkstream, Workstream
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import continuity_service as continuity
from surgebench.domain.programs import repository
from surgebench.domain.programs.continuity_service import CycleFigures
from surgebench.domain.programs.errors import (
    CycleDatesFixed,
    CycleNotFound,
    CycleOverlaps,
    CycleStatusBackward,
    InvalidCycle,
    InvalidProgram,
    ProgramExists,
    ProgramNotFound,
)
from surgebench.domain.programs.repository import CycleRow, ProgramRow, TeamFilter, TeamMember
from surgebench.domain.programs.schemas import TeamQuery, parse_team_query
from surgebench.domain.skills import repository as skills
from surgebench.lib.fields import FieldInvalid, parse_all, parse_date, parse_slug, parse_text, parse_whole


@dataclass(frozen=True)
class ProgramSummary:
    """A program with its cycles' continuity figures."""

    program: ProgramRow
    workstreams: list[Workstream]
    cycles: list[CycleFigures]

    @property
    def current(self) -> CycleFigures | None:
        return continuity.current(self.cycles)

    @property
    def last_continuity(self) -> CycleFigures | None:
        return continuity.last_continuity(self.cycles)


@dataclass(frozen=True)
class TeamPage:
    cycle: CycleRow
    figures: CycleFigures
    filter: TeamFilter
    members: list[TeamMember]
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filter.per_page))


# --- reading -----------------------------------------------------------------------------------


def list_programs(db: Session, client_id: int | None = None) -> list[ProgramSummary]:
    """Every program (or one client's) with its cycles' figures: three queries in all."""
    programs = repository.list_programs(db, client_id)
    ids = [p.id for p in programs]
    counts = repository.cycle_counts(db, ids)
    streams = repository.workstreams_of(db, ids)
    return [
        ProgramSummary(p, streams.get(p.id, []), continuity.figures(counts.get(p.id, []))) for p in programs
    ]


def program_view(db: Session, program_id: int) -> ProgramSummary:
    program = repository.get_program(db, program_id)
    if program is None:
        raise ProgramNotFound(f"There is no program {program_id}.")
    counts = repository.cycle_counts(db, [program_id]).get(program_id, [])
    streams = repository.workstreams_of(db, [program_id]).get(program_id, [])
    return ProgramSummary(program, streams, continuity.figures(counts))


def get_cycle(db: Session, cycle_id: int) -> CycleRow:
    cycle = repository.get_cycle(db, cycle_id)
    if cycle is None:
        raise CycleNotFound(f"There is no cycle {cycle_id}.")
    return cycle


def cycle_figures(db: Session, cycle: CycleRow) -> CycleFigures:
    return next(c for c in program_view(db, cycle.program.id).cycles if c.cycle_id == cycle.id)


def team(db: Session, cycle_id: int, query: TeamQuery) -> TeamPage:
    """One page of a cycle's team, checked query first (``InvalidTeamFilter`` names bad parameters)."""
    cycle = get_cycle(db, cycle_id)
    f = parse_team_query(query, skills.known_ids(db))
    members, total = repository.team_page(db, cycle, f)
    return TeamPage(cycle, cycle_figures(db, cycle), f, members, total)


def team_for_export(db: Session, cycle_id: int, query: TeamQuery) -> tuple[CycleRow, TeamFilter]:
    cycle = get_cycle(db, cycle_id)
    return cycle, parse_team_query(query, skills.known_ids(db))


def workstream_choices(db: Session) -> list[Any]:
    return repository.all_workstreams(db)


# --- writing -----------------------------------------------------------------------------------


def create_program(
    db: Session,
    actor: Actor,
    client_slug: str,
    model: str,
    name: str | None = None,
    workstreams: Sequence[str] = (),
) -> ProgramRow:
    """A client's model (created if new) and its program; one program per model."""
    errors: dict[str, str] = {}
    client = clients.by_slug(db, (client_slug or "").strip().lower())
    if client is None:
        errors["client"] = f"unknown client {client_slug!r}"
    try:
        model = parse_slug(model, "a model name")
    except FieldInvalid as exc:
        errors["model"] = str(exc)
    try:
        name = parse_text(name, max_length=200, required=False) or f"{str(model).capitalize()} post-training"
    except FieldInvalid as exc:
        errors["name"] = str(exc)
    known = {w.id for w in repository.all_workstreams(db)}
    unknown = sorted(set(workstreams) - known)
    if unknown:
        errors["workstreams"] = f"unknown workstream {unknown[0]!r} (one of {', '.join(sorted(known))})"
    if errors or client is None:
        raise InvalidProgram("The program is not valid.", fields=errors)
    if repository.program_of_model(db, client.id, model) is not None:
        raise ProgramExists(
            f"{client.name} already has a program on {model}.", fields={"model": "has a program"}
        )
    program = ensure_program(db, client.id, model, name)
    db.add_all(ProgramWorkstream(program_id=program.id, workstream_id=w) for w in sorted(set(workstreams)))
    db.flush()
    record(
        db,
        actor,
        "create",
        "program",
        program.id,
        {
            "client": [None, client.slug],
            "model": [None, model],
            "name": [None, name],
            "workstreams": [None, sorted(set(workstreams))],
        },
    )
    found = repository.get_program(db, program.id)
    assert found is not None
    return found


def ensure_program(db: Session, client_id: int, model: str, name: str | None = None) -> Program:
    """The program on a client's model, creating the model and the program when missing (imports)."""
    model_id = repository.model_id(db, client_id, model)
    if model_id is None:
        row = ClientModel(client_id=client_id, name=model)
        db.add(row)
        db.flush()
        model_id = row.id
    program = repository.program_entity(db, model_id)
    if program is None:
        program = Program(model_id=model_id, name=name or f"{model.capitalize()} post-training")
        db.add(program)
        db.flush()
    return program


def check_cycle_dates(
    db: Session, program_id: int, number: int, starts_on: date, ends_on: date, own_id: int | None = None
) -> None:
    """Cycles of one program follow each other: a cycle ends before the next one (by number) starts,
    so no two overlap and numbers follow the calendar."""
    if ends_on < starts_on:
        raise InvalidCycle("The cycle ends before it starts.", fields={"ends_on": f"is before {starts_on}"})
    for other in repository.cycles_of(db, program_id):
        if other.id == own_id:
            continue
        if other.number == number:
            raise CycleOverlaps(f"Cycle {number} already exists.", fields={"number": "is taken"})
        before, after = other.number < number, other.number > number
        if (before and other.ends_on >= starts_on) or (after and other.starts_on <= ends_on):
            raise CycleOverlaps(
                f"Cycle {number} ({starts_on} to {ends_on}) overlaps or comes out of order with cycle "
                f"{other.number} ({other.starts_on} to {other.ends_on}).",
                fields={"starts_on" if before else "ends_on": f"clashes with cycle {other.number}"},
            )


def create_cycle(
    db: Session,
    actor: Actor,
    program_id: int,
    model_version: object,
    starts_on: object,
    ends_on: object,
    number: object = None,
) -> Cycle:
    """The program's next cycle (or the numbered one), planned."""
    program_view(db, program_id)  # the program exists
    existing = repository.cycles_of(db, program_id)
    values = _cycle_fields(
        {
            "model_version": model_version,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "number": number
            if number not in (None, "")
            else (max((c.number for c in existing), default=0) + 1),
        }
    )
    check_cycle_dates(db, program_id, values["number"], values["starts_on"], values["ends_on"])
    cycle = Cycle(program_id=program_id, status="planned", **values)
    db.add(cycle)
    db.flush()
    record(
        db,
        actor,
        "create",
        "cycle",
        cycle.id,
        {k: [None, v] for k, v in {**values, "status": "planned", "program_id": program_id}.items()},
    )
    return cycle


def change_cycle(
    db: Session, actor: Actor, cycle_id: int, changes: Mapping[str, Any], *, by_request: bool = False
) -> Cycle:
    """Correct a cycle's model version or dates (audited); the order of cycles must still hold. The dates
    of a cycle being staffed or worked move only with its surge request (``by_request``: the request's
    ramp and the roster approved for them depend on them); a closed cycle's only so far as its
    engagements stay inside."""
    cycle = _locked_cycle(db, cycle_id)
    before = {"model_version": cycle.model_version, "starts_on": cycle.starts_on, "ends_on": cycle.ends_on}
    values = _cycle_fields(
        {**before, "number": cycle.number, **{k: v for k, v in changes.items() if v is not None}}
    )
    check_cycle_dates(db, cycle.program_id, cycle.number, values["starts_on"], values["ends_on"], cycle.id)
    changed = {k: [before[k], values[k]] for k in before if before[k] != values[k]}
    moved = {k for k in changed if k != "model_version"}
    if moved and not by_request and cycle.status in ("staffing", "active"):
        raise CycleDatesFixed(
            f"Cycle {cycle.number} is {cycle.status}: its dates move only with its surge request "
            "(edit the request while it is open; an approved roster was checked against these dates).",
            fields={k: f"cycle {cycle.status}" for k in sorted(moved)},
        )
    if moved:
        outside = repository.outside_dates(db, cycle.id, values["starts_on"], values["ends_on"])
        if outside:
            raise CycleDatesFixed(
                f"{outside} engagement(s) of cycle {cycle.number} would fall outside "
                f"{values['starts_on']} to {values['ends_on']}: correct them first.",
                fields={k: "engagements outside" for k in sorted(moved)},
            )
    if changed:
        for key, (_old, new) in changed.items():
            setattr(cycle, key, new)
        db.flush()
        record(db, actor, "update", "cycle", cycle.id, changed)
    return cycle


def advance_cycle(db: Session, actor: Actor, cycle_id: int, status: str, today: date) -> Cycle:
    """Move a cycle's status forward. Closing ends every engagement still running, on the cycle's end date
    (or today, when closed early), so the continuity record is complete for the next surge."""
    cycle = _locked_cycle(db, cycle_id)
    if status not in ("planned", "staffing", "active", "closed"):
        raise InvalidCycle(f"Unknown status {status!r}.", fields={"status": "unknown status"})
    if not continuity.moves_forward(cycle.status, status):
        raise CycleStatusBackward(
            f"Cycle {cycle.number} is {cycle.status}; its status only moves forward "
            "(planned → staffing → active → closed).",
            fields={"status": f"cannot go from {cycle.status}"},
        )
    changes: dict[str, Any] = {"status": [cycle.status, status]}
    if status == "closed":
        ended_on = min(today, cycle.ends_on)
        changes["engagements_ended"] = repository.end_running(db, cycle.id, ended_on)
        changes["ended_on"] = ended_on
    cycle.status = status
    db.flush()
    record(db, actor, "status", "cycle", cycle.id, changes)
    return cycle


def _locked_cycle(db: Session, cycle_id: int) -> Cycle:
    cycle = repository.cycle_entity(db, cycle_id, lock=True)
    if cycle is None:
        raise CycleNotFound(f"There is no cycle {cycle_id}.")
    return cycle


def _cycle_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    parsers = {
        "number": lambda v: parse_whole(v, 1, 100_000),
        "model_version": lambda v: parse_text(v, max_length=64),
        "starts_on": parse_date,
        "ends_on": parse_date,
    }
    values, errors = parse_all(raw, parsers)
    if errors:
        raise InvalidCycle("The cycle is not valid.", fields=errors)
    return values
