"""The personal-data rule, proven over every client-facing parameter: a client learns only what it is shown.

Two worlds hold rosters identical in everything a client is shown (display names, roles, levels, dates,
returning, cycles worked on the model, and the team's make-up as folded aggregates: no group under five
people) and different in everything it is not: family names past their initial, e-mails, each person's
country, languages and time zone (the crowd's are swapped between its halves, so the aggregates stay
alike), rates, quality, bench ids, the order the records were written (so record ids), other clients'
engagements. Every aggregate group an answer shows (``data-group``/``data-people`` on a page, a
``{name, people}`` object in JSON) must have five people or more, or be "other".

Every GET route a client account may call is walked from the route table with every query parameter its
handler and dependencies take (so routes and parameters added later are covered without editing this file),
each given letters one by one (a letter-by-letter search), pieces of the hidden fields, numbers and every
documented value; each pair of parameters with documented values is tried in every combination. The two
worlds must answer every request the same.
One test file per engine (``test_personal_data_*.py``) so the two walks run on different test workers."""

from __future__ import annotations

import inspect
import itertools
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from litestar.params import ParameterKwarg
from sqlalchemy import Engine, select

from surgebench.app import create_app
from surgebench.db.orm import Client, ClientModel, Cycle, Program
from surgebench.db.session import unit_of_work
from surgebench.domain.accounts.guards import clients_only
from surgebench.lib.openapi import schema_of
from tests.conftest import _empty_all_tables
from tests.integration.programs.history_builders import Worked, record_history
from tests.integration.routes import Endpoint, endpoints
from tests.integration.specialists.bench_builders import add_specialist


@dataclass(frozen=True)
class Person:
    full_name: str
    email: str
    country: str
    timezone: str
    quality: str
    hourly_rate: str


@dataclass(frozen=True)
class Seat:
    """What the client sees of a roster row: the same in both worlds."""

    skill: str
    level: int
    cycles: tuple[int, ...]


SEATS = (
    Seat("coding.python", 3, (1, 2, 3)),
    Seat("math.algebra", 4, (2, 3)),
    Seat("coding.python", 2, (3,)),
    Seat("coding.python", 3, (1, 3)),
    Seat("math.algebra", 3, (1, 2, 3)),
)
WORLDS = {
    # Two "Asha V." whose family names sort the other way round in the second world.
    "first": (
        Person("Asha Verma", "asha.verma@example.test", "IN", "Asia/Kolkata", "0.910", "40.00"),
        Person("Asha Vance", "avance@example.test", "US", "America/New_York", "0.550", "95.00"),
        Person("Ben Okafor", "ben.okafor@example.test", "NG", "Africa/Lagos", "0.700", "30.00"),
        Person("Chandra", "chandra@example.test", "IN", "Asia/Kolkata", "0.800", "35.00"),
        Person("Dana Kim", "dana.kim@example.test", "KR", "Asia/Seoul", "0.650", "60.00"),
    ),
    "second": (
        Person("Asha Volk", "volk.a@example.test", "BR", "America/Sao_Paulo", "0.400", "20.00"),
        Person("Asha Vyas", "asha.vyas@example.test", "GB", "Europe/London", "0.990", "150.00"),
        Person("Ben Ortiz", "bortiz@example.test", "MX", "America/Mexico_City", "0.300", "25.00"),
        Person("Chandra", "c.handra@example.test", "DE", "Europe/Berlin", "0.500", "45.00"),
        Person("Dana Kaur", "dkaur@example.test", "CA", "America/Toronto", "0.950", "80.00"),
    ),
}
CROWD = tuple(f"Crew{letter} Member{letter}" for letter in "ABCDEFGHIJKL")
"""Twelve people on cycle 3 in one role: in the first world the first six work from the Philippines
(Tagalog) and the other six from Kenya (Swahili), in the second world the other way round — so the
make-up (PH 6, KE 6; UTC+8 6, UTC+3 6; en 12, tl 6, sw 6; the whole team PH 6, KE 6, other 5) is the
same while every one of them has another country, time zone and language."""
HOMES = {
    "PH": ("Asia/Manila", "en;tl"),
    "KE": ("Africa/Nairobi", "en;sw"),
}
OTHERS = ("Zoltan Quist", "Yara Nakamura")
"""Meridian AI's people: their engagements are written in between in the second world."""
FAMILY_NAMES = sorted(
    {p.full_name.split()[-1].lower() for people in WORLDS.values() for p in people if " " in p.full_name}
    | {other.split()[-1].lower() for other in OTHERS}
)
HIDDEN_WORDS = sorted(
    {
        word.lower()
        for people in WORLDS.values()
        for p in people
        for word in (p.email.split("@")[0], p.country)
    }
    | set(FAMILY_NAMES)
    | {family[:n] for family in FAMILY_NAMES for n in (2, 3)}
    | {"ph", "ke", "tl", "sw", "manila", "nairobi"}
)
"""What a search could look for that the client is not shown: family names and their first letters (a
letter-by-letter search), e-mails, countries."""


def _worked(person: Person, seat: Seat) -> list[Worked]:
    return [
        Worked(person.email, "aurora-labs", "orion", n, skill=seat.skill, level=seat.level, running=n == 3)
        for n in seat.cycles
    ]


def _build(engine: Engine, world: str) -> None:
    people = WORLDS[world]
    later = world == "second"
    if later:  # other people on the bench first: every bench id differs
        for n in range(3):
            add_specialist(engine, full_name=f"Extra Person{n}", email=f"extra{n}@example.test")
    for person in reversed(people) if later else people:
        add_specialist(
            engine,
            full_name=person.full_name,
            email=person.email,
            country=person.country,
            timezone=person.timezone,
            quality=person.quality,
            hourly_rate=person.hourly_rate,
            skills="coding.python:5;math.algebra:5",
        )
    rows = [row for person, seat in zip(people, SEATS, strict=True) for row in _worked(person, seat)]
    if later:  # the cycles made in the same order (so with the same ids), each one's people in another
        rows = sorted(reversed(rows), key=lambda row: row.cycle)
    record_history(engine, rows)
    _crowd(engine, later)
    others = [
        Worked(f"{name.split()[0].lower()}@example.test", "meridian-ai", "atlas", n, running=n == 3)
        for name in OTHERS
        for n in (1, 2, 3)
    ]
    for name in OTHERS:
        add_specialist(engine, full_name=name, email=f"{name.split()[0].lower()}@example.test")
    record_history(engine, others)
    if later:  # more of Meridian's engagements written after Aurora's
        add_specialist(engine, full_name="Xavier Lund", email="xavier@example.test")
        record_history(engine, [Worked("xavier@example.test", "meridian-ai", "atlas", 3, running=True)])


def _crowd(engine: Engine, later: bool) -> None:
    crowd = list(enumerate(CROWD))
    for n, name in reversed(crowd) if later else crowd:
        country = ("PH" if n < 6 else "KE") if not later else ("KE" if n < 6 else "PH")
        timezone, languages = HOMES[country]
        add_specialist(
            engine,
            full_name=name,
            email=f"crew{n}.{world_tag(later)}@example.test",
            country=country,
            timezone=timezone,
            languages=languages,
            skills="coding.rust:4",
        )
    worked = [
        Worked(
            f"crew{n}.{world_tag(later)}@example.test",
            "aurora-labs",
            "orion",
            3,
            skill="coding.rust",
            running=True,
        )
        for n, _name in crowd
    ]
    record_history(engine, list(reversed(worked)) if later else worked)


def world_tag(later: bool) -> str:
    return "two" if later else "one"


def _aurora_ids(engine: Engine) -> dict[str, list[int]]:
    with unit_of_work(engine, writes=False) as db:
        program = db.scalar(
            select(Program.id)
            .join(ClientModel, ClientModel.id == Program.model_id)
            .join(Client, Client.id == ClientModel.client_id)
            .where(Client.slug == "aurora-labs")
        )
        cycles = list(db.scalars(select(Cycle.id).where(Cycle.program_id == program).order_by(Cycle.number)))
    return {"program_id": [program], "cycle_id": cycles}


def _client_routes(app: Any) -> list[Endpoint]:
    found = [e for e in endpoints(app) if e.method == "GET" and clients_only in e.guards]
    assert len(found) >= 8, "the walk found the portal's routes"
    return found


def _query_parameters(endpoint: Endpoint) -> list[str]:
    """The query parameters a handler reads, itself or through its dependencies."""
    callables = [endpoint.handler.fn] + [
        provider.dependency for provider in endpoint.handler.resolve_dependencies().values()
    ]
    names = []
    for function in callables:
        for parameter in inspect.signature(function).parameters.values():
            if isinstance(parameter.default, ParameterKwarg) and parameter.default.header is None:
                names.append(parameter.default.query or parameter.name)
    return names


def _parameter_schemas(app: Any) -> dict[str, dict[str, Any]]:
    """Query parameter name → its schema in the client's API operations (the pages take the same)."""
    schema = schema_of(app)
    found: dict[str, dict[str, Any]] = {}
    for path, item in schema["paths"].items():
        for operation in item.values() if path.startswith("/api/client/") else ():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    found[parameter["name"]] = parameter.get("schema", {})
    return found


def _tried_values(schema: dict[str, Any]) -> list[str]:
    """What the schema allows and a few values it does not; free text gets every letter on its own (a
    letter-by-letter search) and every piece of what the client is not shown."""
    junk = ["", "zz"]
    if schema.get("enum"):
        return [*map(str, schema["enum"]), *junk]
    if schema.get("type") == "integer":
        low, high = int(schema.get("minimum", 0)), int(schema.get("maximum", 100))
        return [*map(str, sorted({low, low + 1, low + 2, high, high + 1})), "0", *junk]
    return [*junk, *string.ascii_lowercase, *HIDDEN_WORDS, "asha v"]


def _queries(parameters: list[str], schemas: dict[str, dict[str, Any]]) -> Iterator[dict[str, str]]:
    yield {}
    for name in parameters:
        for value in _tried_values(schemas.get(name, {})):
            yield {name: value}
    enumerated = [name for name in parameters if schemas.get(name, {}).get("enum")]
    for first, second in itertools.combinations(enumerated, 2):
        for a, b in itertools.product(schemas[first]["enum"], schemas[second]["enum"]):
            yield {first: str(a), second: str(b)}


def _normalised(answer: Any, account: tuple[str, str]) -> tuple[int, str]:
    """The answer, without what differs only because each world signs in a new account."""
    text = answer.text
    for mine in account:
        text = text.replace(mine, "ME")
    return answer.status_code, re.sub(r'name="_csrf" value="[^"]*"', 'name="_csrf"', text)


def _answers(engine: Engine, settings: Any, sign_in_as: Any, api_as: Any) -> dict[str, tuple[int, str]]:
    app = create_app(settings)
    ids = _aurora_ids(engine)
    api = api_as("client", "aurora-labs")
    browser = sign_in_as("client", "aurora-labs")
    account = (browser.email, "Test client")
    schemas = _parameter_schemas(app)
    found = {}
    seen_groups: set[tuple[str, int]] = set()
    for endpoint in _client_routes(app):
        http = api if endpoint.is_api else browser.http
        names = re.findall(r"\{(\w+):int\}", endpoint.path)
        for values in itertools.product(*(ids[name] for name in names)):
            url = endpoint.path
            for name, value in zip(names, values, strict=True):
                url = url.replace(f"{{{name}:int}}", str(value))
            walked = not values or values[-1] == ids["cycle_id"][-1]  # every parameter on the running cycle
            for query in _queries(_query_parameters(endpoint), schemas) if walked else [{}]:
                answer = http.get(url, params=query, follow_redirects=False)
                _no_small_groups(answer, url)
                found[f"{url}?{sorted(query.items())}"] = _normalised(answer, account)
                seen_groups.update(_groups(answer))
    assert {("PH", 6), ("KE", 6), ("other", 5)} <= seen_groups, "the walk saw the crowd's make-up"
    return found


def _groups(answer: Any) -> list[tuple[str, int]]:
    """Every aggregate group an answer shows: ``{name, people}`` objects in JSON, ``data-group`` with
    ``data-people`` on a page."""
    if answer.headers.get("content-type", "").startswith("application/json"):
        found: list[tuple[str, int]] = []

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                if set(value) == {"name", "people"}:
                    found.append((value["name"], value["people"]))
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(answer.json())
        return found
    return [(g, int(n)) for g, n in re.findall(r'data-group="([^"]*)" data-people="(\d+)"', answer.text)]


def _no_small_groups(answer: Any, url: str) -> None:
    small = [(name, n) for name, n in _groups(answer) if n < 5 and name != "other"]
    assert not small, f"{url} shows groups of under five people: {small}"


def walk_both_worlds(engine: Engine, settings: Any, sign_in_as: Any, api_as: Any) -> None:
    """Build each world in turn on the test's database, ask everything, and compare."""
    answers = {}
    for world in WORLDS:
        if answers:  # the second world starts from empty tables, as the first did
            from surgebench.demo.reference import load_reference_data

            _empty_all_tables(engine)
            with unit_of_work(engine) as db:
                load_reference_data(db)
        _build(engine, world)
        answers[world] = _answers(engine, settings, sign_in_as, api_as)
    first, second = answers["first"], answers["second"]
    assert set(first) == set(second), "the worlds' programs and cycles have the same ids"
    assert len(first) > 500, "the walk tried the parameters"
    differ = [request for request in first if first[request] != second[request]]
    examples = "\n".join(f"{r}\n  {first[r][1][:300]}\n  {second[r][1][:300]}" for r in differ[:5])
    assert not differ, (
        f"{len(differ)} of {len(first)} answers depend on what the client is not shown:\n{examples}"
    )
