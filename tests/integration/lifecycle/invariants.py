"""What must hold after every step of the lifecycle, read with plain SQL over the tables — none of the
service's code (no repository, no ``effective_end``), so a bug there cannot hide itself here.

- **Hours**: on no day do a person's engagements (those not withdrawn, from their start to their end —
  their cycle's last day while they run) plus the hours they work outside surgebench exceed the hours
  they offer.
- **Rivals**: two engagements of one person for two clients where either lists the other (in its terms,
  or an open or approved request of it does) never overlap, and the later starts at least the pair's
  cooldown after the earlier ends. The pair's cooldown is the longer of the two clients' cooldowns, and
  at least one day: with a term and no cooldown a person may start for the rival the day after they
  leave, never on the same day (the rule the service takes, ``surges.service.RivalTerm``).
- **Rosters**: every engagement lies inside its cycle; for each approved request, everyone its latest
  approved plan holds (and nobody removed since) is on the cycle's team from the plan's start date, and
  nobody runs on the team whom that plan does not hold.
- **Counts**: the team count of the staff API and the client API's team, returning and roster counts
  are the rows.
- **Plans**: no plan whose pins cannot be kept is ready.
- **Offers**: see ``offer_invariants.py``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text

from surgebench.domain.outcomes.estimate_service import estimate_of
from tests.integration.lifecycle.offer_invariants import check_offers
from tests.integration.lifecycle.world import PROGRAMS, Clients


def day(value: Any) -> date:
    """A date as either engine returns it (a date, a timestamp, or SQLite's text)."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


ENGAGEMENTS = """
select e.id, e.specialist_id, e.cycle_id, e.starts_on, coalesce(e.ends_on, c.ends_on) as last_day,
       e.ends_on, e.weekly_hours, c.starts_on as cycle_starts, c.ends_on as cycle_ends, c.number,
       c.program_id, m.client_id
from engagements e
join cycles c on c.id = e.cycle_id
join programs p on p.id = c.program_id
join client_models m on m.id = p.model_id
where e.withdrawn_on is null
"""

RIVAL_PAIRS = """
select client_id, competitor_id from client_competitors
union
select m.client_id, sc.client_id
from surge_competitors sc
join surge_requests r on r.id = sc.request_id
join cycles c on c.id = r.cycle_id
join programs p on p.id = c.program_id
join client_models m on m.id = p.model_id
where r.status in ('open', 'approved')
"""

PAGE_ROW = re.compile(
    r'<tr data-cycle="\d+">.*?href="/cycles/(\d+)".*?data-team="(\d+)".*?data-returning="(\d+)"', re.S
)
"""A cycle's row on the program page: its id, the team and the returning people it shows."""

LATEST_APPROVED = """
select r.id as request_id, r.cycle_id, max(p.id) as plan_id
from surge_requests r
join plan_requests pr on pr.request_id = r.id
join plans p on p.id = pr.plan_id
where r.status = 'approved' and p.status = 'approved'
group by r.id, r.cycle_id
"""


def check_all(engine: Engine, http: Clients) -> dict[str, int]:
    """Every invariant; raises AssertionError naming the first broken one. Returns what was checked."""
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text(ENGAGEMENTS))]
        for r in rows:
            for key in ("starts_on", "last_day", "cycle_starts", "cycle_ends"):
                r[key] = day(r[key])
        people = {
            r.id: r for r in conn.execute(text("select id, weekly_hours, committed_hours from specialists"))
        }
        pairs = {(a, b) for a, b in conn.execute(text(RIVAL_PAIRS))}
        cooldown = dict(conn.execute(text("select id, cooldown_days from clients")).all())
        latest = conn.execute(text(LATEST_APPROVED)).all()
        assigned = {
            (plan, request): {sid: day(starts) for sid, starts in _assignments(conn, plan, request)}
            for request, _cycle, plan in latest
        }
        excluded = defaultdict(set)
        for request, sid in conn.execute(text("select request_id, specialist_id from surge_exclusions")):
            excluded[request].add(sid)
        broken_plans = conn.execute(
            text("select id from plans where status = 'ready' and solve_status = 'infeasible'")
        ).all()
    assert not broken_plans, f"plans whose pins cannot be kept shown ready: {broken_plans}"
    _hours(rows, people)
    _rivals(rows, pairs, cooldown)
    _inside_cycles(rows)
    _rosters_are_the_plans(rows, latest, assigned, excluded)
    _counts(engine, rows, http)
    _quality_at_approval(engine, latest)
    offers = check_offers(engine, http)
    return {"engagements": len(rows), "offers": offers}


APPROVAL = """
select a.id, p.approved_at from audit_entries a join plans p on a.entity_id = cast(p.id as varchar(20))
where a.entity_type = 'plan' and a.action = 'approve' and p.id = :plan order by a.id desc
"""

SEATED = """
select pa.specialist_id, sr.skill_id, sr.min_quality_milli, s.quality_milli
from plan_assignments pa
join surge_roles sr on sr.id = pa.role_id
join specialists s on s.id = pa.specialist_id
where pa.plan_id = :plan and pa.request_id = :request
"""

KNOWN_OUTCOMES = """
select e.specialist_id, e.skill_id, o.reported_on, o.items_reviewed,
       case when o.score_milli is null then o.items_accepted * 1000 else o.score_milli * o.items_reviewed end
from outcomes o
join engagements e on e.id = o.engagement_id
join audit_entries a on a.entity_type = 'outcome' and a.action = 'create'
  and a.entity_id = cast(o.id as varchar(20))
where e.withdrawn_on is null and a.id < :before
"""


def _quality_at_approval(engine: Engine, latest: list[Any]) -> None:
    """A role's people meet its minimum quality by the estimate on the day of approval: each roster
    member's estimate in the role's skill, from the outcomes known when the plan was approved (entered
    before its approval, reported on or before that day), is at least the role's ``min_quality``."""
    with engine.connect() as conn:
        for request, _cycle, plan in latest:
            approval = conn.execute(text(APPROVAL), {"plan": plan}).first()
            if approval is None:
                continue
            audit_id, approved_at = approval
            on = approved_at.date() if isinstance(approved_at, datetime) else day(approved_at)
            known: dict[tuple[int, str], list[tuple[date, int, int]]] = defaultdict(list)
            for sid, skill, reported, items, points in conn.execute(
                text(KNOWN_OUTCOMES), {"before": audit_id}
            ):
                known[(sid, skill)].append((day(reported), int(items), int(points)))
            for sid, skill, min_quality, vetting in conn.execute(
                text(SEATED), {"plan": plan, "request": request}
            ):
                found = estimate_of(vetting, skill, known.get((sid, skill), []), on)
                assert found.quality_milli >= min_quality, (
                    f"plan {plan}: person {sid} seated on a role asking {min_quality / 1000:.3f} in {skill} "
                    f"with an estimate of {found.quality_milli / 1000:.3f} on the day of approval ({on})"
                )


def _assignments(conn, plan: int, request: int):  # type: ignore[no-untyped-def]
    return conn.execute(
        text("select specialist_id, starts_on from plan_assignments where plan_id = :p and request_id = :r"),
        {"p": plan, "r": request},
    ).all()


def _hours(rows: list[dict[str, Any]], people: dict[int, Any]) -> None:
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_person[r["specialist_id"]].append(r)
    for sid, mine in by_person.items():
        person = people[sid]
        for first in {r["starts_on"] for r in mine}:  # the busiest day is a day someone starts
            booked = sum(r["weekly_hours"] for r in mine if r["starts_on"] <= first <= r["last_day"])
            assert booked + person.committed_hours <= person.weekly_hours, (
                f"specialist {sid} is over their hours on {first}: {booked} h booked + "
                f"{person.committed_hours} h outside > {person.weekly_hours} h offered; engagements "
                f"{[(r['id'], r['cycle_id'], str(r['starts_on']), str(r['last_day'])) for r in mine]}"
            )


def pair_cooldown(a_days: int, b_days: int) -> int:
    """The longer side's cooldown, and at least one day (never on both rosters on one day)."""
    return max(a_days, b_days, 1)


def _rivals(rows: list[dict[str, Any]], pairs: set[tuple[int, int]], cooldown: dict[int, int]) -> None:
    by_person: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_person[r["specialist_id"]].append(r)
    for sid, mine in by_person.items():
        mine.sort(key=lambda r: (r["starts_on"], r["id"]))
        for i, earlier in enumerate(mine):
            for later in mine[i + 1 :]:
                a, b = earlier["client_id"], later["client_id"]
                if (a, b) not in pairs and (b, a) not in pairs:
                    continue
                gap = (later["starts_on"] - earlier["last_day"]).days
                need = pair_cooldown(cooldown[a], cooldown[b])
                assert gap >= need, (
                    f"specialist {sid} is on rival rosters too close: engagement {earlier['id']} (client "
                    f"{a}, cycle {earlier['cycle_id']}) ends {earlier['last_day']}, engagement {later['id']} "
                    f"(client {b}, cycle {later['cycle_id']}) starts {later['starts_on']}: {gap} day(s) "
                    f"apart, the pair's cooldown is {need}"
                )


def _inside_cycles(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        assert r["cycle_starts"] <= r["starts_on"] <= r["last_day"] <= r["cycle_ends"], (
            f"engagement {r['id']} ({r['starts_on']}–{r['last_day']}) is not inside its cycle "
            f"{r['cycle_id']} ({r['cycle_starts']}–{r['cycle_ends']})"
        )


def _rosters_are_the_plans(
    rows: list[dict[str, Any]],
    latest: list[Any],
    assigned: dict[tuple[int, int], dict[int, date]],
    excluded: dict[int, set[int]],
) -> None:
    for request, cycle, plan in latest:
        planned = assigned[(plan, request)]
        team = {r["specialist_id"]: r for r in rows if r["cycle_id"] == cycle}
        running = {sid for sid, r in team.items() if r["ends_on"] is None}
        assert running <= set(planned), (
            f"request {request}: {sorted(running - set(planned))} run on the team of cycle {cycle} but "
            f"its approved plan {plan} does not hold them"
        )
        for sid, starts in planned.items():
            if sid in excluded[request]:
                continue  # removed since the approval
            assert sid in team, f"request {request}: plan {plan} holds {sid}, who is not on the team"
            assert team[sid]["starts_on"] == starts, (
                f"request {request}: {sid} starts {team[sid]['starts_on']} on the roster, "
                f"{starts} in the approved plan {plan}"
            )


def _counts(engine: Engine, rows: list[dict[str, Any]], http: Clients) -> None:
    team: dict[int, set[int]] = defaultdict(set)
    number_of: dict[int, tuple[int, int]] = {}
    for r in rows:
        team[r["cycle_id"]].add(r["specialist_id"])
    with engine.connect() as conn:
        for cid, program, number in conn.execute(text("select id, program_id, number from cycles")):
            number_of[cid] = (program, number)
    cycle_by_number = {v: k for k, v in number_of.items()}
    for cid in number_of:
        answer = http.pm.get(f"/api/cycles/{cid}/team", params={"per_page": 5})
        assert answer.status_code == 200, answer.text
        assert answer.json()["total"] == len(team[cid]), (cid, answer.json()["total"], sorted(team[cid]))
    for program in sorted({p for p, _n in number_of.values()}):
        page = http.pages.get(f"/programs/{program}")
        assert page.status_code == 200, page.text[:300]
        rows_shown = PAGE_ROW.findall(page.text)
        assert len(rows_shown) == sum(1 for p, _n in number_of.values() if p == program), page.text[:300]
        for cid, shown_team, shown_back in rows_shown:
            cid = int(cid)
            before = cycle_by_number.get((number_of[cid][0], number_of[cid][1] - 1))
            back = team[cid] & team[before] if before is not None else set()
            assert (int(shown_team), int(shown_back)) == (len(team[cid]), len(back)), (
                f"the program page shows cycle {cid} with team {shown_team}, returning {shown_back}; "
                f"the rows say {len(team[cid])}, {len(back)}"
            )
    for slug, _model in PROGRAMS:
        portal = http.portal[slug]
        listed = portal.get("/api/client/programs")
        assert listed.status_code == 200, listed.text
        for program in listed.json():
            shown = portal.get(f"/api/client/programs/{program['id']}").json()
            for cycle in shown["cycles"]:
                if cycle["team"] is None:
                    continue
                cid = cycle["id"]
                before = cycle_by_number.get((number_of[cid][0], number_of[cid][1] - 1))
                back = team[cid] & team[before] if before is not None else set()
                assert (cycle["team"], cycle["returning"]) == (len(team[cid]), len(back)), (
                    f"{slug} sees cycle {cid} with team {cycle['team']}, returning {cycle['returning']}; "
                    f"the rows say {len(team[cid])}, {len(back)}"
                )
                roster = portal.get(f"/api/client/cycles/{cid}/roster", params={"per_page": 5})
                assert roster.status_code == 200, roster.text
                assert roster.json()["total"] == len(team[cid]), (slug, cid, roster.json()["total"])


def busiest(bookings: list[tuple[date, date, int]], first: date, last: date) -> int:
    """The most weekly hours ``bookings`` (start, last day, hours) take on any one day of first…last."""
    days = {max(s, first) for s, e, _h in bookings if s <= last and e >= first}
    return max(
        (sum(h for s, e, h in bookings if s <= d <= e) for d in days if first <= d <= last),
        default=0,
    )
