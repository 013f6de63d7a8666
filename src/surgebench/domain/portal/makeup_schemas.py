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


class MakeUpGroupOut(msgspec.Struct):
    """One aggregate group: never fewer than five people, except "other" when it is a whole small role."""

    name: Annotated[
        str,
        msgspec.Meta(
            description='A country (ISO 3166-1 alpha-2), a language (ISO 639-1), a UTC region, or "other"'
        ),
    ]
    people: Annotated[
        int, msgspec.Meta(ge=0, description="People in the group (for a language: its speakers)")
    ]

    @classmethod
    def of(cls, g: Group) -> MakeUpGroupOut:
        return cls(g.name, g.people)


Groups = Annotated[list[MakeUpGroupOut], msgspec.Meta(description=FOLDED)]


class ClientRoleMakeUpOut(msgspec.Struct):
    """One role of one approved team, in aggregate only."""

    role: Annotated[
        str, msgspec.Meta(description="The approved request's role key (the skill, for imported history)")
    ]
    people: Annotated[int, msgspec.Meta(ge=0, description="People on the team in this role")]
    country_cap: Annotated[
        int | None,
        msgspec.Meta(description="At most this many people from one country (the role's cap; null: none)"),
    ]
    over_cap: Annotated[
        list[str],
        msgspec.Meta(
            description='Shown countries above the cap (a country folded into "other" is never named)'
        ),
    ]
    countries: Groups
    languages: Groups
    utc_regions: Annotated[
        list[MakeUpGroupOut], msgspec.Meta(description=f"UTC offset bands at the cycle's start. {FOLDED}")
    ]

    @classmethod
    def of(cls, m: RoleMakeUp) -> ClientRoleMakeUpOut:
        return cls(
            m.role,
            m.people,
            m.country_cap,
            m.over_cap,
            [MakeUpGroupOut.of(g) for g in m.countries],
            [MakeUpGroupOut.of(g) for g in m.languages],
            [MakeUpGroupOut.of(g) for g in m.regions],
        )


class ClientCycleMakeUpOut(msgspec.Struct):
    """The make-up of one approved team: the whole team's countries and each role's spread."""

    cycle_id: int
    number: Annotated[int, msgspec.Meta(description="The cycle's number in its program")]
    people: Annotated[int, msgspec.Meta(ge=0, description="People on the approved team")]
    countries: Annotated[
        list[MakeUpGroupOut], msgspec.Meta(description=f"The whole team's countries. {FOLDED}")
    ]
    roles: list[ClientRoleMakeUpOut]

    @classmethod
    def of(cls, c: CycleMakeUp) -> ClientCycleMakeUpOut:
        return cls(
            c.cycle_id,
            c.cycle,
            c.people,
            [MakeUpGroupOut.of(g) for g in c.countries],
            [ClientRoleMakeUpOut.of(r) for r in c.roles],
        )
