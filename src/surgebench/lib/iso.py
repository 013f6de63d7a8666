"""Reference code lists: ISO 3166-1 alpha-2 countries (from tzdata's iso3166.tab), ISO 639-1
languages, IANA time zones, and each country's zones (zone1970.tab)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from zoneinfo import available_timezones

LANGUAGES_639_1 = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv "
    "dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig "
    "ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh "
    "mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru "
    "rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug "
    "uk ur uz ve vi vo wa wo xh yi yo za zh zu".split()
)


def _tzdata_table(name: str) -> list[list[str]]:
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → country name."""
    return {row[0]: row[1] for row in _tzdata_table("iso3166.tab")}


@lru_cache(maxsize=1)
def timezones() -> frozenset[str]:
    """Every IANA zone name this machine's tz database knows."""
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def zones_by_country() -> dict[str, tuple[str, ...]]:
    """Country code → the IANA zones used there."""
    found: dict[str, list[str]] = {}
    for row in _tzdata_table("zone.tab"):
        found.setdefault(row[0], []).append(row[2])
    return {code: tuple(zones) for code, zones in found.items()}
