"""Shared fixtures: the Connexion mock in-process and over real HTTP.

- ``mock_app``: one ``create_app()`` for the session (rate limit off, responses validated against
  the spec, export jobs complete at the first poll).
- ``asgi_client``: a Starlette TestClient on ``mock_app`` (in-process, synchronous); send the
  ``Auth-Api-Token`` header yourself.
- ``mock_url``: the same kind of app served by uvicorn in a thread on 127.0.0.1 and a free port;
  the value is the server root (``http://127.0.0.1:PORT``), the API is under ``/v1``.
- ``prism_url``: one Prism per session (defined in tests/prism.py, re-exported here).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from prism import prism_url
from starlette.testclient import TestClient

from mock_server.app import MockApp, create_app
from mock_server.server import config as server_config

STARTUP_TIMEOUT_S = 30.0
__all__ = ["asgi_client", "mock_app", "mock_url", "prism_url"]


def session_app() -> MockApp:
    return create_app(rate_limit="0", validate_responses=True, export_delay=0)


@pytest.fixture(scope="session")
def mock_app() -> MockApp:
    return session_app()


@pytest.fixture(scope="session")
def asgi_client(mock_app: MockApp) -> Iterator[TestClient]:
    with TestClient(mock_app, base_url="http://testserver") as client:
        yield client


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # The CLI's own uvicorn settings (parser errors in the Error shape, upgrades answered as HTTP).
    server = uvicorn.Server(server_config(session_app(), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="mock-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the mock server thread did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
