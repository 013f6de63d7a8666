"""JSON shapes of the clients API."""

from __future__ import annotations

from typing import Annotated

import msgspec

from surgebench.domain.clients.service import MAX_COOLDOWN_DAYS, ClientTerms


class ClientOut(msgspec.Struct):
    id: int
    slug: str
    """Stable id: the ``client`` of the solver's problem and of history imports."""
    name: str
    cooldown_days: int
    """Days a specialist stays barred from this client after an engagement with a competitor ends."""
    competitors: list[str]
    """Slugs of the clients this one will not share people with."""

    @classmethod
    def of(cls, terms: ClientTerms) -> ClientOut:
        c = terms.client
        return cls(c.id, c.slug, c.name, c.cooldown_days, [x.slug for x in terms.competitors])


class ClientTermsWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Staffing terms to set; a field left out keeps its value."""

    competitors: list[Annotated[str, msgspec.Meta(min_length=1, max_length=64)]] | None = None
    """Client slugs this client will not share people with (replaces the list)."""
    cooldown_days: Annotated[int, msgspec.Meta(ge=0, le=MAX_COOLDOWN_DAYS)] | None = None
    both_ways: bool = False
    """Also list this client among each newly named competitor's competitors."""
