"""The whole lifecycle as a model-based test: a Hypothesis state machine that drives the service only
through its public HTTP API, with the clock injected and moved on by a rule, and checks the invariants
of ``invariants.py`` over the tables after every step.

What it does, in any order Hypothesis picks: requests the next cycle of one of three clients' programs
(also while the current cycle runs), plans a request alone or together with the open requests its cycle
overlaps, approves plans (also two at once, from two app instances), reports outcomes of engagements
that began (as a manager, and as the lab through the portal by roster entry: their estimates roll),
suspends, reinstates and offboards people, lets vetting run out,
removes roster members before and after their start, re-plans (with and without a ramp start), and
moves the clock on a day at a time, running the cycle calendar, the vetting lapse, the offer expiry and
the ramp backfill jobs at each day's boundary (or, some days, not: the next run catches up). With offers
in play: a vendor relays people's answers to their open offers (accept, or decline with a reason), a
manager marks in bulk who started, and the backfill is run on demand too. Every finished plan is
judged by ``plan_checks``.

``machine_for(harness)`` makes the machine class for one database; ``run`` runs it (tests, benchmark)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from surgebench.app import job_kinds
from surgebench.domain.engagements.record_schemas import HISTORY_COLUMNS
from surgebench.domain.jobs import service as jobs
from tests.integration.lifecycle.invariants import check_all, day
from tests.integration.lifecycle.plan_checks import PlanStats, check_finished_plan
from tests.integration.lifecycle.world import PROGRAMS, RIVALRIES, Harness, World

REFUSALS = {400, 404, 409, 422}
"""What a step may be answered besides success: the service saying no, clearly. Never a 500."""


@dataclass
class Tally:
    """What the runs did (the benchmark prints it)."""

    examples: int = 0
    steps: int = 0
    sequences: set[str] = field(default_factory=set)
    rules: dict[str, int] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    plans: PlanStats = field(default_factory=PlanStats)


def _working_days(first: date, count: int, last: date) -> list[date]:
    days, d = [], first
    while len(days) < count and d <= last:
        if d.weekday() < 5:
            days.append(d)
        d += timedelta(days=1)
    return days


def _moment(value: Any) -> datetime:
    """A timestamp as either engine returns it, naive UTC."""
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found.astimezone(UTC).replace(tzinfo=None) if found.tzinfo else found


def machine_for(harness: Harness, tally: Tally | None = None) -> type[RuleBasedStateMachine]:
    tally = tally or Tally()
    http = harness.http

    class Lifecycle(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.world: World | None = None
            self.trace: list[str] = []
            self.last_end: dict[str, date | None] = {slug: None for slug, _m in PROGRAMS}

        # --- helpers ---------------------------------------------------------------------------

        @property
        def today(self) -> date:
            return harness.clock.today()

        def _step(self, name: str) -> None:
            self.trace.append(name)
            tally.steps += 1
            tally.rules[name] = tally.rules.get(name, 0) + 1

        def _answer(self, name: str, answer: Any, ok: tuple[int, ...]) -> bool:
            key = f"{name} {answer.status_code}"
            if answer.status_code >= 400 and answer.headers.get("content-type", "").startswith(
                "application/json"
            ):
                key += f" {answer.json().get('error')}"  # which refusal: outdated, conflict, nothing to do…
            tally.answers[key] = tally.answers.get(key, 0) + 1
            assert answer.status_code in ok or answer.status_code in REFUSALS, (
                f"{name}: {answer.status_code} {answer.text[:500]}"
            )
            return answer.status_code in ok

        def _ids(self, sql: str, **params: Any) -> list[int]:
            with harness.engine.connect() as conn:
                return [row[0] for row in conn.execute(text(sql), params)]

        def _run_jobs(self) -> None:
            while jobs.run_next(harness.engine, job_kinds(), clock=harness.clock):
                pass

        def _plan_finished(self, plan_id: int) -> None:
            self._run_jobs()
            check_finished_plan(harness.engine, http.pm, plan_id, tally.plans)

        def _open_requests(self) -> list[int]:
            return self._ids("select id from surge_requests where status = 'open' order by id")

        def _approved_requests(self) -> list[int]:
            return self._ids("select id from surge_requests where status = 'approved' order by id")

        def _ready_plans(self) -> list[int]:
            """Finished plans, each the newest of its request (older ones are refused as outdated)."""
            return self._ids(
                "select p.id from plans p where p.status = 'ready' "
                "and p.id = (select max(q.id) from plans q where q.request_id = p.request_id) order by p.id"
            )

        def _people(self) -> list[int]:
            return self._ids("select id from specialists where status != 'offboarded' order by id")

        # --- the world --------------------------------------------------------------------------

        @initialize(world_seed=st.integers(0, 2**16))
        def build(self, world_seed: int) -> None:
            self.world = harness.reset(world_seed)
            tally.examples += 1

        def teardown(self) -> None:
            tally.sequences.add(hashlib.sha256(" ".join(self.trace).encode()).hexdigest())

        @invariant()
        def everything_holds(self) -> None:
            if self.world is not None:
                check_all(harness.engine, http)

        def _actions(self) -> list[str]:
            """What may be done now, each as often as it should be picked (one draw, uniform over this list:
            Hypothesis's own rule choice switches whole rules off per example, which a short run cannot
            afford)."""
            found: list[str] = []
            ready = self._ready_plans()  # first the steps that move a lifecycle on (the simplest example
            if ready:  # Hypothesis tries picks the first action every time)
                found += ["approve"] * 2
            if self._open_requests():
                found += ["plan"] * 3
            if self._free_programs():
                found += ["request_next_cycle"] * 3
            if len(ready) >= 2:
                found += ["approve_two_at_once"]
            if self._approved_requests():
                found += ["replan"] * 2 + ["remove_from_roster"] * 2
            if self._live_rows():
                found += ["correct_a_roster_row", "import_into_a_live_cycle", "move_a_live_cycle"]
            if self._started_engagements():
                found += ["report_outcomes"]
            if self._labs_cycles():
                found += ["lab_reports_outcomes"]
            if self._open_offers():
                found += ["answer_an_offer"] * 3
            if self._startable_offers():
                found += ["mark_started"] * 2
            if self._open_requests():
                found += ["set_offer_terms"]
            if self._freed_seats():
                found += ["backfill_now"]
            found += ["time_passes"] * 3 + ["change_a_person"] * 2
            return found

        @rule(data=st.data())
        def act(self, data: st.DataObject) -> None:
            action = data.draw(st.sampled_from(self._actions()), label="action")
            getattr(self, action)(data)

        # --- requests and plans (the actions ``act`` picks from) ------------------------------------

        def _free_programs(self) -> list[tuple[str, str]]:
            """The programs with no open request (the next cycle may be asked)."""
            busy = set(
                self._ids(
                    "select c.program_id from surge_requests r join cycles c on c.id = r.cycle_id "
                    "where r.status = 'open'"
                )
            )
            assert self.world is not None
            return [(slug, model) for slug, model in PROGRAMS if self.world.programs[slug] not in busy]

        def _rival_days(self, slug: str) -> list[date]:
            """The first and last days of the cycles of the program's rivals, and the days after them:
            where a term's edge cases live."""
            assert self.world is not None
            rivals = [self.world.programs[b] for a, b in RIVALRIES if a == slug] + [
                self.world.programs[a] for a, b in RIVALRIES if b == slug
            ]
            if not rivals:
                return []
            found = set()
            with harness.engine.connect() as conn:
                for first, last in conn.execute(
                    text(
                        "select starts_on, ends_on from cycles where program_id in ("
                        + ",".join(map(str, rivals))
                        + ")"
                    )
                ):
                    for d in (day(first), day(last), day(last) + timedelta(days=1)):
                        found.add(d)
            return sorted(found)

        def request_next_cycle(self, data: st.DataObject) -> None:
            slug, _model = data.draw(st.sampled_from(self._free_programs()), label="program")
            assert self.world is not None
            program_id = self.world.programs[slug]
            last_end = self.last_end[slug]
            earliest = max(self.today, last_end or self.today) + timedelta(days=1)
            edges = [d for d in self._rival_days(slug) if d >= earliest]
            if edges and data.draw(st.booleans(), label="on a rival's edge"):
                starts = data.draw(st.sampled_from(edges), label="starts")
                self._step("request on a rival's edge")
            else:
                starts = earliest + timedelta(days=data.draw(st.integers(0, 5), label="gap"))
                self._step("request")
            ends = starts + timedelta(days=data.draw(st.integers(7, 16), label="length") - 1)
            ramp = _working_days(starts, data.draw(st.integers(1, 3), label="ramp_days"), ends)
            capacity = data.draw(st.integers(1, 2), label="capacity")
            roles = [
                {
                    "key": "py",
                    "skill": "coding.python",
                    "min_level": data.draw(st.sampled_from((3, 4)), label="py_level"),
                    "min_quality": data.draw(st.sampled_from((0.7, 0.8)), label="py_quality"),
                    "headcount": data.draw(st.integers(1, 3), label="py_headcount"),
                    "hours_per_week": data.draw(st.sampled_from((10, 20)), label="py_hours"),
                }
            ]
            if data.draw(st.booleans(), label="algebra_role"):
                roles.append(
                    {
                        "key": "math",
                        "skill": "math.algebra",
                        "min_level": 2,
                        "min_quality": 0.7,
                        "headcount": 1,
                        "hours_per_week": 10,
                    }
                )
            answer = http.pm.post(
                f"/api/programs/{program_id}/surges",
                json={
                    "cycle": {
                        "model_version": f"{_model}-{starts.isoformat()}",
                        "starts_on": starts.isoformat(),
                        "ends_on": ends.isoformat(),
                    },
                    "roles": roles,
                    "ramp": [{"date": d.isoformat(), "onboarding_capacity": capacity} for d in ramp],
                },
            )
            if self._answer("request", answer, (201,)):
                self.last_end[slug] = ends

        def plan(self, data: st.DataObject) -> None:
            request_id = data.draw(st.sampled_from(self._open_requests()), label="request")
            together = data.draw(st.booleans(), label="together")
            self._step("plan together" if together else "plan")
            answer = http.pm.post(f"/api/surges/{request_id}/plans", json={"together": together})
            if self._answer("plan", answer, (202,)):
                plan_id = answer.json()["id"]
                self._plan_finished(plan_id)
                if data.draw(st.booleans(), label="approve at once"):
                    self._step("approve")
                    self._answer("approve", http.pm.post(f"/api/plans/{plan_id}/approve"), (200,))

        def approve(self, data: st.DataObject) -> None:
            plan_id = data.draw(st.sampled_from(self._ready_plans()), label="plan")
            self._step("approve")
            self._answer("approve", http.pm.post(f"/api/plans/{plan_id}/approve"), (200,))

        def approve_two_at_once(self, data: st.DataObject) -> None:
            ready = self._ready_plans()
            first = data.draw(st.sampled_from(ready), label="first")
            second = data.draw(st.sampled_from([p for p in ready if p != first]), label="second")
            self._step("race")
            start, answers = threading.Barrier(2), {}

            def approve(client: Any, plan_id: int) -> None:
                start.wait()
                answers[plan_id] = client.post(f"/api/plans/{plan_id}/approve")

            threads = [
                threading.Thread(target=approve, args=(http.pm, first)),
                threading.Thread(target=approve, args=(http.pm2, second)),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            for plan_id in (first, second):
                self._answer("race", answers[plan_id], (200,))

        def replan(self, data: st.DataObject) -> None:
            request_id = data.draw(st.sampled_from(self._approved_requests()), label="request")
            shift = data.draw(st.sampled_from((None, -3, 0, 2)), label="ramp_start_from_today")
            self._step("replan" if shift is None else "replan from a day")
            body = {} if shift is None else {"ramp_start": (self.today + timedelta(days=shift)).isoformat()}
            answer = http.pm.post(f"/api/surges/{request_id}/replan", json=body)
            if self._answer("replan", answer, (202,)):
                self._plan_finished(answer.json()["id"])

        def remove_from_roster(self, data: st.DataObject) -> None:
            request_id = data.draw(st.sampled_from(self._approved_requests()), label="request")
            members = self._ids(
                "select e.specialist_id from engagements e join surge_requests r on r.cycle_id = e.cycle_id "
                "where r.id = :r and e.withdrawn_on is null and e.ends_on is null order by e.specialist_id",
                r=request_id,
            )
            if not members:
                return
            person = data.draw(st.sampled_from(members), label="person")
            self._step("remove")
            answer = http.pm.post(f"/api/surges/{request_id}/roster/{person}/remove", json={"reason": "left"})
            self._answer("remove", answer, (200,))

        # --- outcomes -----------------------------------------------------------------------------

        def _started_engagements(self) -> list[int]:
            return self._ids(
                "select id from engagements where withdrawn_on is null and starts_on <= :t order by id",
                t=self.today,
            )

        def report_outcomes(self, data: st.DataObject) -> None:
            """The lab reports an outcome of someone's work so far (weak ones too: the estimate falls,
            and the next approval must hold the role's minimum quality against it)."""
            engagement = data.draw(st.sampled_from(self._started_engagements()), label="engagement")
            reviewed = data.draw(st.sampled_from((40, 120, 400)), label="items_reviewed")
            accepted = reviewed * data.draw(st.sampled_from((2, 6, 9, 10)), label="tenths_accepted") // 10
            self._step("report outcomes")
            body = {
                "reported_on": self.today.isoformat(),
                "items_reviewed": reviewed,
                "items_accepted": accepted,
            }
            self._answer(
                "report outcomes", http.pm.post(f"/api/engagements/{engagement}/outcomes", json=body), (201,)
            )

        def _labs_cycles(self) -> list[int]:
            """Cycles whose lab may report outcomes through the portal: begun, and active, closed or
            staffed by an approved plan (the portal's rule, restated in SQL)."""
            return self._ids(
                "select c.id from cycles c where c.starts_on <= :t and (c.status in ('active', 'closed') "
                "or exists (select 1 from surge_requests r where r.cycle_id = c.id "
                "and r.status = 'approved')) "
                "and exists (select 1 from engagements e where e.cycle_id = c.id and e.withdrawn_on is null "
                "and e.starts_on <= :t) order by c.id",
                t=self.today,
            )

        def lab_reports_outcomes(self, data: st.DataObject) -> None:
            """The client's own users report an outcome through the portal's API, naming a roster entry
            (never a record id): it rolls into the same estimate the next approval is held to."""
            cycle_id = data.draw(st.sampled_from(self._labs_cycles()), label="cycle")
            portal = http.portal[self._client_of(cycle_id)]
            sheet = portal.get(f"/api/client/cycles/{cycle_id}/outcomes")
            assert sheet.status_code == 200, f"lab reports outcomes: {sheet.status_code} {sheet.text[:300]}"
            begun = [e for e in sheet.json()["items"] if e["starts_on"] <= self.today.isoformat()]
            if not begun:
                return
            entry = data.draw(st.sampled_from(begun), label="entry")
            reviewed = data.draw(st.sampled_from((40, 400)), label="items_reviewed")
            body = {
                "display_name": entry["display_name"],
                "reported_on": self.today.isoformat(),
                "items_reviewed": reviewed,
                "items_accepted": reviewed * data.draw(st.sampled_from((3, 9)), label="tenths") // 10,
            }
            self._step("lab reports outcomes")
            url = f"/api/client/cycles/{cycle_id}/entries/{entry['entry_id']}/outcomes"
            self._answer("lab reports outcomes", portal.post(url, json=body), (200,))

        def _client_of(self, cycle_id: int) -> str:
            """The slug of the client whose program the cycle is (the world's portal clients are by slug)."""
            with harness.engine.connect() as conn:
                return str(
                    conn.scalar(
                        text(
                            "select cl.slug from clients cl join client_models m on m.client_id = cl.id "
                            "join programs p on p.model_id = m.id join cycles c on c.program_id = p.id "
                            "where c.id = :c"
                        ),
                        {"c": cycle_id},
                    )
                )

        # --- the other doors to a roster (each must be the approval's gate, or refuse) -------------

        def _live_rows(self) -> list[int]:
            """Roster rows of cycles not yet over (planned, staffed or running)."""
            return self._ids(
                "select e.id from engagements e join cycles c on c.id = e.cycle_id "
                "where e.withdrawn_on is null and c.ends_on >= :t order by e.id",
                t=self.today,
            )

        def correct_a_roster_row(self, data: st.DataObject) -> None:
            """A recruiter 'corrects' a live roster row to hours or a level no plan checked."""
            row = data.draw(st.sampled_from(self._live_rows()), label="row")
            change = data.draw(
                st.sampled_from(({"weekly_hours": 40}, {"weekly_hours": 168, "level": 5}, {"level": 1})),
                label="change",
            )
            self._step("correct a roster row")
            self._answer(
                "correct a roster row", http.admin.patch(f"/api/engagements/{row}", json=change), (200,)
            )

        def move_a_live_cycle(self, data: st.DataObject) -> None:
            """Someone moves a staffed cycle's dates by hand (only its request may)."""
            row = data.draw(st.sampled_from(self._live_rows()), label="row")
            with harness.engine.connect() as conn:
                cycle_id, starts_on, ends_on = conn.execute(
                    text(
                        "select c.id, c.starts_on, c.ends_on from cycles c "
                        "join engagements e on e.cycle_id = c.id where e.id = :e"
                    ),
                    {"e": row},
                ).one()
            shift = timedelta(days=data.draw(st.sampled_from((-14, -7, 7, 21)), label="shift_days"))
            body = {
                "starts_on": (day(starts_on) + shift).isoformat(),
                "ends_on": (day(ends_on) + shift).isoformat(),
            }
            self._step("move a live cycle")
            self._answer("move a live cycle", http.pm.patch(f"/api/cycles/{cycle_id}", json=body), (200,))

        def import_into_a_live_cycle(self, data: st.DataObject) -> None:
            """A history CSV names someone on a live cycle: adds them, or changes a roster member."""
            row = data.draw(st.sampled_from(self._live_rows()), label="row")
            with harness.engine.connect() as conn:
                cycle = conn.execute(
                    text(
                        "select cl.slug, m.name, c.number, c.model_version, c.starts_on, c.ends_on, "
                        "e.skill_id, e.level, e.weekly_hours, e.starts_on as worked_from, e.specialist_id "
                        "from engagements e join cycles c on c.id = e.cycle_id "
                        "join programs p on p.id = c.program_id join client_models m on m.id = p.model_id "
                        "join clients cl on cl.id = m.client_id where e.id = :e"
                    ),
                    {"e": row},
                ).one()
                person = data.draw(st.sampled_from([cycle.specialist_id, *self._people()]), label="person")
                email = conn.execute(
                    text("select email from specialists where id = :p"), {"p": person}
                ).scalar_one()
            hours = data.draw(st.sampled_from((cycle.weekly_hours, 40)), label="weekly_hours")
            cells = [
                email, cycle.slug, cycle.name, str(cycle.number), cycle.model_version,
                day(cycle.starts_on).isoformat(), day(cycle.ends_on).isoformat(), cycle.skill_id,
                str(cycle.level), str(hours), day(cycle.worked_from).isoformat(), "", "",
            ]  # fmt: skip
            content = ",".join(HISTORY_COLUMNS) + "\n" + ",".join(cells) + "\n"
            self._step("import into a live cycle")
            answer = http.admin.post(
                "/api/engagements/import?wait=true", content=content, headers={"content-type": "text/csv"}
            )
            if self._answer("import into a live cycle", answer, (200, 202)) and answer.status_code == 202:
                self._run_jobs()

        # --- offers ---------------------------------------------------------------------------------

        def _open_offers(self) -> list[tuple[int, int]]:
            """Offers not answered yet: those still in their window first, three times over (the others
            are past their deadline and refused until the expiry job runs)."""
            with harness.engine.connect() as conn:
                rows = conn.execute(
                    text("select request_id, id, deadline from offers where state = 'offered' order by id")
                ).all()
            now = _moment(harness.clock.now())
            live = [(r, o) for r, o, d in rows if _moment(d) > now]
            return live * 3 + [(r, o) for r, o, d in rows if _moment(d) <= now]

        def _startable_offers(self) -> dict[int, list[int]]:
            found: dict[int, list[int]] = {}
            with harness.engine.connect() as conn:
                for r, o in conn.execute(
                    text(
                        "select request_id, id from offers where state = 'accepted' and starts_on <= :t "
                        "order by id"
                    ),
                    {"t": self.today},
                ):
                    found.setdefault(r, []).append(o)
            return found

        def _freed_seats(self) -> list[int]:
            return self._ids(
                "select distinct o.request_id from offers o join surge_requests r on r.id = o.request_id "
                "where r.status = 'approved' and o.state in ('declined', 'expired') order by o.request_id"
            )

        def set_offer_terms(self, data: st.DataObject) -> None:
            """A manager sets an open request's offer terms before its approval: the answer window, and
            whether a backfill re-plan is approved by the system."""
            request_id = data.draw(st.sampled_from(self._open_requests()), label="request")
            body = {
                "answer_hours": data.draw(st.sampled_from((2, 24, 72)), label="answer_hours"),
                "backfill": data.draw(st.sampled_from(("approval", "auto")), label="backfill"),
            }
            self._step("set offer terms")
            answer = http.pm.put(f"/api/surges/{request_id}/offer-terms", json=body)
            self._answer("set offer terms", answer, (200,))

        def answer_an_offer(self, data: st.DataObject) -> None:
            """A vendor relays a person's answer to an open offer: accept, or decline with a reason (some
            past their deadline: refused as expired until the expiry job runs)."""
            request_id, offer_id = data.draw(st.sampled_from(self._open_offers()), label="offer")
            choice = data.draw(st.sampled_from(("accept", "accept", "decline")), label="answer")
            body: dict[str, Any] = {"answer": choice}
            if choice == "decline":
                body["reason"] = data.draw(st.sampled_from(("busy", "rate", "not_interested", "other")))
            self._step(f"{choice} an offer")
            answer = http.pm.post(f"/api/surges/{request_id}/offers/{offer_id}/answer", json=body)
            self._answer(f"{choice} an offer", answer, (200,))

        def mark_started(self, data: st.DataObject) -> None:
            """A manager marks in bulk who started: accepted offers whose first day has come."""
            startable = self._startable_offers()
            request_id = data.draw(st.sampled_from(sorted(startable)), label="request")
            offer_ids = data.draw(
                st.lists(st.sampled_from(startable[request_id]), min_size=1, unique=True), label="offers"
            )
            self._step("mark started")
            answer = http.pm.post(f"/api/surges/{request_id}/offers/started", json={"offer_ids": offer_ids})
            self._answer("mark started", answer, (200,))

        def backfill_now(self, data: st.DataObject) -> None:
            """Someone runs the ramp backfill now (its re-plans solve; automatic ones are approved)."""
            self._step("backfill now")
            self._backfill()

        def _backfill(self) -> None:
            before = max(self._ids("select coalesce(max(id), 0) from plans"))
            self._answer("ramp_backfill", http.admin.post("/api/schedule/ramp_backfill/run"), (200,))
            self._run_jobs()
            for plan_id in self._ids("select id from plans where id > :b order by id", b=before):
                check_finished_plan(harness.engine, http.pm, plan_id, tally.plans)

        # --- the bench ----------------------------------------------------------------------------

        def change_a_person(self, data: st.DataObject) -> None:
            person = data.draw(st.sampled_from(self._people()), label="person")
            what = data.draw(
                st.sampled_from(("reinstate", "suspend", "vetting runs out", "reinstate", "offboard")),
                label="what",
            )
            self._step(what)
            if what == "offboard":
                answer = http.admin.post(f"/api/specialists/{person}/offboard")
            elif what == "vetting runs out":
                expires = self.today + timedelta(days=data.draw(st.integers(-1, 10), label="expires_in"))
                answer = http.admin.patch(
                    f"/api/specialists/{person}", json={"vetting_expires": expires.isoformat()}
                )
            else:
                status = "suspended" if what == "suspend" else "vetted"
                answer = http.admin.patch(f"/api/specialists/{person}", json={"status": status})
            self._answer(what, answer, (200, 201))

        # --- time -----------------------------------------------------------------------------------

        def time_passes(self, data: st.DataObject) -> None:
            """Day by day: at midnight the offers past their deadline expire and the ramp backfill runs,
            at 00:30 the cycle calendar, at 01:00 the vetting lapses (or, some days, no upkeep at all), then
            noon."""
            days = data.draw(st.integers(1, 3), label="days")
            upkeep = not data.draw(st.booleans(), label="skip the upkeep")
            self._step("days pass" if upkeep else "days pass without upkeep")
            for _ in range(days):
                midnight = harness.clock.now().replace(hour=0, minute=0) + timedelta(days=1)
                if upkeep:
                    harness.clock.advance(midnight - harness.clock.now())
                    self._answer("offer_expiry", http.admin.post("/api/schedule/offer_expiry/run"), (200,))
                    self._backfill()
                    for at, job in ((30, "cycle_calendar"), (60, "vetting_lapses")):
                        harness.clock.advance(midnight + timedelta(minutes=at) - harness.clock.now())
                        self._answer(job, http.admin.post(f"/api/schedule/{job}/run"), (200,))
                harness.clock.advance(midnight + timedelta(hours=12) - harness.clock.now())

    Lifecycle.tally = tally  # type: ignore[attr-defined]
    return Lifecycle


def run(
    harness: Harness,
    *,
    examples: int,
    steps: int,
    at_seed: int,
    tally: Tally | None = None,
    shrink: bool = True,
) -> Tally:
    """Run the machine: ``examples`` sequences of up to ``steps`` steps, from a fixed seed (without
    ``shrink``, a failure is reported as found, not reduced to its shortest sequence)."""
    tally = tally or Tally()
    machine = seed(at_seed)(machine_for(harness, tally))
    phases = tuple(Phase) if shrink else (Phase.generate,)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            deadline=None,
            database=None,
            phases=phases,
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        ),
    )
    return tally


__all__ = ["Tally", "day", "machine_for", "run"]
