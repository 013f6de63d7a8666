"""The small world the lifecycle machine lives in: three clients (two terms between them, written by
either side, one pair with no cooldown at all), a program each, a bench of 28 specialists, and the
accounts that drive the service over HTTP. Built afresh for every example, from empty tables."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from litestar.testing import TestClient
from sqlalchemy import Engine, insert

from surgebench.app import create_app
from surgebench.db.orm import Client
from surgebench.db.session import unit_of_work
from surgebench.demo.reference import load_reference_data
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
from surgebench.domain.clients import repository as clients
from surgebench.domain.programs import service as programs
from surgebench.domain.specialists import service as specialists
from surgebench.lib.clock import FixedClock
from surgebench.settings import Settings
from tests.conftest import _empty_all_tables
from tests.support import sign_in_via_form

START = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
"""Every example starts on this moment (a Wednesday), at noon."""
SETUP = Actor.system("lifecycle-setup")
BENCH_SIZE = 28

PROGRAMS = (("aurora-labs", "orion"), ("meridian-ai", "atlas"), ("helix-bio", "vega"))
COOLDOWNS = {"aurora-labs": 0, "meridian-ai": 0, "helix-bio": 5}
TERMS = {"aurora-labs": ["meridian-ai"], "helix-bio": ["aurora-labs"]}
"""Who lists whom. Aurora–Meridian is a term with no cooldown on either side (the pair's cooldown is
then one day: never on both rosters on one day); Helix–Aurora's is Helix's five days (the longer side).
Meridian and Helix are not rivals."""
RIVALRIES = tuple((a, b) for a, listed in TERMS.items() for b in listed)


@dataclass
class Clients:
    """The HTTP clients of one app per role (two program managers on two app instances, to race)."""

    pm: TestClient
    pm2: TestClient
    admin: TestClient
    pages: TestClient
    """A program manager signed in through the sign-in page (a browser's session), for the HTML pages."""
    portal: dict[str, TestClient] = field(default_factory=dict)


class Harness:
    """One database, one clock, the apps on them: what every example of the machine shares. ``reset``
    empties the database and builds the world again (and re-issues the accounts' tokens)."""

    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = FixedClock(START)
        self._opened: list[TestClient] = []
        self.http = Clients(self._open(), self._open(), self._open(), self._open())
        self.http.portal = {slug: self._open() for slug, _model in PROGRAMS}

    def _open(self) -> TestClient:
        http = TestClient(app=create_app(self.settings, self.clock))
        http.__enter__()
        self._opened.append(http)
        return http

    def close(self) -> None:
        for http in self._opened:
            http.__exit__(None, None, None)

    def reset(self, seed: int) -> World:
        self.clock.advance(START - self.clock.now())  # every example starts on the same day
        _empty_all_tables(self.engine)
        with unit_of_work(self.engine) as db:
            load_reference_data(db)
            known = clients.ids_by_slug(db)
            for slug, _model in PROGRAMS:
                if slug not in known:
                    db.execute(insert(Client).values(slug=slug, name=slug.replace("-", " ").title()))
            ids = clients.ids_by_slug(db)
            for slug, listed in TERMS.items():
                clients.replace_competitors(db, ids[slug], [ids[s] for s in listed])
            for slug, days in COOLDOWNS.items():
                found = clients.by_slug(db, slug)
                assert found is not None
                found.cooldown_days = days
            program_ids = {
                slug: programs.create_program(db, SETUP, slug, model).id for slug, model in PROGRAMS
            }
        self._tokens()
        return World(program_ids, _bench(self.engine, random.Random(seed)))

    def _tokens(self) -> None:
        password = "correct horse battery staple"

        def account(role: str, slug: str | None = None) -> tuple[str, str]:
            """A new account's e-mail and an API token of it."""
            with unit_of_work(self.engine) as db:
                user = accounts.create_user(
                    db,
                    SETUP,
                    email=f"{role}-{uuid.uuid4().hex[:8]}@example.test",
                    full_name=f"Lifecycle {role}",
                    role=role,
                    password=password,
                    client_slug=slug,
                )
                return user.email, accounts.create_api_token(db, SETUP, user, "lifecycle")

        def token(role: str, slug: str | None = None) -> str:
            return account(role, slug)[1]

        self.http.pages.cookies.clear()
        sign_in_via_form(self.http.pages, account("program_manager")[0], password)

        for http, role in (
            (self.http.pm, "program_manager"),
            (self.http.pm2, "program_manager"),
            (self.http.admin, "admin"),
        ):
            http.headers["Authorization"] = f"Bearer {token(role)}"
        for slug, http in self.http.portal.items():
            http.headers["Authorization"] = f"Bearer {token('client', slug)}"


@dataclass
class World:
    programs: dict[str, int]
    """Client slug → its program's id."""
    people: list[int]


def _bench(engine: Engine, rng: random.Random) -> list[int]:
    """28 specialists: Python at levels 2–5 (some algebra too), 20–40 hours a week, some of them with
    vetting that runs out within the next two months."""
    ids = []
    for i in range(BENCH_SIZE):
        skills = f"coding.python:{rng.choice((2, 3, 4, 4, 5))}"
        if rng.random() < 0.4:
            skills += f";math.algebra:{rng.choice((2, 3, 4))}"
        expires = None
        if rng.random() < 0.25:
            expires = date.fromordinal(START.date().toordinal() + rng.randint(5, 60)).isoformat()
        raw = {
            "email": f"person{i}@example.test",
            "full_name": f"Person {i:02d}",
            "country": rng.choice(("IN", "NG", "FR", "BR")),
            "timezone": "UTC",
            "languages": "en",
            "skills": skills,
            "status": "vetted",
            "vetting_expires": expires,
            "available_from": None,
            "weekly_hours": rng.choice((20, 30, 40)),
            "committed_hours": rng.choice((0, 0, 0, 10)),
            "quality": f"{rng.randint(650, 990) / 1000:.3f}",
            "hourly_rate": f"{rng.randint(20, 90)}.00",
        }
        with unit_of_work(engine) as db:
            ids.append(specialists.create_from_input(db, SETUP, raw).id)
    return ids
