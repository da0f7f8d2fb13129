"""pytest plugin of the Lexer Activity API mock (entry point ``pytest11``: installing the kit is all
a user does).

Fixture ``lexer_mock``: one mock per test session (built at the first test that asks for it), its
state reset for the fixture's token before each test; the value is a
:class:`mock_server.testing.LexerMock`: ``base_url`` (``http://127.0.0.1:PORT/v1``), ``token``,
``client`` (the kit's Python client, ready), ``journal()``, ``reset()``, ``assert_requested()``
and the control calls (``fault``, ``override_report``, ``export_state``, ``set_clock``, ...).
Fixture ``lexer_mock_server``: the session's :class:`mock_server.testing.MockServer`.

Settings, on the command line or in the ini file (pytest.ini, ``[tool.pytest.ini_options]``):

- ``--lexer-mock-args`` / ``lexer_mock_args``: the mock's own flags, as ``lexer-mock`` takes them
  (``--rate-limit 0 --latency 5 --token T``; ``lexer-mock --help`` lists them). The plugin's
  defaults differ in two: a free port, and ``--export-delay 0``. The command line's come after
  the ini file's, so they win.
- ``--lexer-mock-mode`` / ``lexer_mock_mode``: ``http`` (default; a uvicorn server in a thread on
  127.0.0.1) or ``in-process`` (no socket: the clients get an in-process transport, export
  downloads included).

The module imports only pytest and the standard library: the mock itself is built when a test
first asks for it, so a run that never uses the fixture pays nothing.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from mock_server.settings import Settings
    from mock_server.testing import LexerMock, MockServer

MODES = ("http", "in-process")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lexer-mock", "the Lexer Activity API mock (fixture lexer_mock)")
    group.addoption(
        "--lexer-mock-args",
        default=None,
        metavar="FLAGS",
        help="the mock's flags, as lexer-mock takes them (e.g. '--rate-limit 0'); after lexer_mock_args",
    )
    group.addoption(
        "--lexer-mock-mode",
        default=None,
        choices=MODES,
        help="http: a server on 127.0.0.1 (default); in-process: no socket",
    )
    parser.addini("lexer_mock_args", "the mock's flags, as lexer-mock takes them", default="")
    parser.addini("lexer_mock_mode", "http (default) or in-process", default="http")


def _flags(config: pytest.Config) -> list[str]:
    flags = shlex.split(str(config.getini("lexer_mock_args")))
    return flags + shlex.split(config.getoption("lexer_mock_args") or "")


def _mode(config: pytest.Config) -> str:
    mode = config.getoption("lexer_mock_mode") or str(config.getini("lexer_mock_mode")).strip() or "http"
    if mode not in MODES:
        raise pytest.UsageError(f"lexer_mock_mode must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def _settings(config: pytest.Config) -> tuple[Settings, str, int]:
    from mock_server.cli import settings_from_flags

    flags = _flags(config)
    try:
        return settings_from_flags(flags)
    except ValueError as exc:
        raise pytest.UsageError(f"lexer_mock_args {shlex.join(flags)!r}: {exc}") from None


def pytest_configure(config: pytest.Config) -> None:
    """Bad settings end the run at once (exit status 4), as pytest's own do; without any, nothing
    of the mock is imported here."""
    _mode(config)
    if _flags(config):
        _settings(config)


@pytest.fixture(scope="session")
def lexer_mock_server(pytestconfig: pytest.Config) -> Iterator[MockServer]:
    """The session's mock, started at first use and stopped at the end of the session."""
    from mock_server.testing import MockServer

    settings, host, port = _settings(pytestconfig)
    server = MockServer(settings, mode=_mode(pytestconfig), host=host, port=port)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def lexer_mock(lexer_mock_server: MockServer) -> LexerMock:
    """The mock for one test: its token's journal, rate-limit count, export jobs, faults,
    overrides and clock are reset first."""
    handle = lexer_mock_server.handle()
    handle.reset()
    return handle
