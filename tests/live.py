"""The real app served by uvicorn on a free local port, in a background thread of the test process: for
tests that need real HTTP from several clients at once (browsers, concurrent writers)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

import uvicorn

from surgebench.lib.clock import Clock
from surgebench.settings import Settings

SERVER_START_TIMEOUT_S = 20.0


class LiveServer:
    """uvicorn serving ``create_app(settings)`` in a background thread on an already-bound socket."""

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        from surgebench.app import create_app

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(create_app(settings, clock), log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="live-server", daemon=True
        )

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if not self._thread.is_alive():
                raise RuntimeError("the live server stopped while starting; see the log above")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1.0) as answer:
                    if answer.status == 200:
                        return
            except OSError as exc:  # refused while binding up, or an error status
                last_error = exc
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(
            f"the live server did not answer /health within {SERVER_START_TIMEOUT_S}s: {last_error}"
        )

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
        if self._thread.is_alive():
            raise RuntimeError("the live server did not stop within 10s")
