"""Reading plans as a manager reads them: the plan with the requests it answers, its people (a page at a
time), the shortfall in a recruiter's words, why a person is in or out, and what changed between two
versions. Services never commit."""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from surgebench.db.orm import Job, Plan
from surgebench.domain.jobs import repository as jobs
from surgebench.domain.plans import repository
from surgebench.domain.plans.errors import PlanNotFound, PlanNotReady
from surgebench.domain.plans.repository import PeopleFilter, PlanPerson
from surgebench.domain.plans.schemas import PeopleQuery, parse_people_query
from surgebench.domain.specialists import repository as specialists
from surgebench.domain.specialists.repository import PersonRef
from surgebench.domain.surges import service as surges
from surgebench.domain.surges.problem_service import read_problem_json
from surgebench.domain.surges.service import RequestView
from surgebench.lib.memory import paused_gc
from surgebench.lib.text import control_character_problem
from surgebench.staffing import rules
from surgebench.staffing.bench import Bench
from surgebench.staffing.explain import Explanation, explain
from surgebench.staffing.plan import Plan as SolvedPlan
from surgebench.staffing.plan import parse_plan
from surgebench.staffing.problem import Problem

SOLVE_NOTES = {
    "optimal": "— every step proven best",
    "feasible": "— valid, but the time limit came before every step was proven",
    "infeasible": "— the pins cannot all be kept",
}
PLAN_BADGES = {
    "solving": "staffing",
    "ready": "planned",
    "approved": "active",
    "failed": "closed",
    "cancelled": "closed",
}
"""A plan's status → the class of its badge (the request's and cycle's colours)."""


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    requests: list[RequestView]
    """The requests the plan answers, the one it was asked for first."""
    revisions: dict[int, int]
    """Request id → the revision the plan answered."""
    latest_ids: dict[int, int | None]
    """Request id → its newest plan."""
    job: Job | None

    @property
    def primary(self) -> RequestView:
        return self.requests[0]

    @property
    def changed_requests(self) -> list[RequestView]:
        return [v for v in self.requests if v.request.revision != self.revisions.get(v.request.id)]

    @property
    def newer_exists(self) -> bool:
        return any(latest != self.plan.id for latest in self.latest_ids.values())

    @property
    def up_to_date(self) -> bool:
        return not self.changed_requests and not self.newer_exists

    @property
    def badge(self) -> str:
        """The status badge's class: a plan being solved looks like a request being staffed, and so on."""
        return PLAN_BADGES.get(self.plan.status, "closed")

    @property
    def solving(self) -> bool:
        return self.plan.status == "solving"

    @property
    def failed(self) -> bool:
        return self.plan.status == "failed"

    @property
    def cancelled(self) -> bool:
        return self.plan.status == "cancelled"

    @property
    def approved(self) -> bool:
        return self.plan.status == "approved"

    @property
    def shows_outdated(self) -> bool:
        """A plan that is (or is about to be) ready but no longer answers the requests as they are."""
        return self.plan.status in ("ready", "solving") and not self.up_to_date

    @property
    def takes_pins(self) -> bool:
        """Its people can be pinned or excluded from it (for the next plan): a ready, unapproved plan."""
        return self.plan.status == "ready"

    @property
    def approvable(self) -> bool:
        """Not approved yet, up to date, and with every pin kept (approving re-checks the rest)."""
        return not self.approved and self.up_to_date and self.plan.solve_status != "infeasible"

    @property
    def maybe_not_best(self) -> bool:
        """The solver ran out of time before proving every step best."""
        return self.plan.solve_status == "feasible"

    @property
    def solve_note(self) -> str:
        """What the solver's status means, in a manager's words."""
        return SOLVE_NOTES.get(self.plan.solve_status or "", "")

    def comparable_with(self, other: Plan) -> bool:
        """Another version, both with people to compare (ready or approved)."""
        return other.id != self.plan.id and other.has_people and self.plan.has_people

    @property
    def progress(self) -> dict[str, Any]:
        return dict(self.job.progress or {}) if self.job is not None else {}

    @property
    def weekly_cost_cents(self) -> int | None:
        """Σ hourly rate × hours a week over the plan's people, in cents: the solver's cost level."""
        return (self.plan.objective or {}).get("cost")

    def figures(self, request_id: int) -> dict[str, Any]:
        return ((self.plan.summary or {}).get("requests") or {}).get(f"R{request_id}") or {
            "roles": [],
            "ramp": [],
        }


@dataclass(frozen=True)
class ShortfallLine:
    request_id: int
    role: str
    label: str
    missing: int
    reasons: list[tuple[str, int]]
    """(what stops people, how many), most first."""


@dataclass(frozen=True)
class PeoplePage:
    filter: PeopleFilter
    role_key: str | None
    people: list[PlanPerson]
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filter.per_page))


@dataclass(frozen=True)
class Comparison:
    older: PlanView
    newer: PlanView
    joined: list[tuple[PersonRef, str]]
    """(person, role key) of people in the newer plan only."""
    left: list[tuple[PersonRef, str]]
    moved: list[tuple[PersonRef, str, str]]
    """(person, old role, new role): in both plans, in another role."""
    levels: list[tuple[str, int | None, int | None]]
    """The solver's figures (its own units), older and newer."""
    roles: list[tuple[str, int, int, int, int]]
    """(role, filled before, filled after, returning before, returning after)."""


@dataclass(frozen=True)
class WhyAnswer:
    """What the *why* box answers for the text someone typed: one person's explanations, or the people
    it could mean (several namesakes to choose from, or nobody)."""

    asked: str
    matches: list[PersonRef]
    explanations: list[Explanation]
    """For the one person matched (empty otherwise)."""
    problem: str | None = None
    """Why nobody matches, in words."""

    @property
    def person(self) -> PersonRef | None:
        return self.matches[0] if len(self.matches) == 1 else None


NAMESAKES_SHOWN = 50
"""People the *why* box lists to choose from when a name matches several."""
BENCH_ID = re.compile(r"[0-9]{1,9}")
"""A bench id as typed (more digits cannot be an id, and would overflow the database's integer)."""


def dollars_a_week(cents: int | None) -> str:
    """A weekly cost in cents as a manager reads it: "$68,119.84 / week"."""
    if cents is None:
        return "—"
    return f"${cents // 100:,}.{cents % 100:02d} / week"


def get_plan(db: Session, plan_id: int) -> Plan:
    plan = repository.get(db, plan_id)
    if plan is None:
        raise PlanNotFound(f"There is no plan {plan_id}.")
    return plan


def plan_view(db: Session, plan_id: int) -> PlanView:
    plan = get_plan(db, plan_id)
    answered = repository.plan_requests(db, plan_id)
    ids = [plan.request_id] + [pr.request_id for pr in answered if pr.request_id != plan.request_id]
    views = surges.views(db, ids)
    latest = {rid: repository.latest_id(db, rid) for rid in ids}
    job = jobs.get(db, plan.job_id) if plan.job_id else None
    return PlanView(plan, views, {pr.request_id: pr.request_revision for pr in answered}, latest, job)


def progress_of(db: Session, plan_id: int) -> tuple[Plan, dict[str, Any]]:
    """The plan and its job's progress so far: all a solving plan's page asks again and again (two rows
    by key, not the requests and versions the whole page reads)."""
    plan = get_plan(db, plan_id)
    job = jobs.get(db, plan.job_id) if plan.job_id else None
    return plan, dict(job.progress or {}) if job is not None else {}


def versions(db: Session, request_id: int) -> list[Plan]:
    return repository.versions_of(db, request_id)


def role_keys(view: PlanView) -> dict[str, int]:
    """Role key → role id over the plan's requests (keys of the first request win a clash)."""
    found: dict[str, int] = {}
    for v in reversed(view.requests):
        found.update({r.key: r.id for r in v.roles})
    return found


def people(db: Session, view: PlanView, query: PeopleQuery) -> PeoplePage:
    keys = role_keys(view)
    f = parse_people_query(query, keys)
    found, total = repository.people_page(db, view.plan.id, f)
    key = next((k for k, rid in keys.items() if rid == f.role_id), None)
    return PeoplePage(f, key, found, total)


def people_filter(view: PlanView, query: PeopleQuery) -> PeopleFilter:
    return parse_people_query(query, role_keys(view))


def shortfall_lines(view: PlanView) -> list[ShortfallLine]:
    """Every short role, with what stops the rest of the bench, in words a recruiter acts on."""
    labels = {f"R{v.request.id}": v for v in view.requests}
    lines = []
    for entry in view.plan.shortfall or []:
        v = labels.get(entry["request"])
        if v is None or not entry.get("missing"):
            continue
        role = next((r for r in v.roles if r.key == entry["role"]), None)
        label = f"{entry['role']} ({role.skill_id} ≥ {role.min_level})" if role else entry["role"]
        reasons = sorted(
            ((rules.RULE_LABELS.get(k, k), n) for k, n in entry.get("reasons", {}).items() if n),
            key=lambda item: -item[1],
        )
        lines.append(ShortfallLine(v.request.id, entry["role"], label, entry["missing"], reasons))
    return lines


def document(db: Session, plan_id: int, which: str) -> bytes:
    """The stored problem or plan JSON, gzip-compressed."""
    content = repository.document(db, plan_id, which)
    if content is None:
        raise PlanNotReady(f"Plan {plan_id} has no {which} yet: it is still being made or it failed.")
    return content


@dataclass(frozen=True)
class Kept:
    problem: Problem
    bench: Bench
    """The problem's columns."""
    plan: SolvedPlan


KEPT_PROBLEMS = 2
"""Problems (with their columns) a process keeps for "why?": the plans it made last, or was asked about."""
_kept: OrderedDict[int, Kept] = OrderedDict()
_kept_guard = threading.Lock()


def remember_problem(plan_id: int, problem: Problem, bench: Bench, plan: SolvedPlan) -> None:
    """Keep the problem a plan was made from and its result, so "why?" on it needs no reading (the job
    that solved it calls this; neither changes afterwards)."""
    with _kept_guard:
        _kept[plan_id] = Kept(problem, bench, plan)
        _kept.move_to_end(plan_id)
        while len(_kept) > KEPT_PROBLEMS:
            _kept.popitem(last=False)


def _kept_plan(db: Session, plan_id: int) -> Kept:
    """The plan's problem and result: kept in this process, or read once from the stored JSON (written
    by this application and checked when it was built, so decoded straight into the solver's types)."""
    with _kept_guard:
        found = _kept.get(plan_id)
    if found is None:
        solved = parse_plan(json.loads(gzip.decompress(document(db, plan_id, "plan"))))
        with paused_gc():
            problem = read_problem_json(gzip.decompress(document(db, plan_id, "problem")))
            found = Kept(problem, Bench(problem), solved)
        remember_problem(plan_id, found.problem, found.bench, found.plan)
    return found


def why(db: Session, plan_id: int, specialist_id: int) -> tuple[PersonRef, list[Explanation]]:
    """The person and, per request and role, whether they hold it, the first rule that keeps them out,
    or what outranked them."""
    kept = _kept_plan(db, plan_id)
    problem = kept.problem
    person = specialists.refs(db, [specialist_id]).get(specialist_id)
    if person is None:
        raise PlanNotFound(f"There is no specialist {specialist_id}.")
    summary = get_plan(db, plan_id).summary or {}
    rivals = summary.get("rivals", {})
    try:
        found = explain(problem, kept.plan, str(specialist_id), kept.bench)
        named = [_named_rival(problem, rivals, str(specialist_id), e) for e in found]
        return person, named + _held_back(problem, summary.get("held_back", []), str(specialist_id))
    except KeyError:
        return person, [
            Explanation(
                "—",
                "—",
                "not considered",
                "offboarded",
                "not on the bench when the plan was made (offboarded)",
            )
        ]


def _held_back(problem: Problem, held: list[dict[str, Any]], specialist_id: str) -> list[Explanation]:
    """A person the quality gate held back: per request of that program, that they were not counted as
    returning because of the gate (not because of the calendar)."""
    found = []
    for h in held:
        if h["specialist"] != specialist_id:
            continue
        for r in problem.requests:
            if r.client == h["client"] and r.model == h["model"]:
                found.append(
                    Explanation(
                        r.id,
                        "—",
                        "not returning",
                        "quality_gate",
                        f"held back by the quality gate, not by the calendar: worked cycle {h['cycle']} "
                        f"({h['skill']}), but {h['reason']}",
                    )
                )
    return found


def _named_rival(
    problem: Problem, rivals: dict[str, list[dict[str, Any]]], specialist_id: str, e: Explanation
) -> Explanation:
    """A competitor refusal says which engagement bars the person and whose term it is (and its cooldown),
    from the terms the plan was made with."""
    if e.reason != "competitor":
        return e
    request = next((r for r in problem.requests if r.id == e.request), None)
    person = next((p for p in problem.specialists if p.id == specialist_id), None)
    if request is None or person is None:
        return e
    terms = {t["client"]: t for t in rivals.get(e.request, [])}
    worked = [h for h in person.history if h.client in request.competitors]
    if not worked:
        return e
    h = max(worked, key=lambda h: (h.ended_on is None, h.ended_on or request.first_ramp_date))
    term = terms.get(h.client, {})
    rival = term.get("client_name", h.client)
    until = (
        f"running to {h.ended_on}"
        if h.ended_on and h.ended_on >= request.first_ramp_date
        else (f"ended {h.ended_on}" if h.ended_on else "still running")
    )
    detail = (
        f"competitor: works for {rival} ({h.model} cycle {h.cycle}, {until}), and {rival} and this client "
        f"do not share people ({', '.join(term.get('sources', [])) or 'the request'}; "
        f"{term.get('cooldown_days', request.cooldown_days)}-day cooldown)"
    )
    return Explanation(e.request, e.role, e.outcome, e.reason, detail)


def why_for(db: Session, plan_id: int, asked: str) -> WhyAnswer:
    """*Why* for whoever the text names — a bench id, an e-mail or a name, as pins take them: the
    explanations when it names one person; the people to choose from when it names several; a problem
    in words when it names nobody."""
    text = asked.strip()
    if not text:
        return WhyAnswer(asked, [], [], "Type a name, an e-mail or a bench id.")
    if len(text) > 254 or control_character_problem(text):
        return WhyAnswer(asked, [], [], "That is not a name, an e-mail or a bench id.")
    if BENCH_ID.fullmatch(text):
        matches = list(specialists.refs(db, [int(text)]).values())
    else:
        matches = specialists.named(db, text, NAMESAKES_SHOWN)
    if not matches:
        return WhyAnswer(asked, [], [], f"Nobody on the bench is called or has the e-mail {text!r}.")
    if len(matches) > 1:
        return WhyAnswer(asked, matches, [])
    person, explanations = why(db, plan_id, matches[0].specialist_id)
    return WhyAnswer(asked, [person], explanations)


def compare(db: Session, older_id: int, newer_id: int) -> Comparison:
    older, newer = plan_view(db, older_id), plan_view(db, newer_id)
    for v in (older, newer):
        if v.plan.status not in ("ready", "approved"):
            raise PlanNotReady(f"Plan {v.plan.id} has no people yet.")
    before, after = repository.assignment_keys(db, older_id), repository.assignment_keys(db, newer_id)
    key_of = {r.id: r.key for v in (*older.requests, *newer.requests) for r in v.roles}
    people = specialists.refs(db, {sid for _rid, sid in (*before, *after)})

    def by_name(rows: Iterable[tuple[Any, ...]]) -> list[Any]:
        return sorted(rows, key=lambda row: (row[0].full_name, row[0].specialist_id, *row[1:]))

    joined = by_name((people[sid], key_of[after[(rid, sid)]]) for rid, sid in after.keys() - before.keys())
    left = by_name((people[sid], key_of[before[(rid, sid)]]) for rid, sid in before.keys() - after.keys())
    moved = by_name(
        (people[k[1]], key_of[before[k]], key_of[after[k]])
        for k in before.keys() & after.keys()
        if before[k] != after[k]
    )
    levels = [
        (name, (older.plan.objective or {}).get(name), (newer.plan.objective or {}).get(name))
        for name in ("fill", "continuity", "quality", "ramp", "cost")
    ]
    return Comparison(older, newer, joined, left, moved, levels, _role_changes(older, newer))


def _role_changes(older: PlanView, newer: PlanView) -> list[tuple[str, int, int, int, int]]:
    def figures(view: PlanView) -> dict[str, dict[str, Any]]:
        return {role["key"]: role for v in view.requests for role in view.figures(v.request.id)["roles"]}

    a, b = figures(older), figures(newer)
    return [
        (
            key,
            a.get(key, {}).get("filled", 0),
            b.get(key, {}).get("filled", 0),
            a.get(key, {}).get("returning", 0),
            b.get(key, {}).get("returning", 0),
        )
        for key in dict.fromkeys([*a, *b])
    ]


def ready(view: PlanView) -> bool:
    return view.plan.has_people


def latest_plans(db: Session, request_ids: Sequence[int]) -> dict[int, Plan]:
    return repository.latest_ready_per_request(db, request_ids)
