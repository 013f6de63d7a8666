"""From the continuity record to the solver's problem: the problem built from the database equals, field
by field, the one written by hand for the same records, and solving it keeps last cycle's people."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import text

from surgebench.db.session import unit_of_work
from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import repository as programs
from surgebench.domain.surges.ask_schemas import PinAsk, RampDayAsk, RoleAsk, SurgeAsk
from surgebench.domain.surges.problem_service import (
    build,
    build_problem,
    problem_document,
    problem_json,
    read_problem_json,
)
from surgebench.staffing.fields import ProblemError
from surgebench.staffing.problem import parse_problem
from surgebench.staffing.solve import solve
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist

RAMP = tuple(RampDayAsk(date(2026, 12, d), 2) for d in (7, 8, 9, 10, 11))
ASK = SurgeAsk(
    id="R1",
    client="aurora-labs",
    model="orion",
    cycle=3,
    priority=2,
    ends_on=date(2027, 2, 26),
    ramp=RAMP,
    competitors=("meridian-ai",),
    cooldown_days=90,
    roles=(RoleAsk("py", "coding.python", 3, 700, 2, 20, ("en",), (5.0, 9.0), 50),),
)


@pytest.fixture
def people(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Ana worked Orion cycles 1 and 2; Ben only cycle 1; Hal is on Meridian's Atlas right now; Cai is
    still being vetted; Dia left (offboarded)."""
    ids = {
        "ana": add_specialist(
            engine,
            email="ana@example.test",
            full_name="Ana Rao",
            skills="coding.python:4",
            languages="en;hi",
            vetting_expires="2027-06-30",
            quality="0.910",
            hourly_rate="42.50",
            weekly_hours=30,
        ),
        "ben": add_specialist(
            engine,
            email="ben@example.test",
            full_name="Ben Ng",
            skills="coding.python:3",
            languages="en",
            available_from="2026-12-09",
            committed_hours=5,
            weekly_hours=30,
            country="PH",
            timezone="Asia/Manila",
        ),
        "cai": add_specialist(
            engine,
            email="cai@example.test",
            full_name="Cai Wu",
            status="vetting",
            skills="math.algebra:2",
            timezone="Asia/Shanghai",
            country="CN",
        ),
        "dia": add_specialist(engine, email="dia@example.test", full_name="Dia Li", status="offboarded"),
        "hal": add_specialist(
            engine,
            email="hal@example.test",
            full_name="Hal Ode",
            skills="coding.python:5",
            languages="en",
            committed_hours=4,
        ),
    }
    record_history(
        engine,
        [
            Worked("ana@example.test", "aurora-labs", "orion", 1),
            Worked("ana@example.test", "aurora-labs", "orion", 2),
            Worked("ben@example.test", "aurora-labs", "orion", 1, weekly_hours=10),
            Worked(
                "hal@example.test",
                "meridian-ai",
                "atlas",
                1,
                running=True,
                first=date(2026, 11, 16),
                weekly_hours=15,
            ),
        ],
    )
    return ids


def _person(sid: int, **fields) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": str(sid),
        "status": "vetted",
        "vetting_expires": "9999-12-31",
        "skills": {"coding.python": 3},
        "languages": ["en"],
        "country": "IN",
        "timezone": "Asia/Kolkata",
        "available_from": "0001-01-01",
        "weekly_hours": 20,
        "committed_hours": 0,
        "quality": 0.8,
        "hourly_rate": 40.0,
        "history": [],
        **fields,
    }


def _handwritten(ids: dict[str, int]) -> dict:
    orion = [
        {"client": "aurora-labs", "model": "orion", "cycle": n, "ended_on": ended}
        for n, ended in ((1, "2026-02-27"), (2, "2026-05-01"))
    ]
    return {
        "format": "surge-problem/1",
        "specialists": [
            _person(
                ids["ana"],
                vetting_expires="2027-06-30",
                skills={"coding.python": 4},
                languages=["en", "hi"],
                weekly_hours=30,
                quality=0.91,
                hourly_rate=42.5,
                history=orion,
            ),
            _person(
                ids["ben"],
                available_from="2026-12-09",
                committed_hours=5,
                weekly_hours=30,
                country="PH",
                timezone="Asia/Manila",
                history=orion[:1],
            ),
            _person(
                ids["cai"],
                status="vetting",
                skills={"math.algebra": 2},
                country="CN",
                timezone="Asia/Shanghai",
            ),
            # Hal: 4 hours outside surgebench + 15 on Atlas, which runs into the new cycle's dates; a running
            # engagement is written with the day it will end, its cycle's last (2027-01-08)
            _person(
                ids["hal"],
                skills={"coding.python": 5},
                committed_hours=19,
                history=[{"client": "meridian-ai", "model": "atlas", "cycle": 1, "ended_on": "2027-01-08"}],
            ),
        ],
        "requests": [
            {
                "id": "R1",
                "client": "aurora-labs",
                "model": "orion",
                "cycle": 3,
                "priority": 2,
                "ends_on": "2027-02-26",
                "ramp": [{"date": f"2026-12-{d:02d}", "onboarding_capacity": 2} for d in (7, 8, 9, 10, 11)],
                "competitors": ["meridian-ai"],
                "cooldown_days": 90,
                "roles": [
                    {
                        "id": "py",
                        "skill": "coding.python",
                        "min_level": 3,
                        "min_quality": 0.7,
                        "headcount": 2,
                        "hours_per_week": 20,
                        "languages": ["en"],
                        "utc_offset": [5.0, 9.0],
                        "max_country_share": 0.5,
                    }
                ],
                "pinned": [],
                "excluded": [],
            }
        ],
    }


def test_problem_built_from_the_database_equals_the_handwritten_one(engine, people) -> None:
    with unit_of_work(engine) as db:
        built = build_problem(db, [ASK])
    expected = _handwritten(people)
    assert built["requests"] == expected["requests"]
    by_id = {s["id"]: s for s in built["specialists"]}
    assert sorted(by_id) == sorted(s["id"] for s in expected["specialists"]), "offboarded Dia is left out"
    for person in expected["specialists"]:
        assert by_id[person["id"]] == person, person["id"]
    assert built == expected


def test_solving_the_built_problem_keeps_last_cycles_people_and_respects_competitors(engine, people) -> None:
    with unit_of_work(engine) as db:
        plan = solve(parse_problem(build_problem(db, [ASK])), time_limit=20)
    seats = {a.specialist: a for a in plan.assignments}
    assert plan.status == "optimal"
    assert seats[str(people["ana"])].returning is True  # worked cycle 2, the one before cycle 3
    assert seats[str(people["ben"])].returning is False  # worked cycle 1 only
    assert str(people["hal"]) not in seats  # still working for Meridian AI, Aurora's competitor
    assert plan.objective["continuity"] == 1


def test_pinned_and_excluded_people_are_in_the_problem_even_when_offboarded(engine, people) -> None:
    ask = SurgeAsk(**{**ASK.__dict__, "pinned": (PinAsk(people["ana"], "py"),), "excluded": (people["dia"],)})
    with unit_of_work(engine) as db:
        built = build_problem(db, [ask])
    assert str(people["dia"]) in {s["id"] for s in built["specialists"]}
    assert built["requests"][0]["pinned"] == [{"specialist": str(people["ana"]), "role": "py"}]
    parse_problem(built)  # a valid contract problem


def test_a_roster_being_replanned_is_neither_history_nor_committed_hours(engine, people) -> None:
    record_history(engine, [Worked("ana@example.test", "aurora-labs", "orion", 3)])
    with unit_of_work(engine) as db:
        program = programs.program_of_model(db, clients.ids_by_slug(db)["aurora-labs"], "orion")
        assert program is not None
        cycle_3 = programs.cycle_by_number(db, program.id, 3)
        assert cycle_3 is not None
        kept = build_problem(db, [ASK])
        ignored = build_problem(db, [SurgeAsk(**{**ASK.__dict__, "own_cycle_id": cycle_3.id})])
    ana = str(people["ana"])
    assert len(next(s for s in kept["specialists"] if s["id"] == ana)["history"]) == 3
    assert len(next(s for s in ignored["specialists"] if s["id"] == ana)["history"]) == 2


def test_the_problem_kept_with_a_plan_reads_back_as_the_problem_solved(engine, people) -> None:
    """The JSON written once for downloads gives the same problem through the contract's parser (what
    ``surgebench solve`` reads) and through the trusted reader that answers "why?"."""
    with unit_of_work(engine) as db:
        problem = build(db, [ASK])
    written = problem_json(problem)
    assert parse_problem(json.loads(written)) == problem
    assert read_problem_json(written) == problem
    assert problem_document(problem) == json.loads(written) | {
        "specialists": [
            {k: v for k, v in s.items() if k != "skill_quality"} for s in json.loads(written)["specialists"]
        ]
    }


def test_a_bench_row_that_breaks_the_contract_is_named_while_the_problem_is_built(engine, people) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE specialists SET timezone = 'Mars/Olympus' WHERE id = :id"), {"id": people["ben"]}
        )
    with unit_of_work(engine) as db, pytest.raises(ProblemError) as refused:
        build(db, [ASK])
    assert refused.value.path.endswith(".timezone")
    assert "Mars/Olympus" in refused.value.message
