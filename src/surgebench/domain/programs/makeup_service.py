"""The team's make-up: per cycle and per role, how its people spread by country, language and UTC
region (never anything more personal), against the role's country cap — cycle after cycle, from the
program's own record. A role is the surge request's role the people were approved for, or for
imported history the skill they worked in.

The cap is the contract's: at most ``max(1, (pct × headcount) // 100)`` people from one country."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from surgebench.domain.programs import repository
from surgebench.lib.regions import region


@dataclass
class RoleMakeUp:
    cycle: int
    role: str
    """The role's key and skill (``python · coding.python``), or the skill alone for imported history."""
    people: int = 0
    country_cap: int | None = None
    countries: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    regions: Counter[str] = field(default_factory=Counter)

    @property
    def over_cap(self) -> list[str]:
        cap = self.country_cap
        return [] if cap is None else sorted(c for c, n in self.countries.items() if n > cap)


def _role(skill: str, key: str | None) -> str:
    return skill if key is None else f"{key} · {skill}"


def makeup(db: Session, program_id: int) -> list[RoleMakeUp]:
    """Per cycle (in order) and role (by name), the spread of its people."""
    found: dict[tuple[int, str], RoleMakeUp] = {}
    for number, starts_on, skill, key, pct, headcount, country, timezone in repository.makeup_rows(
        db, program_id
    ):
        label = _role(skill, key)
        m = found.get((number, label))
        if m is None:
            cap = None if pct is None or headcount is None else max(1, pct * headcount // 100)
            m = found[(number, label)] = RoleMakeUp(number, label, country_cap=cap)
        m.people += 1
        m.countries[country] += 1
        m.regions[region(timezone, starts_on)] += 1
    for number, skill, key, language, count in repository.makeup_languages(db, program_id):
        m = found.get((number, _role(skill, key)))
        if m is not None:
            m.languages[language] += count
    return [found[k] for k in sorted(found)]


def by_cycle(roles: list[RoleMakeUp]) -> dict[int, Counter[str]]:
    """Per cycle, the whole team's countries."""
    totals: dict[int, Counter[str]] = {}
    for m in roles:
        totals.setdefault(m.cycle, Counter()).update(m.countries)
    return totals
