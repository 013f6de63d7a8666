"""The bench snapshot a worker keeps between plans: the problem built from it equals the one read afresh
(re-plans, kept roster members, booked hours, pins), a plan after a write — by anyone, through the
database — sees the write, and a plan after none reads no bench records again."""

from __future__ import annotations

import gzip
import zlib
from datetime import date

import pytest
from sqlalchemy import text

from surgebench.db.session import unit_of_work
from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import repository as programs
from surgebench.domain.surges import problem_repository, problem_service
from surgebench.domain.surges.ask_schemas import KeptStart, PinAsk, SurgeAsk
from surgebench.domain.surges.problem_service import build, forget_snapshot, problem_gzip, problem_json
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.surges.test_problem_source import ASK, people  # noqa: F401  (the fixture)

TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def no_snapshot_from_before() -> None:
    forget_snapshot()


def _both(engine, asks):  # type: ignore[no-untyped-def]
    with unit_of_work(engine, writes=False) as db:
        fresh = build(db, asks, today=TODAY, snapshot=False)
        kept = build(db, asks, today=TODAY)
    return fresh, kept


def test_the_problem_built_from_the_snapshot_equals_the_one_read_afresh(engine, people) -> None:  # noqa: F811
    record_history(engine, [Worked("ana@example.test", "aurora-labs", "orion", 3)])
    with unit_of_work(engine) as db:
        program = programs.program_of_model(db, clients.ids_by_slug(db)["aurora-labs"], "orion")
        assert program is not None
        cycle_3 = programs.cycle_by_number(db, program.id, 3)
        assert cycle_3 is not None
    replan = SurgeAsk(
        **{
            **ASK.__dict__,
            "own_cycle_id": cycle_3.id,
            "pinned": (PinAsk(people["ana"], "py"),),
            "excluded": (people["cai"],),
            "kept": (KeptStart(people["ana"], date(2026, 12, 9)),),
        }
    )
    for asks in ([ASK], [replan], [ASK]):
        fresh, kept = _both(engine, asks)
        assert kept == fresh
    ana = next(s for s in kept.specialists if s.id == str(people["ana"]))
    assert len(ana.history) == 3  # the first ask again: the re-plan's changes did not stick to the snapshot
    hal = next(s for s in kept.specialists if s.id == str(people["hal"]))
    assert hal.committed_hours == 19  # 4 outside surgebench + 15 booked on Atlas


def test_a_write_between_two_plans_is_seen_by_the_second(engine, people) -> None:  # noqa: F811
    with unit_of_work(engine, writes=False) as db:
        before = build(db, [ASK], today=TODAY)
    with engine.begin() as conn:  # another instance's write: nothing of this process is told
        conn.execute(text("UPDATE specialists SET quality_milli = 555 WHERE id = :id"), {"id": people["ben"]})
        conn.execute(
            text("UPDATE specialist_skills SET level = 5 WHERE specialist_id = :id"), {"id": people["ben"]}
        )
    with unit_of_work(engine, writes=False) as db:
        after = build(db, [ASK], today=TODAY)
        fresh = build(db, [ASK], today=TODAY, snapshot=False)
    ben = str(people["ben"])
    assert next(s for s in before.specialists if s.id == ben).quality != 0.555
    assert next(s for s in after.specialists if s.id == ben).quality == 0.555
    assert next(s for s in after.specialists if s.id == ben).skills == {"coding.python": 5}
    assert after == fresh


def test_a_new_engagement_between_two_plans_is_seen_by_the_second(engine, people) -> None:  # noqa: F811
    with unit_of_work(engine, writes=False) as db:
        build(db, [ASK], today=TODAY)
    record_history(engine, [Worked("ben@example.test", "aurora-labs", "orion", 2)])
    with unit_of_work(engine, writes=False) as db:
        after = build(db, [ASK], today=TODAY)
        assert after == build(db, [ASK], today=TODAY, snapshot=False)
    ben = next(s for s in after.specialists if s.id == str(people["ben"]))
    assert [e.cycle for e in ben.history] == [1, 2]


def test_a_plan_after_no_write_reads_no_bench_records(engine, people, monkeypatch) -> None:  # noqa: F811
    with unit_of_work(engine, writes=False) as db:
        first = build(db, [ASK], today=TODAY)
    reads = []
    monkeypatch.setattr(problem_repository, "skill_levels", lambda *a, **k: reads.append(a) or {})
    with unit_of_work(engine, writes=False) as db:
        second = build(db, [ASK], today=TODAY)
    assert reads == []
    assert second == first


def test_nothing_is_kept_when_the_database_does_not_count_its_changes(engine, people, monkeypatch) -> None:  # noqa: F811
    """A migration that rebuilt a watched table without its triggers: every plan reads afresh."""
    monkeypatch.setattr(problem_repository, "bench_version", lambda db: None)
    with unit_of_work(engine, writes=False) as db:
        build(db, [ASK], today=TODAY)
    with engine.begin() as conn:
        conn.execute(text("UPDATE specialists SET quality_milli = 556 WHERE id = :id"), {"id": people["ben"]})
    with unit_of_work(engine, writes=False) as db:
        after = build(db, [ASK], today=TODAY)
    assert next(s for s in after.specialists if s.id == str(people["ben"])).quality == 0.556


def test_the_bench_version_counts_writes_to_every_watched_table(engine, people) -> None:  # noqa: F811
    def version():  # type: ignore[no-untyped-def]
        with unit_of_work(engine, writes=False) as db:
            return problem_repository.bench_version(db)

    seen = {version()}
    assert None not in seen
    for statement in (
        "UPDATE specialists SET committed_hours = committed_hours WHERE id = :id",
        "DELETE FROM specialist_languages WHERE specialist_id = :id",
        "UPDATE specialist_skills SET level = level WHERE specialist_id = :id",
        "UPDATE engagements SET weekly_hours = weekly_hours WHERE specialist_id = :id",
        "UPDATE cycles SET number = number",
        "UPDATE programs SET name = name",
        "UPDATE client_models SET name = name",
        "UPDATE clients SET name = name",
        "INSERT INTO outcomes (engagement_id, reported_on, items_reviewed, items_accepted, note, reported_by,"
        " created_at, updated_at) SELECT min(id), '2026-11-30', 10, 9, '', 't', '2026-11-30', '2026-11-30'"
        " FROM engagements WHERE specialist_id = :id",
        "DELETE FROM outcomes",
    ):
        with engine.begin() as conn:
            conn.execute(text(statement), {"id": people["ana"]})
        now = version()
        assert now not in seen, statement
        seen.add(now)


@pytest.mark.parametrize("chunk", [1, 2, 256])
def test_the_stored_problem_is_the_problems_json_gzipped_from_the_snapshots_pieces(
    engine,
    people,  # noqa: F811
    monkeypatch,
    chunk,
) -> None:
    monkeypatch.setattr(problem_service, "CHUNK", chunk)
    with unit_of_work(engine, writes=False) as db:
        fresh = build(db, [ASK], today=TODAY, snapshot=False)
        first = build(db, [ASK], today=TODAY)
        kept = build(
            db,
            [SurgeAsk(**{**ASK.__dict__, "kept": (KeptStart(people["ben"], date(2026, 12, 10)),)})],
            today=TODAY,
        )
    for problem in (fresh, first, kept, first):
        stored = problem_gzip(problem)
        assert gzip.decompress(stored) == problem_json(problem)
        assert zlib.decompress(stored, 16 + zlib.MAX_WBITS) == problem_json(problem)  # one gzip member
    assert problem_json(kept) != problem_json(first)  # Ben's piece was compressed again


class _RolledBack(Exception):
    pass


def test_a_write_rolled_back_is_never_seen_by_a_later_plan(engine, people) -> None:  # noqa: F811
    """A problem built inside a transaction that wrote to the bench, then rolled back, leaves no snapshot
    behind whose version a later commit could reach with other records."""
    ben = str(people["ben"])
    with pytest.raises(_RolledBack), unit_of_work(engine) as db:
        db.execute(text("UPDATE specialists SET quality_milli = 111 WHERE id = :id"), {"id": people["ben"]})
        inside = build(db, [ASK], today=TODAY)
        assert next(s for s in inside.specialists if s.id == ben).quality == 0.111
        raise _RolledBack
    with engine.begin() as conn:  # another write, committed: the count moves as the rolled back one did
        conn.execute(text("UPDATE specialists SET weekly_hours = 31 WHERE id = :id"), {"id": people["ana"]})
    with unit_of_work(engine, writes=False) as db:
        after = build(db, [ASK], today=TODAY)
        assert after == build(db, [ASK], today=TODAY, snapshot=False)
    assert next(s for s in after.specialists if s.id == ben).quality != 0.111
    assert next(s for s in after.specialists if s.id == str(people["ana"])).weekly_hours == 31
