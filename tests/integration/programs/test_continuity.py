"""Continuity as program managers read it: per cycle, who came back from the cycle just before, and the
retention rate — on hand-made histories with people who skip a cycle, move model or come back later."""

from __future__ import annotations

import pytest

from surgebench.db.session import unit_of_work
from surgebench.domain.programs import service
from surgebench.domain.programs.schemas import TeamQuery
from tests.integration.programs.history_builders import Worked, record_history


def _orion(email: str, *cycles: int) -> list[Worked]:
    return [Worked(f"{email}@example.test", "aurora-labs", "orion", n) for n in cycles]


def _lyra(email: str, *cycles: int) -> list[Worked]:
    return [Worked(f"{email}@example.test", "aurora-labs", "lyra", n) for n in cycles]


@pytest.fixture
def history(engine):  # type: ignore[no-untyped-def]
    """Orion cycles 1–4 and Lyra cycles 1–2. Ana works every Orion cycle; Ben leaves after cycle 2; Cai
    skips cycle 2 and comes back in 3; Fay moves from Lyra (cycle 1) to Orion (cycles 2–3)."""
    record_history(
        engine,
        [
            *_orion("ana", 1, 2, 3, 4),
            *_orion("ben", 1, 2),
            *_orion("cai", 1, 3),
            *_orion("dia", 1),
            *_orion("eli", 2),
            *_orion("fay", 2, 3),
            *_orion("gus", 3),
            *_lyra("fay", 1),
            *_lyra("hal", 1, 2),
        ],
    )
    with unit_of_work(engine) as db:
        return {s.program.model: s for s in service.list_programs(db)}


def _by_number(summary):  # type: ignore[no-untyped-def]
    return {c.number: c for c in summary.cycles}


def test_retention_counts_only_people_back_from_the_cycle_just_before(history) -> None:
    orion = _by_number(history["orion"])
    assert [(orion[n].team, orion[n].returning, orion[n].new) for n in (1, 2, 3, 4)] == [
        (4, 0, 4),
        (4, 2, 2),
        (4, 2, 2),
        (1, 1, 0),
    ]
    assert orion[1].retention is None  # nothing to retain from
    assert orion[2].retention == pytest.approx(2 / 4)  # Ana and Ben of cycle 1's four
    assert orion[3].retention == pytest.approx(2 / 4)  # Ana and Fay; Cai skipped cycle 2, so he is new again
    assert orion[4].retention == pytest.approx(1 / 4)


def test_a_person_who_moves_model_is_new_on_the_model_they_join(history) -> None:
    orion, lyra = _by_number(history["orion"]), _by_number(history["lyra"])
    assert orion[2].returning == 2  # Fay worked Lyra cycle 1, not Orion: not returning on Orion
    assert (lyra[2].team, lyra[2].returning) == (1, 1)
    assert lyra[2].retention == pytest.approx(1 / 2)  # Hal stayed, Fay moved away


def test_program_list_reports_the_current_cycle_and_the_last_continuity(history) -> None:
    orion = history["orion"]
    assert orion.current.number == 4 and orion.current.team == 1
    assert orion.last_continuity.number == 4 and orion.last_continuity.retention == pytest.approx(0.25)
    assert len(orion.cycles) == 4


def test_team_marks_returning_people_and_counts_their_cycles_on_the_model(engine, history) -> None:
    cycle_3 = _by_number(history["orion"])[3]
    with unit_of_work(engine) as db:
        team = service.team(db, cycle_3.cycle_id, TeamQuery(per_page="50"))
    seen = {m.full_name: (bool(m.returning), m.cycles_worked) for m in team.members}
    assert seen == {"Ana": (True, 3), "Fay": (True, 2), "Cai": (False, 2), "Gus": (False, 1)}


def test_team_filters_returning_and_sorts_by_name_descending(engine, history) -> None:
    cycle_3 = _by_number(history["orion"])[3]
    with unit_of_work(engine) as db:
        newcomers = service.team(db, cycle_3.cycle_id, TeamQuery(returning="no", sort="name", order="desc"))
    assert [m.full_name for m in newcomers.members] == ["Gus", "Cai"] and newcomers.total == 2
