"""A request that announces a body and never sends it is not held for ever: a real ``surgebench serve``
answers 408 and closes the connection once ``SURGEBENCH_BODY_TIMEOUT_SECONDS`` pass with nothing
arriving, and a client that goes away in the middle of its body leaves no ERROR or traceback in the log."""

from __future__ import annotations

import socket
import time
import urllib.request

from surgebench.db.session import unit_of_work
from surgebench.domain.accounts import service as accounts
from surgebench.domain.audit.service import Actor
from tests.integration.faults.harness import Instance

BOUND_S = 2
PATIENCE_S = BOUND_S + 30
"""How long the test's socket waits before calling the connection held (a generous upper limit)."""


def _token(engine, make_account) -> str:  # type: ignore[no-untyped-def]
    user_id, _email, _password = make_account("admin")
    with unit_of_work(engine) as db:
        return accounts.create_api_token(db, Actor.system("test"), accounts.get_user(db, user_id), "body")


def _announce_a_body(port: int, token: str, sent: bytes = b"") -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(
        b"POST /api/users HTTP/1.1\r\nHost: localhost\r\n"
        + f"Authorization: Bearer {token}\r\n".encode()
        + b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
        + sent
    )
    return connection


def _read_until_closed(connection: socket.socket) -> bytes:
    connection.settimeout(PATIENCE_S)
    answer = b""
    try:
        while chunk := connection.recv(4096):
            answer += chunk
    except TimeoutError:
        raise AssertionError(
            f"the connection was still held after {PATIENCE_S} s: {answer[:200]!r}"
        ) from None
    return answer


def test_a_body_that_never_comes_is_answered_408_and_the_connection_closed(
    engine, database_url, make_account, tmp_path
) -> None:
    token = _token(engine, make_account)
    log = tmp_path / "serve.log"
    instance = Instance(
        database_url, "bodies", env={"SURGEBENCH_BODY_TIMEOUT_SECONDS": str(BOUND_S)}, log=log
    )
    try:
        with _announce_a_body(instance.port, token) as silent:
            answer = _read_until_closed(silent)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"connection: close" in answer.lower()
        with _announce_a_body(instance.port, token, sent=b'{"email": "a'):
            time.sleep(0.2)  # part of the body, then the client goes away
        health = urllib.request.urlopen(f"http://127.0.0.1:{instance.port}/health", timeout=10)
        assert health.status == 200
    finally:
        instance.stop()
    written = log.read_text()
    assert "ERROR" not in written and "Traceback" not in written, written[-3000:]
