"""The team's make-up as it goes out to a client: aggregates only, folded so no group under five people
is ever shown (``makeup_service``'s rule)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from surgebench.domain.portal.makeup_service import MIN_GROUP, CycleMakeUp, Group, RoleMakeUp

FOLDED = (
    f"Groups of at least {MIN_GROUP} people, largest first; everyone else is counted in a last group "
    f'named "other" (folded further until "other" is empty or has at least {MIN_GROUP} people). When no '
    "group reaches five, only \"other\" is given: the role's (or team's) people. Never a person's own value."
)


class GroupOut(msgspec.Struct):
    name: str
    """A country (ISO 3166-1 alpha-2), a language (ISO 639-1), a UTC region, or ``other``."""
    people: int

    @classmethod
    def of(cls, g: Group) -> GroupOut:
        return cls(g.name, g.people)


Groups = Annotated[list[GroupOut], msgspec.Meta(description=FOLDED)]


class RoleMakeUpOut(msgspec.Struct):
    role: str
    """The approved request's role key (or the skill, for imported history)."""
    people: int
    country_cap: int | None
    """At most this many people from one country (the role's cap; null when it has none)."""
    over_cap: list[str]
    """Shown countries with more people than the cap (a country folded into "other" is never named)."""
    countries: Groups
    languages: Groups
    utc_regions: Annotated[
        list[GroupOut], msgspec.Meta(description=f"UTC offset bands at the cycle's start. {FOLDED}")
    ]

    @classmethod
    def of(cls, m: RoleMakeUp) -> RoleMakeUpOut:
        return cls(
            m.role,
            m.people,
            m.country_cap,
            m.over_cap,
            [GroupOut.of(g) for g in m.countries],
            [GroupOut.of(g) for g in m.languages],
            [GroupOut.of(g) for g in m.regions],
        )


class CycleMakeUpOut(msgspec.Struct):
    cycle_id: int
    number: int
    people: int
    """People on the approved team."""
    countries: Annotated[list[GroupOut], msgspec.Meta(description=f"The whole team's countries. {FOLDED}")]
    roles: list[RoleMakeUpOut]

    @classmethod
    def of(cls, c: CycleMakeUp) -> CycleMakeUpOut:
        return cls(
            c.cycle_id,
            c.cycle,
            c.people,
            [GroupOut.of(g) for g in c.countries],
            [RoleMakeUpOut.of(r) for r in c.roles],
        )
