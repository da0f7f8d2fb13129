"""Shared fixtures: the Connexion mock in-process and over real HTTP.

- ``mock_app``: one ``create_app()`` for the session (rate limit off, responses validated against
  the spec, export jobs complete at the first poll).
- ``asgi_client``: a Starlette TestClient on ``mock_app`` (in-process, synchronous); send the
  ``Auth-Api-Token`` header yourself.
- ``mock_url``: the same kind of app served by uvicorn in a thread with the CLI's set-up
  (``serve_in_thread`` of tests/support/servers.py) on 127.0.0.1 and a free port; the value is the server
  root (``http://127.0.0.1:PORT``), the API is under ``/v1``.
- ``prism_url``: one Prism per session (defined in tests/support/prism.py, re-exported here).

Under ``CI`` the Hypothesis tests (and Schemathesis' in-process ones) are derandomized: CI then runs
exactly the cases a developer ran with ``CI=true``, so a landing never hangs on a new random draw.
Without ``CI`` every run explores new cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings
from starlette.testclient import TestClient

from mock_server.app import MockApp, create_app
from tests.support.prism import prism_url
from tests.support.servers import serve_in_thread

__all__ = ["asgi_client", "mock_app", "mock_url", "prism_url"]

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
    with serve_in_thread(session_app()) as url:
        yield url
