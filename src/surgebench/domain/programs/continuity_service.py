"""Continuity, stated as plain rules over per-cycle counts (the repository does the counting).

A person is *returning* in cycle N of a program when they worked cycle N−1 of the same program (the
solver contract's rule: same client, same model, previous cycle). Someone who skipped a cycle, or who
worked another of the client's models, is *new* again.

Two ratios of the same counts answer two questions, and differ whenever the team's size changes:
- *retention* (what managers read): of the previous cycle's team, the share back in this cycle
  (returning ÷ the previous cycle's team);
- *share returning* (what clients read): of this cycle's team, the share who worked the previous cycle
  (returning ÷ this cycle's team). When a team grows, its share returning is below its retention: 73 %
  of a 900-person cycle back in a 1,035-person one is 63 % of the new team."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from surgebench.db.orm.programs import CYCLE_STATUSES

RETENTION_MEANS = (
    "Retention: of the previous cycle's team, the share back in this cycle "
    "(returning ÷ the previous cycle's team)."
)
SHARE_RETURNING_MEANS = (
    "Share returning: of this cycle's team, the share who worked the previous cycle "
    "(returning ÷ this cycle's team)."
)
WHY_THEY_DIFFER = "When a team grows, its share returning is below its retention."
"""The words the manager's and the client's pages, the API's schema and the README use for the two
ratios (``templates/_partials/continuity.html`` writes them out; a test holds them equal)."""


@dataclass(frozen=True)
class CycleCounts:
    """What the repository counts per cycle."""

    cycle_id: int
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str
    team: int
    """People with an engagement in this cycle."""
    returning: int
    """Of those, people who also worked the cycle numbered one less."""


@dataclass(frozen=True)
class CycleFigures:
    """A cycle with its continuity figures, as pages and the API show them."""

    cycle_id: int
    number: int
    model_version: str
    starts_on: date
    ends_on: date
    status: str
    team: int
    returning: int
    new: int
    previous_team: int | None
    """Team size of cycle N−1, or ``None`` when there is no such cycle (nothing to retain from)."""
    retention: float | None
    """``returning / previous_team``; ``None`` without a previous cycle, when it had nobody, or while this
    cycle's roster is not written yet."""

    @property
    def share_returning(self) -> float | None:
        """``returning / team``; ``None`` without a previous cycle or a team."""
        return self.returning / self.team if self.team and self.previous_team is not None else None


def figures(counts: Sequence[CycleCounts]) -> list[CycleFigures]:
    """Each cycle's figures, in cycle order. Retention compares with the cycle numbered one less, even
    when numbers have gaps (then there is none)."""
    by_number = {c.number: c for c in counts}
    out = []
    for c in sorted(counts, key=lambda c: c.number):
        previous = by_number.get(c.number - 1)
        previous_team = previous.team if previous else None
        retention = c.returning / previous_team if previous_team and not _unstaffed(c) else None
        out.append(
            CycleFigures(
                c.cycle_id,
                c.number,
                c.model_version,
                c.starts_on,
                c.ends_on,
                c.status,
                c.team,
                c.returning,
                c.team - c.returning,
                previous_team,
                retention,
            )
        )
    return out


def _unstaffed(c: CycleCounts) -> bool:
    """A cycle not started whose roster is not written yet: nobody has come back *yet*, which is not a
    retention of 0 (the program page showed "0 %" for the cycle being planned)."""
    return c.team == 0 and c.status in ("planned", "staffing")


def current(cycles: Sequence[CycleFigures]) -> CycleFigures | None:
    """The cycle a program is on now: the active one, else the one being staffed, else the latest."""
    for status in ("active", "staffing"):
        found = [c for c in cycles if c.status == status]
        if found:
            return max(found, key=lambda c: c.number)
    return max(cycles, key=lambda c: c.number) if cycles else None


def last_continuity(cycles: Sequence[CycleFigures]) -> CycleFigures | None:
    """The latest cycle with a retention figure: what "continuity of the last cycle" reports."""
    known = [c for c in cycles if c.retention is not None and c.team]
    return max(known, key=lambda c: c.number) if known else None


def moves_forward(current_status: str, new_status: str) -> bool:
    """A cycle's status only moves forward: planned → staffing → active → closed (steps may be skipped,
    never taken back)."""
    return CYCLE_STATUSES.index(new_status) > CYCLE_STATUSES.index(current_status)
