"""The demo's continuity record: the two demo clients' models and programs, three closed cycles of each,
and who worked them — drawn deterministically from the generated bench (same seed, same history).

Teams are built the way a vendor's really grow: most of a cycle's people come back for the next one
(``keep``), some leave, a few come back after sitting a cycle out, some move between a client's models,
and newcomers fill the rest. Nobody works two programs whose cycles overlap. Aurora Labs will not share
people with Meridian AI (90-day cooldown), so the next Orion or Lyra surge has competitors to respect."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from surgebench.domain.engagements.record_schemas import CycleKey, HistoryRecord
from surgebench.domain.specialists.record_schemas import SpecialistRecord


@dataclass(frozen=True)
class DemoCycle:
    model_version: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class DemoProgram:
    client: str
    model: str
    name: str
    workstreams: tuple[str, ...]
    areas: tuple[str, ...]
    """Skill areas (the prefix of a skill id) the program's roles ask for."""
    first_team: int
    """Cycle 1's team on a 20,000-person bench (scaled with the bench)."""
    growth: float
    """Each cycle's team is this many times the previous one."""
    keep: float
    """Chance that someone on a cycle is back for the next one."""
    cycles: tuple[DemoCycle, ...]


def _c(version: str, start: str, end: str) -> DemoCycle:
    return DemoCycle(version, date.fromisoformat(start), date.fromisoformat(end))


DEMO_PROGRAMS: tuple[DemoProgram, ...] = (
    DemoProgram(
        "aurora-labs",
        "orion",
        "Orion post-training",
        ("sft_golden", "preference_ranking", "failure_rewrites"),
        ("coding", "math", "medicine", "writing"),
        900,
        1.15,
        0.72,
        (
            _c("orion-2.0", "2026-03-02", "2026-05-22"),
            _c("orion-2.1", "2026-06-01", "2026-08-21"),
            _c("orion-2.2", "2026-08-31", "2026-11-20"),
        ),
    ),
    DemoProgram(
        "aurora-labs",
        "lyra",
        "Lyra safety evaluation",
        ("red_teaming", "bias_evaluation"),
        ("safety", "bias", "law", "lang"),
        300,
        1.10,
        0.65,
        (
            _c("lyra-1.0", "2026-02-02", "2026-04-24"),
            _c("lyra-1.1", "2026-05-04", "2026-07-24"),
            _c("lyra-1.2", "2026-08-03", "2026-10-23"),
        ),
    ),
    DemoProgram(
        "meridian-ai",
        "atlas",
        "Atlas post-training",
        ("sft_golden", "preference_ranking"),
        ("coding", "finance", "science", "math"),
        700,
        1.20,
        0.70,
        (
            _c("atlas-4.0", "2026-01-12", "2026-04-03"),
            _c("atlas-4.1", "2026-04-13", "2026-07-03"),
            _c("atlas-4.2", "2026-07-13", "2026-10-02"),
        ),
    ),
)
COMPETITORS = (("aurora-labs", "meridian-ai", 90),)
"""(client, the client it will not share people with, cooldown days)."""
REJOIN_SHARE, MOVER_SHARE, EARLY_LEAVERS = 0.05, 0.06, 0.08
"""Of each cycle's newcomers: share who worked an earlier cycle but not the last; share who come from the
client's other model. Of each team: share who leave before the cycle ends."""


def generate_history(
    bench: Sequence[SpecialistRecord],
    seed: int,
    programs: Sequence[DemoProgram] = DEMO_PROGRAMS,
    scale: float | None = None,
) -> list[HistoryRecord]:
    """Every engagement of ``programs``' cycles, as the history import would read it. Teams are scaled
    with the bench (``first_team`` is for 20,000 people) unless ``scale`` says otherwise."""
    rng = random.Random(seed * 7919 + 17)
    scale = min(1.0, len(bench) / 20_000) if scale is None else scale
    pools = {p.model: _pool(bench, p) for p in programs}
    busy: dict[str, list[tuple[date, date]]] = {}
    teams: dict[tuple[str, int], list[str]] = {}
    records: list[HistoryRecord] = []
    # cycle by cycle in date order across programs, so "busy" is known when each team is drawn
    schedule = sorted(
        ((c.starts_on, p, n) for p in programs for n, c in enumerate(p.cycles, start=1)),
        key=lambda item: (item[0], item[1].model),
    )
    for _start, program, number in schedule:
        cycle = program.cycles[number - 1]
        size = max(3, round(program.first_team * scale * program.growth ** (number - 1)))
        team = _draw_team(rng, programs, program, number, size, cycle, pools[program.model], teams, busy)
        teams[(program.model, number)] = team
        for email in team:
            busy.setdefault(email, []).append((cycle.starts_on, cycle.ends_on))
            records.append(
                _engagement(rng, program, number, cycle, pools[program.model][email], len(records) + 2)
            )
    return records


def _pool(
    bench: Sequence[SpecialistRecord], program: DemoProgram
) -> dict[str, tuple[SpecialistRecord, str, int]]:
    """e-mail → (person, their best skill in the program's areas, its level), for people who could have
    worked it (vetted then, even if suspended or offboarded since)."""
    found = {}
    for person in bench:
        if person.status not in ("vetted", "suspended", "offboarded"):
            continue
        skills = [(level, skill) for skill, level in person.skills if skill.split(".")[0] in program.areas]
        if skills:
            level, skill = max(skills)
            found[person.email_key] = (person, skill, level)
    return found


def _free(busy: dict[str, list[tuple[date, date]]], email: str, cycle: DemoCycle) -> bool:
    return all(end < cycle.starts_on or start > cycle.ends_on for start, end in busy.get(email, ()))


def _draw_team(
    rng: random.Random,
    programs: Sequence[DemoProgram],
    program: DemoProgram,
    number: int,
    size: int,
    cycle: DemoCycle,
    pool: dict,
    teams: dict[tuple[str, int], list[str]],
    busy: dict,
) -> list[str]:
    chosen: list[str] = []
    taken: set[str] = set()

    def take(candidates: list[str], limit: int) -> None:
        for email in candidates:
            if len(chosen) >= limit:
                return
            if email not in taken and email in pool and _free(busy, email, cycle):
                chosen.append(email)
                taken.add(email)

    previous = teams.get((program.model, number - 1), [])
    take([e for e in previous if rng.random() < program.keep], size)
    newcomers = size - len(chosen)
    earlier = [
        e for n in range(1, number - 1) for e in teams.get((program.model, n), []) if e not in previous
    ]
    rng.shuffle(earlier)
    take(earlier, len(chosen) + round(newcomers * REJOIN_SHARE))
    siblings = [
        e
        for p in programs
        if p.client == program.client and p.model != program.model
        for e in teams.get((p.model, _latest_before(p, cycle.starts_on)), [])
    ]
    rng.shuffle(siblings)
    take(siblings, len(chosen) + round(newcomers * MOVER_SHARE))
    fresh = sorted(pool)
    rng.shuffle(fresh)
    take(fresh, size)
    return chosen


def _latest_before(program: DemoProgram, day: date) -> int:
    ended = [n for n, c in enumerate(program.cycles, start=1) if c.ends_on < day]
    return max(ended, default=0)


def _engagement(
    rng: random.Random,
    program: DemoProgram,
    number: int,
    cycle: DemoCycle,
    held: tuple[SpecialistRecord, str, int],
    line: int,
) -> HistoryRecord:
    person, skill, level = held
    starts_on = _working_day(cycle.starts_on, rng.choice((0, 0, 0, 1, 2, 3, 4)))
    ends_on = cycle.ends_on
    if rng.random() < EARLY_LEAVERS:
        ends_on = starts_on + timedelta(days=rng.randint(14, max(15, (cycle.ends_on - starts_on).days - 1)))
    quality = min(1000, max(0, person.quality_milli + round(rng.gauss(0, 40))))
    hours = min(person.weekly_hours or 10, rng.choice((10, 20, 20, 20, 30)))
    return HistoryRecord(
        line=line,
        email_key=person.email_key,
        cycle=CycleKey(program.client, program.model, number),
        model_version=cycle.model_version,
        cycle_starts_on=cycle.starts_on,
        cycle_ends_on=cycle.ends_on,
        skill=skill,
        level=max(1, level - rng.choice((0, 0, 1))),
        weekly_hours=max(1, hours),
        starts_on=starts_on,
        ends_on=min(ends_on, cycle.ends_on),
        reported_quality_milli=quality,
    )


def _working_day(start: date, offset: int) -> date:
    day = start
    while offset:
        day += timedelta(days=1)
        if day.weekday() < 5:
            offset -= 1
    return day
