"""Surge requests: asking for a program's next cycle, changing what is asked, pinning and excluding
people, and turning requests into what the problem builder reads. Every change bumps the request's
revision (so a plan knows whether it still answers it) and is audited. Services never commit."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import (
    Cycle,
    SurgeCompetitor,
    SurgeExclusion,
    SurgePin,
    SurgeRampDay,
    SurgeRequest,
    SurgeRole,
)
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import repository as programs
from surgebench.domain.programs import service as program_service
from surgebench.domain.programs.repository import CycleRow
from surgebench.domain.skills import repository as skills
from surgebench.domain.surges import repository
from surgebench.domain.surges.ask_schemas import PinAsk, RampDayAsk, RoleAsk, SurgeAsk
from surgebench.domain.surges.errors import (
    CycleAlreadyRequested,
    InvalidPin,
    InvalidSurgeRequest,
    RequestNotOpen,
    RoleInUse,
    SurgeRequestNotFound,
)
from surgebench.domain.surges.repository import ExclusionRow, PinRow
from surgebench.domain.surges.request_schemas import RequestInput, RoleInput, parse_request
from surgebench.lib.fields import FieldInvalid, parse_text
from surgebench.lib.text import possessive

ENTITY = "surge_request"
PAIR_COOLDOWN_AT_LEAST = 1
"""A rival term keeps a person off both rosters on any one day even when neither side has a cooldown. The
problem writes an engagement still running with the day it will end, and rule 2 bars one that ended fewer
than ``cooldown_days`` days before the first ramp day: with 0, someone whose rival engagement ends on the
first ramp day would work for both that day. One day bars exactly that; they may start the day after."""


@dataclass(frozen=True)
class RivalTerm:
    """A client this request's people may not share with, the pair's cooldown, and where the term
    comes from. A term binds both sides whichever of the two clients wrote it, and the pair's cooldown
    is the longer of the two sides' (this request's, and the rival's own), and at least one day
    (``PAIR_COOLDOWN_AT_LEAST``)."""

    client_slug: str
    client_name: str
    cooldown_days: int
    sources: tuple[str, ...]
    """In words: "this request", "Aurora Labs' terms", "Meridian AI's request for atlas cycle 4"."""


CHANGEABLE = ("open",)
"""The statuses in which a request takes changes."""


@dataclass(frozen=True)
class RequestView:
    """A request with everything it asks and the cycle it staffs."""

    request: SurgeRequest
    cycle: CycleRow
    roles: list[SurgeRole]
    ramp: list[SurgeRampDay]
    competitors: list[str]
    """The competitors the request itself lists (its own side of the terms)."""
    pins: list[PinRow]
    exclusions: list[ExclusionRow]
    rivals: tuple[RivalTerm, ...] = ()
    """Every rival term that holds for the request, from either side (see ``rival_terms``)."""

    @property
    def cooldown_days(self) -> int:
        """The cooldown the problem carries: the longest of the request's pairs (the format has one
        cooldown per request, so a shorter pair's is taken longer, never shorter)."""
        return max([self.request.cooldown_days, *(t.cooldown_days for t in self.rivals)])

    @property
    def takes_changes(self) -> bool:
        """Its terms, pins and exclusions change, and it is planned or cancelled, only while it is open
        (what ``_open`` holds every such change to); pages offer those actions only then."""
        return self.request.status in CHANGEABLE

    @property
    def approved(self) -> bool:
        return self.request.status == "approved"

    @property
    def cancelled(self) -> bool:
        return self.request.status == "cancelled"

    @property
    def badge(self) -> str:
        """The status badge's class: an approved request is active, any other still being staffed."""
        return "active" if self.approved else "staffing"

    @property
    def seats(self) -> int:
        return sum(r.headcount for r in self.roles)

    @property
    def label(self) -> str:
        p = self.cycle.program
        return f"{p.client_name} · {p.model} cycle {self.cycle.number}"


# --- reading -----------------------------------------------------------------------------------


def views(db: Session, request_ids: Sequence[int]) -> list[RequestView]:
    """The requests with all they ask (a handful of queries for any number of requests)."""
    found = {r.id: r for r in (repository.get(db, rid) for rid in request_ids) if r is not None}
    ids = list(found)
    roles, ramp = repository.roles_of(db, ids), repository.ramp_of(db, ids)
    competitors, pins = repository.competitors_of(db, ids), repository.pins_of(db, ids)
    exclusions = repository.exclusions_of(db, ids)
    cycles = {rid: programs.get_cycle(db, found[rid].cycle_id) for rid in ids}
    rivals = rival_terms(db, {rid: (found[rid], cycles[rid], competitors[rid]) for rid in ids})  # type: ignore[misc]  # a request's cycle exists (foreign key)
    out = []
    for rid in request_ids:
        if rid not in found:
            continue
        cycle = cycles[rid]
        assert cycle is not None
        out.append(
            RequestView(
                found[rid],
                cycle,
                roles[rid],
                ramp[rid],
                competitors[rid],
                pins[rid],
                exclusions[rid],
                rivals[rid],
            )
        )
    return out


def rival_terms(
    db: Session, requests: Mapping[int, tuple[SurgeRequest, CycleRow, Sequence[str]]]
) -> dict[int, tuple[RivalTerm, ...]]:
    """Request id → the clients its people may not share with: those the request lists, those its
    client's terms list, those whose terms list its client, and those with an open or approved request
    listing its client (four queries for any number of requests)."""
    client_of = {rid: cycle.program.client_id for rid, (_r, cycle, _c) in requests.items()}
    client_ids = set(client_of.values())
    by_slug = {c.slug: c for c in clients.list_clients(db)}
    own_terms = clients.competitors_of(db, client_ids)
    listed_by = clients.listed_by(db, client_ids)
    naming = repository.requests_naming(db, client_ids)
    found: dict[int, tuple[RivalTerm, ...]] = {}
    for rid, (request, cycle, listed) in requests.items():
        a = client_of[rid]
        sides: list[tuple[str, int, str]] = [
            *((slug, by_slug[slug].cooldown_days, "this request") for slug in listed),
            *(
                (b.slug, b.cooldown_days, f"{possessive(cycle.program.client_name)} terms")
                for b in own_terms.get(a, [])
            ),
            *((b.slug, b.cooldown_days, f"{possessive(b.name)} terms") for b in listed_by.get(a, [])),
            *(
                (
                    n.client_slug,
                    n.cooldown_days,
                    f"{possessive(n.client_name)} request for {n.model} cycle {n.cycle_number}",
                )
                for n in naming
                if n.named_client_id == a and n.request_id != rid
            ),
        ]
        terms: dict[str, tuple[int, list[str]]] = {}
        for slug, other_side, source in sides:
            cooldown, sources = terms.get(slug, (request.cooldown_days, []))
            terms[slug] = (max(cooldown, other_side), [*sources, source])
        found[rid] = tuple(
            RivalTerm(
                slug, by_slug[slug].name, max(cooldown, PAIR_COOLDOWN_AT_LEAST), tuple(dict.fromkeys(sources))
            )
            for slug, (cooldown, sources) in sorted(terms.items())
        )
    return found


def view(db: Session, request_id: int) -> RequestView:
    found = views(db, [request_id])
    if not found:
        raise SurgeRequestNotFound(f"There is no surge request {request_id}.")
    return found[0]


def list_views(db: Session, statuses: Sequence[str] = ("open", "approved")) -> list[RequestView]:
    return views(db, repository.list_ids(db, statuses))


def overlapping_open(db: Session, request_id: int) -> list[int]:
    """Other open requests whose cycles share days with this one's (candidates to plan together)."""
    v = view(db, request_id)
    return [
        rid for rid in repository.overlapping(db, v.cycle.starts_on, v.cycle.ends_on) if rid != request_id
    ]


def ask_of(
    v: RequestView, *, extra_pins: Sequence[PinAsk] = (), extra_excluded: Sequence[int] = ()
) -> SurgeAsk:
    """The request as the problem builder reads it (request id ``R<id>``, role ids = role keys)."""
    p, key_of = v.cycle.program, {r.id: r.key for r in v.roles}
    pinned = [PinAsk(pin.specialist_id, key_of[pin.role_id]) for pin in v.pins]
    pinned += [pin for pin in extra_pins if pin.specialist_id not in {x.specialist_id for x in pinned}]
    excluded = sorted({e.specialist_id for e in v.exclusions} | set(extra_excluded))
    return SurgeAsk(
        id=f"R{v.request.id}",
        client=p.client_slug,
        model=p.model,
        cycle=v.cycle.number,
        priority=v.request.priority,
        ends_on=v.cycle.ends_on,
        ramp=tuple(RampDayAsk(d.day, d.onboarding_capacity) for d in v.ramp),
        competitors=tuple(t.client_slug for t in v.rivals),
        cooldown_days=v.cooldown_days,
        roles=tuple(_role_ask(r) for r in v.roles if r.headcount > 0 or r.id in {x.role_id for x in v.pins}),
        pinned=tuple(pinned),
        excluded=tuple(excluded),
        own_cycle_id=v.cycle.id,
    )


def _role_ask(r: SurgeRole) -> RoleAsk:
    offset = None
    if r.utc_offset_min_minutes is not None and r.utc_offset_max_minutes is not None:
        offset = (r.utc_offset_min_minutes / 60, r.utc_offset_max_minutes / 60)
    return RoleAsk(
        r.key,
        r.skill_id,
        r.min_level,
        r.min_quality_milli,
        r.headcount,
        r.hours_per_week,
        tuple(r.languages or ()),
        offset,
        r.max_country_share_pct,
    )


def form_values(v: RequestView) -> dict[str, Any]:
    """The request as the form's fields (``roles[0].skill`` …), for the edit page."""
    values: dict[str, Any] = {
        "cycle.number": v.cycle.number,
        "cycle.model_version": v.cycle.model_version,
        "cycle.starts_on": v.cycle.starts_on,
        "cycle.ends_on": v.cycle.ends_on,
        "priority": v.request.priority,
        "cooldown_days": v.request.cooldown_days,
        "competitors": v.competitors,
    }
    for i, r in enumerate(v.roles):
        values |= {f"roles[{i}].{k}": val for k, val in _role_fields(r).items()}
    for i, d in enumerate(v.ramp):
        values |= {f"ramp[{i}].date": d.day, f"ramp[{i}].onboarding_capacity": d.onboarding_capacity}
    return values


def _role_fields(r: SurgeRole) -> dict[str, Any]:
    share = None if r.max_country_share_pct is None else f"{r.max_country_share_pct / 100:.2f}"
    lo = None if r.utc_offset_min_minutes is None else f"{r.utc_offset_min_minutes / 60:g}"
    hi = None if r.utc_offset_max_minutes is None else f"{r.utc_offset_max_minutes / 60:g}"
    return {
        "key": r.key,
        "skill": r.skill_id,
        "min_level": r.min_level,
        "min_quality": f"{r.min_quality_milli / 1000:.3f}",
        "headcount": r.headcount,
        "hours_per_week": r.hours_per_week,
        "languages": " ".join(r.languages or ()),
        "utc_offset_min": lo,
        "utc_offset_max": hi,
        "max_country_share": share,
    }


# --- writing -----------------------------------------------------------------------------------


def _parse(db: Session, program_id: int, raw: Mapping[str, Any]) -> RequestInput:
    client_slug = repository.client_slug_of_program(db, program_id)
    client = clients.by_slug(db, client_slug)
    assert client is not None
    defaults = clients.competitors_of(db, [client.id])[client.id]
    return parse_request(
        raw,
        known_skills=skills.known_ids(db),
        known_clients=set(clients.ids_by_slug(db)),
        client=client_slug,
        default_competitors=[c.slug for c in defaults],
        default_cooldown=client.cooldown_days,
    )


def create_request(
    db: Session, actor: Actor, program_id: int, raw: Mapping[str, Any], today: date
) -> SurgeRequest:
    """Ask for a program's cycle (the next one unless numbered): the cycle is created, or the planned one
    is dated as asked, and moves to staffing; one open or approved request per cycle."""
    program_service.program_view(db, program_id)
    ask = _parse(db, program_id, raw)
    cycle = _cycle_for(db, actor, program_id, ask, today)
    if repository.active_for_cycle(db, cycle.id) is not None:
        raise CycleAlreadyRequested(
            f"Cycle {cycle.number} already has a surge request.", fields={"cycle.number": "already requested"}
        )
    request = SurgeRequest(
        cycle_id=cycle.id,
        priority=ask.priority,
        cooldown_days=ask.cooldown_days,
        status="open",
        revision=1,
        created_by_id=actor.user_id,
    )
    db.add(request)
    db.flush()
    _write_terms(db, request, ask)
    record(db, actor, "create", ENTITY, request.id, {"request": [None, _summary(ask, cycle.number)]})
    return request


def _cycle_for(db: Session, actor: Actor, program_id: int, ask: RequestInput, today: date) -> Cycle:
    existing = {c.number: c for c in programs.cycles_of(db, program_id)}
    number = ask.cycle_number or (max(existing, default=0) + 1)
    cycle = existing.get(number)
    if cycle is None:
        cycle = program_service.create_cycle(
            db, actor, program_id, ask.model_version, ask.starts_on, ask.ends_on, number
        )
    elif cycle.status not in ("planned", "staffing"):
        raise CycleAlreadyRequested(
            f"Cycle {number} is {cycle.status}: only a planned cycle can be staffed.",
            fields={"cycle.number": f"cycle {number} is {cycle.status}"},
        )
    else:
        program_service.change_cycle(
            db,
            actor,
            cycle.id,
            {"model_version": ask.model_version, "starts_on": ask.starts_on, "ends_on": ask.ends_on},
            by_request=True,
        )
    if cycle.status == "planned":
        program_service.advance_cycle(db, actor, cycle.id, "staffing", today)
    return cycle


def update_request(db: Session, actor: Actor, request_id: int, raw: Mapping[str, Any]) -> SurgeRequest:
    """Change what an open request asks (terms, cycle dates, ramp, roles); roles are matched by key."""
    request = _open(db, request_id)
    v = view(db, request_id)
    ask = _parse(
        db,
        v.cycle.program.id,
        {**raw, "cycle": {**_cycle_raw(v), **(raw.get("cycle") or {}), "number": v.cycle.number}},
    )
    program_service.change_cycle(
        db,
        actor,
        v.cycle.id,
        {"model_version": ask.model_version, "starts_on": ask.starts_on, "ends_on": ask.ends_on},
        by_request=True,
    )
    before = _summary_of_view(v)
    request.priority, request.cooldown_days = ask.priority, ask.cooldown_days
    _write_terms(db, request, ask, v.roles)
    request.revision += 1
    db.flush()
    after = _summary(ask, v.cycle.number)
    record(
        db,
        actor,
        "update",
        ENTITY,
        request.id,
        {k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return request


def _cycle_raw(v: RequestView) -> dict[str, Any]:
    return {
        "model_version": v.cycle.model_version,
        "starts_on": v.cycle.starts_on,
        "ends_on": v.cycle.ends_on,
    }


def _write_terms(
    db: Session, request: SurgeRequest, ask: RequestInput, current: Sequence[SurgeRole] = ()
) -> None:
    repository.clear_competitors_and_ramp(db, request.id)
    ids = clients.ids_by_slug(db)
    db.add_all(SurgeCompetitor(request_id=request.id, client_id=ids[slug]) for slug in ask.competitors)
    db.add_all(
        SurgeRampDay(request_id=request.id, day=d.date, onboarding_capacity=d.onboarding_capacity)
        for d in ask.ramp
    )
    by_key = {r.key: r for r in current}
    for position, role in enumerate(ask.roles):
        row = by_key.pop(role.key, None) or SurgeRole(request_id=request.id, key=role.key)
        _set_role(row, role, position)
        db.add(row)
    for gone in by_key.values():
        if repository.role_in_plans(db, gone.id):
            raise RoleInUse(
                f"Role {gone.key!r} is in plans already; set its headcount to 0 instead of removing it.",
                fields={"roles": f"role {gone.key} is in plans"},
            )
        db.delete(gone)
    db.flush()


def _set_role(row: SurgeRole, role: RoleInput, position: int) -> None:
    row.position, row.skill_id, row.min_level = position, role.skill, role.min_level
    row.min_quality_milli, row.headcount, row.hours_per_week = (
        role.min_quality_milli,
        role.headcount,
        role.hours_per_week,
    )
    row.languages = list(role.languages)
    row.utc_offset_min_minutes, row.utc_offset_max_minutes = role.utc_offset_minutes or (None, None)
    row.max_country_share_pct = role.max_country_share_pct


def _summary(ask: RequestInput, number: int) -> dict[str, Any]:
    return {
        "cycle": f"{number} ({ask.model_version}, {ask.starts_on} to {ask.ends_on})",
        "priority": ask.priority,
        "competitors": list(ask.competitors),
        "cooldown_days": ask.cooldown_days,
        "ramp": [f"{d.date}:{d.onboarding_capacity}" for d in ask.ramp],
        "roles": [
            f"{r.key}: {r.headcount} × {r.skill} ≥ {r.min_level}, q ≥ {r.min_quality_milli / 1000:.3f}, "
            f"{r.hours_per_week} h"
            for r in ask.roles
        ],
    }


def _summary_of_view(v: RequestView) -> dict[str, Any]:
    c = v.cycle
    return {
        "cycle": f"{c.number} ({c.model_version}, {c.starts_on} to {c.ends_on})",
        "priority": v.request.priority,
        "competitors": list(v.competitors),
        "cooldown_days": v.request.cooldown_days,
        "ramp": [f"{d.day}:{d.onboarding_capacity}" for d in v.ramp],
        "roles": [
            f"{r.key}: {r.headcount} × {r.skill_id} ≥ {r.min_level}, q ≥ {r.min_quality_milli / 1000:.3f}, "
            f"{r.hours_per_week} h"
            for r in v.roles
        ],
    }


def _open(db: Session, request_id: int, statuses: Sequence[str] = CHANGEABLE) -> SurgeRequest:
    request = repository.get(db, request_id, lock=True)
    if request is None:
        raise SurgeRequestNotFound(f"There is no surge request {request_id}.")
    if request.status not in statuses:
        raise RequestNotOpen(f"Surge request {request_id} is {request.status}; it no longer changes.")
    return request


def pin_person(
    db: Session,
    actor: Actor,
    request_id: int,
    specialist_id: int,
    role_key: str,
    statuses: Sequence[str] = ("open",),
) -> SurgeRequest:
    """Fix a person to a role: every plan from now on must hold them there."""
    request = _open(db, request_id, statuses)
    person = repository.specialist_status(db, specialist_id)
    roles = {r.key: r for r in repository.roles_of(db, [request_id])[request_id]}
    errors = {}
    if person is None:
        errors["specialist_id"] = f"no specialist {specialist_id}"
    elif person[1] == "offboarded":
        errors["specialist_id"] = f"{person[0]} is offboarded"
    if role_key not in roles:
        errors["role"] = f"unknown role {role_key!r}" if role_key else "choose a role"
    if repository.exclusion(db, request_id, specialist_id) is not None:
        errors["specialist_id"] = "excluded from this request: remove the exclusion first"
    if errors:
        raise InvalidPin("The pin is not valid.", fields=errors)
    existing = repository.pin(db, request_id, specialist_id)
    old_role = None
    if existing is None:
        db.add(SurgePin(request_id=request_id, specialist_id=specialist_id, role_id=roles[role_key].id))
    else:
        old_role = next((k for k, r in roles.items() if r.id == existing.role_id), None)
        existing.role_id = roles[role_key].id
    request.revision += 1
    db.flush()
    record(
        db, actor, "pin", ENTITY, request_id, {"specialist_id": specialist_id, "role": [old_role, role_key]}
    )
    return request


def unpin_person(db: Session, actor: Actor, request_id: int, specialist_id: int) -> SurgeRequest:
    request = _open(db, request_id)
    existing = repository.pin(db, request_id, specialist_id)
    if existing is not None:
        db.delete(existing)
        request.revision += 1
        db.flush()
        record(db, actor, "unpin", ENTITY, request_id, {"specialist_id": specialist_id})
    return request


def exclude_person(
    db: Session,
    actor: Actor,
    request_id: int,
    specialist_id: int,
    reason: object,
    statuses: Sequence[str] = ("open",),
) -> SurgeRequest:
    """Bar a person from the request (a pin on them is dropped)."""
    request = _open(db, request_id, statuses)
    try:
        why = parse_text(reason, max_length=500, required=False)
    except FieldInvalid as exc:
        raise InvalidSurgeRequest("The reason is not valid.", fields={"reason": str(exc)}) from None
    if repository.specialist_status(db, specialist_id) is None:
        raise InvalidPin("No such specialist.", fields={"specialist_id": f"no specialist {specialist_id}"})
    pinned = repository.pin(db, request_id, specialist_id)
    if pinned is not None:
        db.delete(pinned)
    found = repository.exclusion(db, request_id, specialist_id)
    if found is None:
        db.add(SurgeExclusion(request_id=request_id, specialist_id=specialist_id, reason=why))
    else:
        found.reason = why
    request.revision += 1
    db.flush()
    record(
        db,
        actor,
        "exclude",
        ENTITY,
        request_id,
        {"specialist_id": specialist_id, "reason": why, "unpinned": pinned is not None},
    )
    return request


def include_person(db: Session, actor: Actor, request_id: int, specialist_id: int) -> SurgeRequest:
    request = _open(db, request_id)
    found = repository.exclusion(db, request_id, specialist_id)
    if found is not None:
        db.delete(found)
        request.revision += 1
        db.flush()
        record(db, actor, "include", ENTITY, request_id, {"specialist_id": specialist_id})
    return request


def cancel_request(
    db: Session, actor: Actor, request_id: int, stop_plans: Callable[[str], list[int]]
) -> SurgeRequest:
    """Cancel an open request; ``stop_plans(reason)`` stops its plans still queued or solving and says
    which (``plans.queue_service.cancel_request`` passes the queue's own, plans being above surges)."""
    request = _open(db, request_id)
    request.status = "cancelled"
    request.revision += 1
    db.flush()
    stopped = stop_plans(f"surge request {request_id} was cancelled before this plan finished.")
    changes = {"status": ["open", "cancelled"], "plans_stopped": stopped}
    record(db, actor, "cancel", ENTITY, request_id, changes)
    return request
