"""The team's make-up as a client may see it: per approved cycle and role, how many people work from each
country and UTC region and speak each language — in aggregate only, so nobody is identifiable.

**The folding rule** (``fold``; README, "What clients see"). For one role of one cycle and one of the
three dimensions:

1. a group (a country, a language, a region) is shown only if it has at least ``MIN_GROUP`` (5) people;
2. everyone with a value not shown goes to **other** (for languages, which a person may have several of:
   the people who speak at least one language not shown, each counted once);
3. if *other* then has 1 to 4 people, the smallest group still shown is folded into it too (ties: the
   last by name), and again, until *other* is empty or has at least five people, or nothing is left to
   show — two people in *other* beside "IN 5" would say that two of the role's people are not from India;
4. when no group is shown, the dimension shows only *other*, which is then simply the role's people
   (for a role of under five people that is all the client sees: its size, already on the roster).

So every number a client reads is a group of five or more, an *other* of five or more, or the role's
total. The same rule folds each cycle's whole team for the chart over cycles. The country cap (the
contract's ``max(1, (pct × headcount) // 100)``) is shown with the shown countries above it; a folded
country is never named, even above the cap. Per-person country, language or time zone is never shown.

What this does not hide: a client comparing two cycles whose teams differ by one known person can learn
that person's group (the classic differencing attack); the five-person floor keeps any one table from
naming anyone, not a long series of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from surgebench.domain.portal import makeup_repository as repository
from surgebench.domain.portal.repository import ClientCycle
from surgebench.domain.portal.service import cycle, program
from surgebench.lib.principal import Principal
from surgebench.lib.regions import region

MIN_GROUP = 5
"""The fewest people a group a client sees may have (other than *other* holding a whole small role)."""
OTHER = "other"


@dataclass(frozen=True)
class Group:
    name: str
    """A country code, a language code, a UTC region, or ``other``."""
    people: int


def fold(values: Sequence[frozenset[str]]) -> list[Group]:
    """Each person's values (one country, one region, or the languages they speak) → the groups a client
    may see, largest first, ``other`` last (the module's rule)."""
    counts = Counter(v for person in values for v in person)
    shown = {v for v, n in counts.items() if n >= MIN_GROUP}

    def others() -> int:
        return sum(1 for person in values if person - shown)

    other = others()
    while 0 < other < MIN_GROUP and shown:
        shown.remove(max(shown, key=lambda v: (-counts[v], v)))
        other = others()
    if not shown:
        return [Group(OTHER, len(values))] if values else []
    groups = [Group(v, counts[v]) for v in sorted(shown, key=lambda v: (-counts[v], v))]
    return groups + ([Group(OTHER, other)] if other else [])


@dataclass(frozen=True)
class RoleMakeUp:
    cycle_id: int
    cycle: int
    role: str
    people: int
    country_cap: int | None
    countries: list[Group]
    languages: list[Group]
    regions: list[Group]

    @property
    def over_cap(self) -> list[str]:
        """Shown countries with more people than the cap (a folded one is never named)."""
        cap = self.country_cap
        return [] if cap is None else [g.name for g in self.countries if g.name != OTHER and g.people > cap]


@dataclass(frozen=True)
class CycleMakeUp:
    cycle_id: int
    cycle: int
    people: int
    countries: list[Group]
    """The whole team's countries, folded by the same rule."""
    roles: list[RoleMakeUp]


@dataclass(frozen=True)
class _Member:
    country: str
    region: str
    languages: frozenset[str]


def _client(principal: Principal) -> int:
    assert principal.client_id is not None, "client routes are guarded to client users"
    return principal.client_id


def _cap(pct: int | None, headcount: int | None) -> int | None:
    return None if pct is None or headcount is None else max(1, pct * headcount // 100)


def _cycles(db: Session, client_id: int, shown: Iterable[ClientCycle]) -> list[CycleMakeUp]:
    visible = {c.id: c for c in shown if c.roster_visible}
    rows = repository.members(db, client_id, visible)
    spoken = repository.languages(db, client_id, visible)
    per_role: dict[tuple[int, str], list[_Member]] = {}
    caps: dict[tuple[int, str], int | None] = {}
    for r in rows:
        key = (r.cycle_id, r.role)
        member = _Member(r.country, region(r.timezone, r.starts_on), spoken.get(r.specialist_id, frozenset()))
        per_role.setdefault(key, []).append(member)
        caps.setdefault(key, _cap(r.cap_pct, r.headcount))
    found = []
    for c in sorted(visible.values(), key=lambda c: c.number):
        roles = [
            RoleMakeUp(
                c.id,
                c.number,
                role,
                len(people),
                caps[(cid, role)],
                fold([frozenset({m.country}) for m in people]),
                fold([m.languages for m in people]),
                fold([frozenset({m.region}) for m in people]),
            )
            for (cid, role), people in sorted(per_role.items())
            if cid == c.id
        ]
        team = [
            frozenset({m.country}) for (cid, _role), people in per_role.items() if cid == c.id for m in people
        ]
        found.append(CycleMakeUp(c.id, c.number, len(team), fold(team), roles))
    return found


def program_makeup(db: Session, principal: Principal, program_id: int) -> list[CycleMakeUp]:
    """Per approved cycle of one of the client's programs (404 for any other), in order: the folded
    make-up of the whole team and of each role."""
    found = program(db, principal, program_id)
    return _cycles(db, _client(principal), found.cycles)


def cycle_makeup(db: Session, principal: Principal, cycle_id: int) -> CycleMakeUp | None:
    """One of the client's cycles (404 for any other); None while its team is not approved."""
    c = cycle(db, principal, cycle_id)
    found = _cycles(db, _client(principal), [c])
    return found[0] if found else None
