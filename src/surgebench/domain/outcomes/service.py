"""Outcome rules: entering what the lab measured of an engagement (one outcome per report day),
correcting it (an audited edit), a program's quality gate, and who the gate holds back.

An outcome: items reviewed (1 or more), items accepted (no more than reviewed), an optional score 0–1
(it then stands for the outcome's quality in place of accepted ÷ reviewed) and note, the day it was
reported (not before the engagement began, not after today) and who entered it. An engagement withdrawn
before it began did no work and takes none."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy.orm import Session

from surgebench.db.orm import Outcome
from surgebench.domain.audit.service import Actor, record
from surgebench.domain.engagements import service as engagements
from surgebench.domain.engagements.repository import EngagementRow
from surgebench.domain.outcomes import estimate_service as estimate
from surgebench.domain.outcomes import repository
from surgebench.domain.outcomes.errors import InvalidGate, InvalidOutcome, OutcomeExists, OutcomeNotFound
from surgebench.domain.outcomes.estimate_service import Estimate
from surgebench.domain.outcomes.repository import EngagementOutcome, Gate, MemberOutcome, OutcomeRow
from surgebench.domain.programs.errors import ProgramNotFound
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.specialists.errors import SpecialistNotFound
from surgebench.lib.fields import FieldInvalid, parse_all, parse_date, parse_milli, parse_text, parse_whole
from surgebench.lib.query import parse_whole_text
from surgebench.settings import get_settings

FIELDS = ("reported_on", "items_reviewed", "items_accepted", "score", "note")
"""What a caller gives for an outcome (the form's, the API's and the CSV's names)."""
MAX_ITEMS = 1_000_000_000
NOTE_MAX = 2_000


def _optional_milli(value: Any) -> int | None:
    return None if value is None or str(value).strip() == "" else parse_milli(value)


PARSERS = {
    "reported_on": parse_date,
    "items_reviewed": lambda v: parse_whole(v, 1, MAX_ITEMS, "a number of items"),
    "items_accepted": lambda v: parse_whole(v, 0, MAX_ITEMS, "a number of items"),
    "score": _optional_milli,
    "note": lambda v: parse_text(v, max_length=NOTE_MAX, required=False),
}


def check_fields(
    raw: Mapping[str, Any], engagement: EngagementRow | None, today: date
) -> tuple[dict[str, Any], dict[str, str]]:
    """Every field's rule, then the rules between them and against the engagement: clean values (named
    as the columns are) and ``{field: message}`` for each problem."""
    values, errors = parse_all(raw, PARSERS)
    if not errors and values["items_accepted"] > values["items_reviewed"]:
        errors["items_accepted"] = (
            f"{values['items_accepted']:,} accepted is more than the {values['items_reviewed']:,} reviewed"
        )
    if "reported_on" not in errors:
        day = values["reported_on"]
        if day > today:
            errors["reported_on"] = f"{day} is after today ({today}): report what was measured"
        elif engagement is not None and day < engagement.starts_on:
            errors["reported_on"] = f"{day} is before the engagement began ({engagement.starts_on})"
    if engagement is not None and engagement.withdrawn_on is not None:
        errors["engagement_id"] = (
            f"engagement {engagement.id} was withdrawn before it began: there is no work to report"
        )
    if "score" in values:
        values["score_milli"] = values.pop("score")
    return values, errors


def report(db: Session, actor: Actor, engagement_id: int, raw: Mapping[str, Any], today: date) -> OutcomeRow:
    """Enter an outcome for an engagement; nothing is written unless every field is valid."""
    engagement = engagements.hold(db, engagement_id)
    unknown = sorted(k for k in raw if k not in FIELDS)
    values, errors = check_fields(raw, engagement, today)
    errors.update({name: "unknown field" for name in unknown})
    if errors:
        raise InvalidOutcome("The outcome is not valid.", fields=errors)
    if repository.existing(db, [(engagement_id, values["reported_on"])]):
        raise OutcomeExists(
            f"Engagement {engagement_id} already has an outcome reported on {values['reported_on']}: "
            "correct that one instead.",
            fields={"reported_on": "already has an outcome on this day"},
        )
    outcome = Outcome(
        engagement_id=engagement_id, reported_by_id=actor.user_id, reported_by=actor.label, **values
    )
    db.add(outcome)
    db.flush()
    record(db, actor, "create", "outcome", outcome.id, {k: [None, v] for k, v in values.items()})
    estimate.refresh(db, today, [engagement.specialist_id])
    return get(db, outcome.id)


def get(db: Session, outcome_id: int) -> OutcomeRow:
    found = repository.get(db, outcome_id)
    if found is None:
        raise OutcomeNotFound(f"There is no outcome {outcome_id}.")
    return found


def editable(row: OutcomeRow) -> dict[str, Any]:
    return {
        "reported_on": row.reported_on,
        "items_reviewed": row.items_reviewed,
        "items_accepted": row.items_accepted,
        "score": None if row.score_milli is None else f"{row.score_milli / 1000:.3f}",
        "note": row.note,
    }


def correct(
    db: Session, actor: Actor, outcome_id: int, changes: Mapping[str, Any], today: date
) -> OutcomeRow:
    """Change some fields of an outcome (audited, old → new); nothing changes unless all is valid."""
    current = get(db, outcome_id)
    unknown = sorted(k for k in changes if k not in FIELDS)
    if unknown:
        raise InvalidOutcome("Unknown fields.", fields={name: "unknown field" for name in unknown})
    engagement = engagements.get(db, current.engagement_id)
    values, errors = check_fields({**editable(current), **changes}, engagement, today)
    if errors:
        raise InvalidOutcome("The correction is not valid.", fields=errors)
    if values["reported_on"] != current.reported_on and repository.existing(
        db, [(current.engagement_id, values["reported_on"])]
    ):
        raise OutcomeExists(
            f"Engagement {current.engagement_id} already has an outcome reported on {values['reported_on']}.",
            fields={"reported_on": "already has an outcome on this day"},
        )
    outcome = repository.entity(db, outcome_id, lock=True)
    assert outcome is not None
    changed = {k: [getattr(outcome, k), v] for k, v in values.items() if getattr(outcome, k) != v}
    if changed:
        for name, (_old, new) in changed.items():
            setattr(outcome, name, new)
        outcome.reported_by_id, outcome.reported_by = actor.user_id, actor.label
        db.flush()
        record(db, actor, "correct", "outcome", outcome_id, changed)
        estimate.refresh(db, today, [engagement.specialist_id])
    return get(db, outcome_id)


Change = Literal["created", "corrected", "unchanged"]


def report_or_correct(
    db: Session, actor: Actor, engagement_id: int, raw: Mapping[str, Any], today: date
) -> tuple[OutcomeRow, Change]:
    """Enter the outcome of an engagement on a day, or, when that day already has one, correct it with
    what is given (every field: a score left out is cleared; an audited edit): what a lab's own form,
    API and upload do. The outcome, and ``created``, ``corrected`` or ``unchanged``."""
    engagements.hold(db, engagement_id)  # two reports of one day: the second corrects the first
    try:
        day: date | None = parse_date(raw.get("reported_on"))
    except FieldInvalid:
        day = None  # report() names it, with every other problem
    current = repository.existing(db, [(engagement_id, day)]).get((engagement_id, day)) if day else None
    if current is None:
        return report(db, actor, engagement_id, raw, today), "created"
    before = editable(get(db, current.id))
    after = correct(db, actor, current.id, {name: raw.get(name) for name in FIELDS}, today)
    return after, "corrected" if editable(after) != before else "unchanged"


def of_engagement(db: Session, engagement_id: int) -> list[OutcomeRow]:
    engagements.get(db, engagement_id)  # 404 for an unknown one
    return repository.of_engagements(db, [engagement_id]).get(engagement_id, [])


# --- the quality gate -------------------------------------------------------------------------------


def gate_of(db: Session, program_id: int) -> Gate:
    found = repository.gate_of(db, program_id)
    if found is None:
        raise ProgramNotFound(f"There is no program {program_id}.")
    return found


GATE_FIELDS = ("min_estimate", "min_returning_outcome")


def set_gate(db: Session, actor: Actor, program_id: int, raw: Mapping[str, Any]) -> Gate:
    """Set a program's quality gate (each threshold 0–1, or empty for none); audited."""
    gate_of(db, program_id)
    unknown = sorted(k for k in raw if k not in GATE_FIELDS)
    values, errors = parse_all(raw, {name: _optional_milli for name in GATE_FIELDS})
    errors.update({name: "unknown field" for name in unknown})
    if errors:
        raise InvalidGate("The quality gate is not valid.", fields=errors)
    program = repository.program_entity(db, program_id, lock=True)
    assert program is not None
    new = {
        "gate_min_estimate_milli": values["min_estimate"],
        "gate_min_returning_milli": values["min_returning_outcome"],
    }
    changed = {k: [getattr(program, k), v] for k, v in new.items() if getattr(program, k) != v}
    if changed:
        for name, (_old, value) in changed.items():
            setattr(program, name, value)
        db.flush()
        record(db, actor, "set_quality_gate", "program", program_id, changed)
    return gate_of(db, program_id)


@dataclass(frozen=True)
class HeldBack:
    """Someone the gate keeps from counting as returning to the next cycle of a program."""

    specialist_id: int
    full_name: str
    program_id: int
    program_name: str
    client: str
    model: str
    cycle: int
    """The cycle they worked (the one before the cycle being staffed)."""
    skill: str
    outcome_milli: int | None
    """Their outcome in that cycle (None: none reported)."""
    estimate_milli: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "specialist": str(self.specialist_id),
            "full_name": self.full_name,
            "program_id": self.program_id,
            "client": self.client,
            "model": self.model,
            "cycle": self.cycle,
            "skill": self.skill,
            "outcome": None if self.outcome_milli is None else self.outcome_milli / 1000,
            "estimate": self.estimate_milli / 1000,
            "reason": self.reason,
        }


def _below(gate: Gate, outcome: EngagementOutcome | None, estimate: int) -> str | None:
    """Why the gate holds this person back, or None."""
    reasons = []
    if gate.min_returning_milli is not None and outcome is not None:
        if outcome.rate_milli < gate.min_returning_milli:
            reasons.append(
                f"last cycle's outcome {outcome.rate_milli / 1000:.3f} is below the gate's "
                f"{gate.min_returning_milli / 1000:.3f}"
            )
    if gate.min_estimate_milli is not None and estimate < gate.min_estimate_milli:
        reasons.append(
            f"quality estimate {estimate / 1000:.3f} is below the gate's {gate.min_estimate_milli / 1000:.3f}"
        )
    return "; ".join(reasons) or None


def held_back(
    db: Session,
    staffing: Collection[tuple[str, str, int]],
    estimates: Mapping[int, Mapping[str, Estimate]],
    only: Collection[int] | None = None,
) -> list[HeldBack]:
    """For each (client slug, model, cycle number) being staffed, the people of the cycle before whom
    the program's gate holds back: their outcome in that cycle below the lowest returning outcome, or
    their estimate in the skill they worked below the lowest acceptable estimate. ``estimates`` must hold
    the people's estimates (``estimate.estimates``); someone without one in a skill has their vetting
    score there."""
    wanted = {(client, model): cycle for client, model, cycle in staffing}
    found: list[HeldBack] = []
    for gate in repository.gates(db, wanted.keys()):
        previous = wanted[(gate.client, gate.model)] - 1
        if not gate.is_set or previous < 1:
            continue
        team = repository.cycle_teams(db, [(gate.program_id, previous)], only)
        outcomes = repository.outcomes_of_cycles(db, {m.cycle_id for m in team})
        for m in team:
            outcome = outcomes.get(m.cycle_id, {}).get(m.specialist_id)
            own = estimates.get(m.specialist_id, {}).get(m.skill_id)
            estimate = own.quality_milli if own is not None else m.vetting_milli
            reason = _below(gate, outcome, estimate)
            if reason:
                found.append(
                    HeldBack(
                        m.specialist_id,
                        m.full_name,
                        gate.program_id,
                        gate.program_name,
                        gate.client,
                        gate.model,
                        previous,
                        m.skill_id,
                        None if outcome is None else outcome.rate_milli,
                        estimate,
                        reason,
                    )
                )
    return found


def hold_back_in_history(
    history: dict[int, list[list[Any]]], held: Sequence[HeldBack], competitors: Collection[str]
) -> list[HeldBack]:
    """Take each held-back person's engagement of the cycle before out of their problem history
    (``problem_repository.history``: [client, model, cycle, end] per engagement), so the contract does
    not count them as returning; returns those taken out. An engagement with a client that a request
    being planned names as a competitor stays (the rival rules read it)."""
    done = []
    for h in held:
        if h.client in competitors:
            continue
        entries = history.get(h.specialist_id, [])
        kept = [e for e in entries if not (e[0] == h.client and e[1] == h.model and e[2] == h.cycle)]
        if len(kept) != len(entries):
            history[h.specialist_id] = kept
            done.append(h)
    return done


# --- reading estimates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class QualityView:
    """A person's estimate per skill with its evidence, and how it moved: (skill, day, estimate)."""

    specialist_id: int
    vetting_milli: int
    skills: list[Estimate]
    history: list[tuple[str, date, int]]


def quality_of(db: Session, specialist_id: int, today: date) -> QualityView:
    """The estimate in each skill the person has outcomes in, and its value after each report day."""
    person = specialists.get(db, specialist_id)
    if person is None:
        raise SpecialistNotFound(f"No specialist with id {specialist_id}.")
    found = estimate.estimates(db, today, [specialist_id]).get(specialist_id, {})
    rows = repository.history_points(db, specialist_id)
    history: list[tuple[str, date, int]] = []
    for skill in sorted({skill for skill, *_ in rows}):
        own = [(day, n, p) for s, day, n, p in rows if s == skill and day <= today]
        for day in sorted({day for day, _n, _p in own}):
            history.append(
                (skill, day, estimate.estimate_of(person.quality_milli, skill, own, day).quality_milli)
            )
    return QualityView(specialist_id, person.quality_milli, [found[s] for s in sorted(found)], history)


@dataclass(frozen=True)
class BelowFloor:
    specialist_id: int
    full_name: str
    email: str
    skill: str
    estimate_milli: int
    items: int
    last_reported_on: date | None


def below_floor(db: Session, today: date, floor_milli: int | None = None) -> list[BelowFloor]:
    """People (not offboarded) whose estimate in a skill they have outcomes in is below the vendor-wide
    floor: for the recruiters to re-vet. Lowest first."""
    floor = get_settings().quality.vendor_floor_milli if floor_milli is None else floor_milli
    low = [
        (sid, e)
        for sid, per_skill in estimate.estimates(db, today).items()
        for e in per_skill.values()
        if e.quality_milli < floor
    ]
    on_bench = repository.still_on_the_bench(db, {sid for sid, _e in low})
    low = [(sid, e) for sid, e in low if sid in on_bench]
    refs = specialists.refs(db, on_bench)
    found = [
        BelowFloor(
            sid, refs[sid].full_name, refs[sid].email, e.skill, e.quality_milli, e.items, e.last_reported_on
        )
        for sid, e in low
        if sid in refs
    ]
    return sorted(found, key=lambda b: (b.estimate_milli, b.full_name, b.skill))


def held_back_now(db: Session, today: date, program_id: int | None = None) -> list[HeldBack]:
    """Who each gated program's gate holds back from its next cycle: the people of its latest closed
    cycle (for the manager's attention list and the program page)."""
    staffing = [
        (g.client, g.model, number + 1)
        for g in repository.gates(db)
        if program_id in (None, g.program_id)
        and (number := repository.latest_closed_cycle(db, g.program_id)) is not None
    ]
    if not staffing:
        return []
    people = repository.people_of_cycles(
        db, [(g_client, g_model, n - 1) for g_client, g_model, n in staffing]
    )
    estimates = estimate.estimates(db, today, people)
    return held_back(db, staffing, estimates, people)


@dataclass(frozen=True)
class ContinuityQuality:
    """One cycle's outcomes, returning people vs new: people with outcomes and their quality (Σ points
    ÷ Σ items reviewed), None where nobody of that kind has an outcome."""

    number: int
    returning_people: int
    returning_milli: int | None
    new_people: int
    new_milli: int | None


def outcome_of_returning_vs_new(db: Session, program_id: int) -> list[ContinuityQuality]:
    """Per cycle of a program: did continuity keep quality? The outcome of returning vs new people."""
    by_cycle: dict[int, dict[bool, tuple[int, int | None]]] = {}
    for number, returning, people, items, points in repository.outcome_by_continuity(db, program_id):
        rate = (2 * points + items) // (2 * items) if items else None
        by_cycle.setdefault(number, {})[returning] = (people, rate)
    return [
        ContinuityQuality(n, *kinds.get(True, (0, None)), *kinds.get(False, (0, None)))
        for n, kinds in sorted(by_cycle.items())
    ]


TEAM_PER_PAGE = 100


@dataclass(frozen=True)
class TeamPage:
    """A page of a cycle's team with their outcomes summed."""

    members: list[MemberOutcome]
    total: int
    number: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // TEAM_PER_PAGE))


def team_page(db: Session, cycle_id: int, raw_page: str | None) -> TeamPage:
    """The page asked for (a page number that is not one: the first), by name."""
    try:
        number = parse_whole_text(raw_page, 1, 1, 1_000_000)
    except FieldInvalid:
        number = 1
    total, members = repository.cycle_members(db, cycle_id, (number - 1) * TEAM_PER_PAGE, TEAM_PER_PAGE)
    return TeamPage(members, total, number)
