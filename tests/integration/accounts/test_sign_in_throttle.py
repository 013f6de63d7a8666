"""Sign-in throttling by account and source (OWASP ASVS 6.3): a stranger's failures never lock the owner
out, one address that keeps failing is refused with 429 and ``Retry-After`` for longer each time, and a
guessing attack spread over many addresses slows the account down for new addresses only. Over real
HTTP (uvicorn), each client sending from its own loopback address, on both engines."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from tests.live import LiveServer
from tests.support import csrf_from

from surgebench.db.base import utcnow
from surgebench.db.orm import AuditEntry, SignInThrottle
from surgebench.db.session import unit_of_work
from surgebench.settings import AuthSettings, SchedulerSettings, ServerSettings, Settings

WRONG = "not the password at all"
LIMIT = AuthSettings().max_failed_sign_ins


@pytest.fixture
def server(engine, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    live = LiveServer(
        Settings(
            db=settings.db, server=ServerSettings(run_jobs=False), scheduler=SchedulerSettings(enabled=False)
        )
    )
    live.start()
    yield live.url
    live.stop()


def _from(server: str, address: str) -> httpx.Client:
    """A browser on another machine: its requests come from ``address`` (all of 127/8 is this host)."""
    return httpx.Client(base_url=server, transport=httpx.HTTPTransport(local_address=address), timeout=30)


def _sign_in(browser: httpx.Client, email: str, password: str) -> httpx.Response:
    form = browser.get("/sign-in")
    return browser.post(
        "/sign-in", data={"_csrf": csrf_from(form.text), "email": email, "password": password}
    )


def _signed_in(answer: httpx.Response) -> bool:
    return answer.is_redirect and "surgebench_session" in answer.headers.get("set-cookie", "")


def test_a_strangers_failures_never_keep_the_owner_out(server, make_account) -> None:
    _uid, email, password = make_account("admin")
    with _from(server, "127.0.0.3") as office:
        assert _signed_in(_sign_in(office, email, password))  # the owner's usual place
    with _from(server, "127.0.0.2") as stranger:
        answers = [_sign_in(stranger, email, WRONG).status_code for _ in range(LIMIT + 3)]
    assert answers == [400] * LIMIT + [429] * 3
    with _from(server, "127.0.0.3") as office, _from(server, "127.0.0.4") as travelling:
        assert _signed_in(_sign_in(office, email, password))
        assert _signed_in(_sign_in(travelling, email, password))  # a new place is not refused either


def test_an_address_that_keeps_failing_waits_longer_each_time(server, engine, make_account, caplog) -> None:
    _uid, email, password = make_account("recruiter")
    caplog.set_level(logging.WARNING, logger="surgebench")
    with _from(server, "127.0.0.2") as stranger:
        for _ in range(LIMIT):
            assert _sign_in(stranger, email, WRONG).status_code == 400
        refused = _sign_in(stranger, email, password)  # even the right password: nothing is checked
        assert refused.status_code == 429 and "Try again in" in refused.text
        first_wait = int(refused.headers["Retry-After"])
        _pass_the_lockout(engine, email)
        for _ in range(LIMIT):
            assert _sign_in(stranger, email, WRONG).status_code == 400
        second_wait = int(_sign_in(stranger, email, password).headers["Retry-After"])
    assert 0 < first_wait <= AuthSettings().lockout.total_seconds()
    assert first_wait < second_wait <= 2 * AuthSettings().lockout.total_seconds()
    with unit_of_work(engine, writes=False) as db:
        audited = db.scalars(select(AuditEntry.changes).where(AuditEntry.action == "sign_in_lockout")).all()
    assert [entry["source"][1] for entry in audited] == ["127.0.0.2", "127.0.0.2"]
    assert sum("refused from 127.0.0.2" in r.getMessage() for r in caplog.records) == 2


def test_guessing_from_many_addresses_slows_only_new_addresses(server, engine, make_account) -> None:
    _uid, email, password = make_account("program_manager")
    with _from(server, "127.0.0.3") as office:
        assert _signed_in(_sign_in(office, email, password))
    ceiling = AuthSettings().account_ceiling
    addresses = [f"127.0.1.{n}" for n in range(1, ceiling // LIMIT + 1)]
    for address in addresses:
        with _from(server, address) as bot:
            for _ in range(LIMIT):
                assert _sign_in(bot, email, WRONG).status_code == 400
    with _from(server, "127.0.2.1") as new_place:
        slowed = _sign_in(new_place, email, password)
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) > 0
    with _from(server, "127.0.0.3") as office:
        assert _signed_in(_sign_in(office, email, password))
    with unit_of_work(engine, writes=False) as db:
        assert db.scalar(select(AuditEntry.id).where(AuditEntry.action == "sign_in_slowdown")) is not None


def _pass_the_lockout(engine, email: str) -> None:  # type: ignore[no-untyped-def]
    """The lockout's time has passed (the service reads the system clock; the test moves the row)."""
    with unit_of_work(engine) as db:
        db.execute(
            update(SignInThrottle)
            .where(SignInThrottle.email == email, SignInThrottle.source == "127.0.0.2")
            .values(locked_until=utcnow() - timedelta(seconds=1))
        )
