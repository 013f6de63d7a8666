"""A write that fails midway leaves the bench exactly as it was, and the job says why."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select, text

from surgebench.db.orm import AuditEntry, Specialist, SpecialistSkill
from surgebench.db.session import unit_of_work
from tests.integration.imports.helpers import csv_of, import_file, row


@contextmanager
def _database_refuses_name(engine: Engine, name: str) -> Iterator[None]:
    """A trigger standing in for any failure the database may raise halfway through a write."""
    statements = {
        "sqlite": (
            [
                f"CREATE TRIGGER refuse_name BEFORE INSERT ON specialists WHEN NEW.full_name = '{name}' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END"
            ],
            ["DROP TRIGGER refuse_name"],
        ),
        "postgresql": (
            [
                f"CREATE FUNCTION refuse_name() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.full_name = '{name}' THEN RAISE EXCEPTION 'refused by the test trigger'; "
                "END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_name BEFORE INSERT ON specialists FOR EACH ROW "
                "EXECUTE FUNCTION refuse_name()",
            ],
            ["DROP TRIGGER refuse_name ON specialists", "DROP FUNCTION refuse_name()"],
        ),
    }[engine.dialect.name]
    with engine.begin() as conn:
        for statement in statements[0]:
            conn.execute(text(statement))
    try:
        yield
    finally:
        with engine.begin() as conn:
            for statement in statements[1]:
                conn.execute(text(statement))


def test_failure_while_writing_rolls_back_every_row_and_fails_the_job(engine) -> None:
    import_file(engine, csv_of(row("kept@example.com", full_name="Kept As Is")))
    rows = [row(f"p{i:05d}@example.com") for i in range(5_100)]  # the refused row is in the second batch
    rows.append(row("last@example.com", full_name="Refused Person"))
    rows.append(row("kept@example.com", full_name="Renamed"))

    with _database_refuses_name(engine, "Refused Person"):
        job = import_file(engine, csv_of(*rows))

    assert job.status == "failed"
    assert job.outcome["error"].startswith("Writing the rows failed, so nothing was written:")
    assert "refused by the test trigger" in job.outcome["error"]
    with unit_of_work(engine) as db:
        assert db.scalars(select(Specialist.full_name)).all() == ["Kept As Is"]
        assert db.scalar(select(func.count()).select_from(SpecialistSkill)) == 2
        assert db.scalar(select(func.count()).select_from(AuditEntry)) == 2  # the first import's
