"""Two clients' worth of programs, cycles, rosters, requests and plans, for proving that a client sees its
own and nothing of the other's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select

from surgebench.db.orm import Client, ClientModel, Cycle, Engagement, Program, Specialist
from surgebench.db.session import unit_of_work
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.specialists.bench_builders import add_specialist
from tests.integration.surges.surge_builders import plan_now

RUNNING_NOW = date(2026, 7, 27)
"""Cycle 1's start for programs whose cycle 3 runs on the tests' today (2026-12-02)."""
MERIDIAN_MARKERS = ("Meridian", "atlas", "Zoltan", "Yara")
"""Text that appears only in Meridian AI's data: none of it may reach an Aurora Labs user."""


@dataclass(frozen=True)
class Tenant:
    client_id: int
    program_id: int
    cycle_ids: list[int]
    engagement_id: int
    specialist_id: int
    request_id: int
    plan_id: int


def _worked(email: str, client: str, model: str, *cycles: int) -> list[Worked]:
    return [Worked(email, client, model, n, running=n == 3, first=RUNNING_NOW) for n in cycles]


def two_tenants(engine: Engine) -> dict[str, Tenant]:
    """Aurora Labs: orion, cycles 1–3 (3 running), Ana and Ben. Meridian AI: atlas, cycles 1–3, Zoltan and
    Yara. Each has a surge request for cycle 4 with a plan."""
    for name, skills in (
        ("ana", "coding.python:4"),
        ("ben", "coding.python:4"),
        ("zoltan", "coding.python:4"),
        ("yara", "coding.python:4"),
    ):
        add_specialist(
            engine, email=f"{name}@example.test", full_name=f"{name.title()} Tester", skills=skills
        )
    record_history(
        engine,
        [
            *_worked("ana@example.test", "aurora-labs", "orion", 1, 2, 3),
            *_worked("ben@example.test", "aurora-labs", "orion", 2, 3),
            *_worked("zoltan@example.test", "meridian-ai", "atlas", 1, 2, 3),
            *_worked("yara@example.test", "meridian-ai", "atlas", 3),
        ],
    )
    return {
        slug: _tenant(engine, slug, model, person)
        for slug, model, person in (("aurora-labs", "orion", "ana"), ("meridian-ai", "atlas", "zoltan"))
    }


def _tenant(engine: Engine, slug: str, model: str, person: str) -> Tenant:
    from surgebench.domain.surges import service as surges
    from tests.integration.surges.surge_builders import PM, request_payload

    with unit_of_work(engine) as db:
        client_id = db.scalar(select(Client.id).where(Client.slug == slug))
        program_id = db.scalar(
            select(Program.id)
            .join(ClientModel, ClientModel.id == Program.model_id)
            .where(ClientModel.client_id == client_id, ClientModel.name == model)
        )
        specialist_id = db.scalar(
            select(Specialist.id).where(Specialist.email_key == f"{person}@example.test")
        )
        engagement_id = db.scalar(select(Engagement.id).where(Engagement.specialist_id == specialist_id))
        payload = request_payload(
            cycle={"model_version": f"{model}-4", "starts_on": "2027-02-01", "ends_on": "2027-04-30"},
            ramp=[{"date": "2027-02-01", "onboarding_capacity": 3}],
        )
        request_id = surges.create_request(db, PM, program_id, payload, date(2026, 12, 2)).id
        cycle_ids = list(
            db.scalars(select(Cycle.id).where(Cycle.program_id == program_id).order_by(Cycle.number))
        )
    plan_id = plan_now(engine, request_id)
    return Tenant(client_id, program_id, cycle_ids, engagement_id, specialist_id, request_id, plan_id)
