"""Fixtures of the typed client's tests: a mock of their own over real HTTP, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lexer_activity_client import Lexer

from mock_server.app import create_app
from tests.support.control import reset
from tests.support.mock_helpers import TOKEN
from tests.support.servers import serve_in_thread

REQUEST_TIMEOUT_S = 30.0  # a guard against hanging, not a measurement


@pytest.fixture(scope="session")
def client_mock() -> Iterator[str]:
    """The root URL of a mock (no rate limit, answers validated, exports complete at the first poll)."""
    app = create_app(rate_limit="0", validate_responses=True, export_delay=0)
    with serve_in_thread(app) as root:
        yield root


@pytest.fixture
def lexer(client_mock: str) -> Iterator[Lexer]:
    """A Lexer of ``client_mock`` (both servers), after forgetting the token's state there."""
    reset(client_mock)
    with Lexer(
        TOKEN,
        base_url=f"{client_mock}/v1",
        status_base_url=f"{client_mock}/api/public/v1",
        timeout=REQUEST_TIMEOUT_S,
    ) as client:
        yield client
