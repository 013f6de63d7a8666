"""What a finished plan must be, judged from its downloads: the problem the service wrote must say what
the tables say (every engagement in each person's history, hours committed on the days the requests
cover), the plan must pass ``surgebench check`` on that problem, and on small problems no plan may do
better than it — the brute force of ``tests/unit/staffing/bruteforce.py`` (so a next-cycle plan keeps
every returning person the contract lets it keep)."""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from litestar.testing import TestClient
from sqlalchemy import Engine, text

from surgebench.staffing.commands import check as check_command
from tests.integration.lifecycle.invariants import busiest, day
from tests.unit.staffing import bruteforce

BRUTE_FORCE_WORK = 400_000
"""The brute force runs on problems whose search (states × candidates × choices) is at most this."""


@dataclass
class PlanStats:
    checked: int = 0
    brute_forced: int = 0


HISTORY = """
select e.specialist_id, cl.slug, m.name, c.number, coalesce(e.ends_on, c.ends_on) as last_day, e.cycle_id,
       e.starts_on, e.weekly_hours
from engagements e
join cycles c on c.id = e.cycle_id
join programs p on p.id = c.program_id
join client_models m on m.id = p.model_id
join clients cl on cl.id = m.client_id
where e.withdrawn_on is null
"""


def check_finished_plan(engine: Engine, pm: TestClient, plan_id: int, stats: PlanStats) -> None:
    plan = pm.get(f"/api/plans/{plan_id}").json()
    if plan["status"] != "ready":
        return
    problem = pm.get(f"/api/plans/{plan_id}/problem.json").json()
    solved = pm.get(f"/api/plans/{plan_id}/plan.json").json()
    _the_problem_is_the_tables(engine, problem)
    _surgebench_check_passes(problem, solved, plan_id)
    stats.checked += 1
    if _small(problem):
        best = bruteforce.best_objective(problem)
        got = tuple(solved["objective"][k] for k in bruteforce.OBJECTIVE_LEVELS)
        assert best is not None, f"plan {plan_id} is ready but the brute force finds its pins cannot be kept"
        if solved["status"] == "optimal":
            assert got == best, f"plan {plan_id} is called optimal with {got}; the best plan has {best}"
        else:
            assert got[:2] == best[:2], f"plan {plan_id}: fill and continuity {got[:2]}, best {best[:2]}"
        stats.brute_forced += 1


def _surgebench_check_passes(problem: dict[str, Any], solved: dict[str, Any], plan_id: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        problem_file, plan_file = Path(folder, "problem.json"), Path(folder, "plan.json")
        problem_file.write_text(json.dumps(problem))
        plan_file.write_text(json.dumps(solved))
        result = CliRunner().invoke(check_command, [str(problem_file), str(plan_file)])
    assert result.exit_code == 0, f"surgebench check refuses plan {plan_id}:\n{result.output}"


def _the_problem_is_the_tables(engine: Engine, problem: dict[str, Any]) -> None:
    """Each person's history is every engagement of theirs outside the cycles planned (ending when it says,
    or with its cycle), and their committed hours are the outside figure plus the busiest day of their
    other engagements between the first ramp day and the last day asked."""
    request_ids = [int(r["id"][1:]) for r in problem["requests"]]
    first = min(day(r["ramp"][0]["date"]) for r in problem["requests"] if r["ramp"])
    last = max(day(r["ends_on"]) for r in problem["requests"])
    with engine.connect() as conn:
        planned = {
            cid
            for (cid,) in conn.execute(
                text(
                    "select cycle_id from surge_requests where id in ("
                    + ",".join(map(str, request_ids))
                    + ")"
                )
            )
        }
        outside = dict(conn.execute(text("select id, committed_hours from specialists")).all())
        rows = conn.execute(text(HISTORY)).all()
    history: dict[str, Counter] = defaultdict(Counter)  # type: ignore[type-arg]
    bookings: dict[str, list[tuple[Any, Any, int]]] = defaultdict(list)
    for sid, slug, model, number, last_day, cycle_id, starts, hours in rows:
        if cycle_id in planned:
            continue
        history[str(sid)][(slug, model, number, day(last_day).isoformat())] += 1
        bookings[str(sid)].append((day(starts), day(last_day), hours))
    for spec in problem["specialists"]:
        sid = spec["id"]
        written = Counter((h["client"], h["model"], h["cycle"], h["ended_on"]) for h in spec["history"])
        assert written == history[sid], (
            f"specialist {sid}'s history in the problem is {sorted(written)}, the tables say "
            f"{sorted(history[sid])}"
        )
        committed = outside[int(sid)] + busiest(bookings[sid], first, last)
        assert spec["committed_hours"] == committed, (
            f"specialist {sid}: committed_hours {spec['committed_hours']} in the problem, the tables say "
            f"{committed} between {first} and {last}"
        )


def _small(problem: dict[str, Any]) -> bool:
    """Whether the exact search is cheap: few people eligible, few limit states."""
    candidates = 0
    choices = 1
    for spec in problem["specialists"]:
        options = 1
        for request in problem["requests"]:
            options *= len(bruteforce._seat_choices(spec, request))  # noqa: SLF001 - the reference's own
        if options > 1:
            candidates += 1
            choices = max(choices, options)
    states = 1
    for request in problem["requests"]:
        for role in request["roles"]:
            states *= role["headcount"] + 1
        for step in request["ramp"]:
            states *= min(step["onboarding_capacity"], candidates) + 1
    return states * candidates * choices <= BRUTE_FORCE_WORK
