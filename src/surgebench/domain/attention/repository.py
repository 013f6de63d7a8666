"""Queries for the attention lists (set-based: one query each)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from surgebench.db.orm import Client, ClientModel, Cycle, Engagement, Program, Specialist, SurgeRequest

LIVE_CYCLES = ("planned", "staffing", "active")


@dataclass(frozen=True)
class AtRisk:
    """Someone on a live cycle's roster who cannot work it to its end."""

    specialist_id: int
    full_name: str
    email: str
    status: str
    vetting_expires: date | None
    cycle_id: int
    cycle_number: int
    cycle_ends_on: date
    program_id: int
    program_name: str
    client_name: str
    request_id: int | None
    """The cycle's surge request (approved: a re-plan fills the seat)."""

    def problem(self, today: date) -> str:
        if self.status in ("offboarded", "suspended"):
            return self.status
        if self.status != "vetted":
            return f"status {self.status}"
        if self.vetting_expires is not None and self.vetting_expires < today:
            return f"vetting lapsed on {self.vetting_expires + timedelta(days=1)}"
        lapses = self.vetting_expires + timedelta(days=1)  # type: ignore[operator]  # set: _runs_out chose the row by it
        return f"vetting lapses on {lapses}, before the cycle ends ({self.cycle_ends_on})"


def at_risk(db: Session, today: date, program_id: int | None = None) -> list[AtRisk]:
    """Everyone on a planned, staffing or active cycle's running roster whose status or vetting will not
    hold until the cycle ends, soonest lapse first."""
    running = and_(
        Engagement.withdrawn_on.is_(None), or_(Engagement.ends_on.is_(None), Engagement.ends_on >= today)
    )
    cannot_finish = or_(Specialist.status != "vetted", Specialist.vetting_expires < Cycle.ends_on)
    query = (
        select(
            Specialist.id,
            Specialist.full_name,
            Specialist.email,
            Specialist.status,
            Specialist.vetting_expires,
            Cycle.id,
            Cycle.number,
            Cycle.ends_on,
            Program.id,
            Program.name,
            Client.name,
            SurgeRequest.id,
        )
        .select_from(Engagement)
        .join(Specialist, Specialist.id == Engagement.specialist_id)
        .join(Cycle, Cycle.id == Engagement.cycle_id)
        .join(Program, Program.id == Cycle.program_id)
        .join(ClientModel, ClientModel.id == Program.model_id)
        .join(Client, Client.id == ClientModel.client_id)
        .outerjoin(
            SurgeRequest,
            and_(SurgeRequest.cycle_id == Cycle.id, SurgeRequest.status.in_(("open", "approved"))),
        )
        .where(Cycle.status.in_(LIVE_CYCLES), running, cannot_finish)
        .order_by(Specialist.vetting_expires.is_(None), Specialist.vetting_expires, Specialist.full_name)
    )
    if program_id is not None:
        query = query.where(Program.id == program_id)
    return [AtRisk(*row) for row in db.execute(query)]


def _runs_out(today: date, within: timedelta) -> ColumnElement[bool]:
    return and_(Specialist.status == "vetted", Specialist.vetting_expires < today + within)


def expiring(
    db: Session, today: date, within: timedelta, limit: int | None
) -> list[tuple[int, str, str, date]]:
    """Vetted people whose vetting runs out within ``within`` from today (or already has), soonest first;
    all of them when ``limit`` is None."""
    query = (
        select(Specialist.id, Specialist.full_name, Specialist.email, Specialist.vetting_expires)
        .where(_runs_out(today, within))
        .order_by(Specialist.vetting_expires, Specialist.full_name)
        .limit(limit)
    )
    return [tuple(row) for row in db.execute(query)]  # type: ignore[misc]  # typed by the query's columns


def count_expiring(db: Session, today: date, within: timedelta) -> int:
    return db.scalar(select(func.count()).select_from(Specialist).where(_runs_out(today, within))) or 0
