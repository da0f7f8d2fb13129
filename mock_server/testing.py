"""The mock inside a test suite: a server for the session and a handle on it per test.

The pytest plugin (pytest_plugin.py, fixture ``lexer_mock``) is built from these two; other test
runners can use them directly::

    server = MockServer(Settings(export_delay=0))   # or mode="in-process": no socket
    mock = server.handle()
    mock.reset()
    ...
    server.stop()

- :class:`MockServer` builds the app once and serves it on a free loopback port in a background
  thread (``mode="http"``), or keeps it in process (``mode="in-process"``: requests go through
  :class:`~mock_server.in_process.InProcessTransport`, export downloads included).
- :class:`LexerMock` is a handle scoped to one API token: ``base_url``, ``token``, ready clients of
  the kit's Python client, and every control call, each a thin call over the HTTP control API
  (``/_mock/...``) that answers its JSON and raises :class:`ControlError` when the mock refuses.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
import json
import socket
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from mock_server.settings import DOCUMENTED_TOKEN, Settings

IN_PROCESS_ROOT = "http://lexer-mock.test"  # the server root in-process mode pretends to have
START_TIMEOUT_S = 30.0
TOKEN_HEADER = "Auth-Api-Token"
SHOWN_NEAREST = 3  # requests shown when an expected one is missing


class ControlError(Exception):
    """The mock refused a control call (400 with the reason, 401 for a token it does not accept)."""

    def __init__(self, response: httpx.Response) -> None:
        try:
            payload = response.json()
        except ValueError:
            payload = {"error": "", "message": response.text}
        self.status_code = response.status_code
        self.error = str(payload.get("error", ""))
        self.message = str(payload.get("message", ""))
        super().__init__(
            f"{response.request.method} {response.request.url.path} -> {self.status_code} "
            f"{self.error}: {self.message}"
        )


class MockServer:
    """The mock for a test session: built once, served over HTTP or kept in process."""

    def __init__(
        self, settings: Settings | None = None, *, mode: str = "http", host: str = "127.0.0.1", port: int = 0
    ) -> None:
        if mode not in ("http", "in-process"):
            raise ValueError(f"mode must be 'http' or 'in-process', not {mode!r}")
        self.settings = settings or Settings()
        self.mode = mode
        self._host, self._port = host, port
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._transport: Any = None
        self._http: httpx.Client | None = None
        self._clients: dict[tuple[str, str], Any] = {}
        self.app: Any = None
        self.root = ""

    # ------------------------------------------------------------------ life cycle
    def start(self) -> MockServer:
        if self.app is not None:
            return self
        from mock_server.app import create_app  # imported here: pytest loads the plugin in every run

        self.app = create_app(self.settings)
        if self.mode == "in-process":
            from mock_server.in_process import InProcessTransport

            self._transport = InProcessTransport(self.app)
            self.root = IN_PROCESS_ROOT
            self._http = httpx.Client(base_url=self.root, transport=self._transport.borrowed())
            return self
        import uvicorn

        from mock_server.server import config

        sock = socket.socket(socket.AF_INET6 if ":" in self._host else socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._port))
        port = sock.getsockname()[1]
        self._server = uvicorn.Server(config(self.app, log_level="warning"))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="lexer-mock", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                sock.close()
                raise RuntimeError(f"the mock did not start on {self._host}:{port}")
            time.sleep(0.005)
        self._sock = sock
        host = f"[{self._host}]" if ":" in self._host else self._host
        self.root = f"http://{host}:{port}"
        self._http = httpx.Client(base_url=self.root, timeout=30.0)
        return self

    def stop(self) -> None:
        for client in self._clients.values():
            close = getattr(client, "close", None)
            if callable(close):
                close()
            else:  # the generated AuthenticatedClient closes its httpx client on __exit__
                client.__exit__(None, None, None)
        self._clients.clear()
        if self._http is not None:
            self._http.close()
            self._http = None
        if self._server is not None:
            self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(timeout=30)
            self._sock.close()
            self._server = None
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        self.app = None

    # ------------------------------------------------------------------ clients
    @property
    def http(self) -> httpx.Client:
        """An ``httpx.Client`` on the server root (control calls go through it)."""
        if self._http is None:
            self.start()
        assert self._http is not None
        return self._http

    def httpx_args(self) -> dict[str, Any]:
        """What an httpx-based client needs to reach the mock (a transport, in process)."""
        return {"transport": self._transport.borrowed()} if self._transport is not None else {}

    def async_httpx_args(self) -> dict[str, Any]:
        if self.mode != "in-process":
            return {}
        from mock_server.in_process import AsyncInProcessTransport

        return {"transport": AsyncInProcessTransport(self.app)}

    def handle(self, token: str | None = None) -> LexerMock:
        self.start()
        return LexerMock(self, token or self.settings.tokens[0])

    def client_for(self, token: str, kind: str) -> Any:
        """A client of the kit's Python client for ``token``: a sync one is made once per session
        (and closed with it); an async one is new each time (it belongs to the caller's event
        loop: close it there, ``async with``)."""
        if kind == "async":
            return _make_client(self, token, kind)
        key = (token, kind)
        if key not in self._clients:
            self._clients[key] = _make_client(self, token, kind)
        return self._clients[key]


def _accepted(factory: Any, **kwargs: Any) -> dict[str, Any]:
    parameters = inspect.signature(factory).parameters
    return {name: value for name, value in kwargs.items() if name in parameters}


def _make_client(server: MockServer, token: str, kind: str) -> Any:
    """``Lexer`` / ``AsyncLexer`` of lexer_activity_client (its typed client) where it has them,
    else its generated ``AuthenticatedClient``; imported only when asked for (another
    distribution, which a user may not have installed)."""
    try:
        client_package = importlib.import_module("lexer_activity_client")
    except ModuleNotFoundError as exc:
        raise RuntimeError(
            "lexer_mock.client needs the kit's Python client: pip install lexer-activity-client"
        ) from exc
    base_url = server.root + "/v1"
    status_base_url = server.root + "/api/public/v1"
    is_async = kind == "async"
    httpx_args = server.async_httpx_args() if is_async else server.httpx_args()
    typed = getattr(client_package, "AsyncLexer" if is_async else "Lexer", None)
    if kind != "api" and typed is not None:
        return typed(
            **_accepted(
                typed,
                token=token,
                base_url=base_url,
                status_base_url=status_base_url,
                httpx_args=httpx_args,
            )
        )
    authenticated = client_package.AuthenticatedClient
    return authenticated(
        base_url=base_url, token=token, prefix="", auth_header_name=TOKEN_HEADER, httpx_args=httpx_args
    )


# ---------------------------------------------------------------------- journal assertions
def _plain(value: Any) -> Any:
    """Model objects (``to_dict``) and datetimes as the JSON the mock journals."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _equal(expected: Any, actual: Any) -> bool:
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and _equal(value, actual[key]) for key, value in expected.items()
        )
    if expected == actual:
        return True
    left, right = _instant(expected), _instant(actual)
    return left is not None and left == right


def _score(expected: Mapping[str, Any], entry: Mapping[str, Any]) -> float:
    """How close a journal entry is to what was expected (1 point per field, parts of a body)."""
    score = 0.0
    for key, value in expected.items():
        actual = entry.get(key)
        if isinstance(value, Mapping) and isinstance(actual, Mapping) and value:
            score += sum(_equal(v, actual.get(k)) for k, v in value.items()) / len(value)
        else:
            score += _equal(value, actual)
    return score


def _pretty(value: Any) -> list[str]:
    return json.dumps(value, indent=2, sort_keys=True, default=str).splitlines()


def describe_missing(
    expected: Mapping[str, Any], entries: list[dict[str, Any]], found: int, times: int | None
) -> str:
    """The message of a failed ``assert_requested``: what was expected, and a diff against the
    nearest requests that did arrive."""
    wanted = "a request" if times is None else f"{times} request(s)"
    head = f"expected {wanted} matching {json.dumps(expected, default=str, sort_keys=True)}"
    if found:
        head += f"; {found} arrived"
    if not entries:
        return head + "; the mock received no request with this token."
    nearest = sorted(entries, key=lambda entry: -_score(expected, entry))[:SHOWN_NEAREST]
    parts = [head + f". The nearest of the {len(entries)} request(s) received (- expected, + received):"]
    for entry in nearest:
        shown = {key: entry.get(key) for key in expected}
        title = f"{entry.get('method')} {entry.get('path')} -> {entry.get('status')}"
        diff = difflib.unified_diff(_pretty(_plain(expected)), _pretty(shown), lineterm="", n=2)
        parts.append(title + "\n" + "\n".join(line for line in diff if not line.startswith(("---", "+++"))))
    return "\n\n".join(parts)


class LexerMock:
    """The mock as one API token sees it. Every method but ``client`` is a call to the control API."""

    def __init__(self, server: MockServer, token: str = DOCUMENTED_TOKEN) -> None:
        self.server = server
        self.token = token
        self.root = server.root  # scheme://host:port; the API is under /v1
        self.base_url = self.root + "/v1"
        self.status_base_url = self.root + "/api/public/v1"

    def for_token(self, token: str) -> LexerMock:
        """A handle for another token the mock accepts (``--token``), with its own state."""
        return LexerMock(self.server, token)

    # ------------------------------------------------------------------ plumbing
    @property
    def headers(self) -> dict[str, str]:
        return {TOKEN_HEADER: self.token}

    def _call(
        self, method: str, path: str, *, json_body: Any = None, params: Mapping[str, Any] | None = None
    ) -> Any:
        response = self.server.http.request(method, path, headers=self.headers, json=json_body, params=params)
        if response.status_code >= 400:
            raise ControlError(response)
        return response.json()

    @property
    def http(self) -> httpx.Client:
        """An ``httpx.Client`` on the server root (send ``headers`` for the token)."""
        return self.server.http

    @property
    def client(self) -> Any:
        """The kit's Python client, ready for this mock and token (made once per session)."""
        return self.server.client_for(self.token, "sync")

    @property
    def async_client(self) -> Any:
        """A new async client of the kit's (``async with lexer_mock.async_client as client:``)."""
        return self.server.client_for(self.token, "async")

    @property
    def api_client(self) -> Any:
        """The generated ``AuthenticatedClient`` (for ``lexer_activity_client.api`` calls)."""
        return self.server.client_for(self.token, "api")

    def download(self, job_or_url: Any) -> bytes:
        """The CSV of a complete export job (its ``url``, or the URL itself)."""
        url = job_or_url if isinstance(job_or_url, str) else job_or_url.url
        response = self.server.http.get(str(url))
        if response.status_code != 200:
            raise ControlError(response)
        return response.content

    # ------------------------------------------------------------------ state
    def reset(self) -> None:
        """Forgets this token's journal, rate-limit count, export jobs and control settings."""
        self._call("POST", "/_mock/reset")

    def journal(
        self,
        *,
        operation: str | None = None,
        report_type: str | None = None,
        status: int | None = None,
        method: str | None = None,
    ) -> list[dict[str, Any]]:
        """What the mock received with this token, oldest first: each entry has ``method``,
        ``path``, ``query``, ``headers``, ``body``, ``status``, ``operation`` and ``report_type``."""
        filters = {"operation": operation, "report_type": report_type, "status": status, "method": method}
        found: list[dict[str, Any]] = self._call(
            "GET", "/_mock/journal", params={k: v for k, v in filters.items() if v is not None}
        )
        return found

    def assert_requested(self, *, times: int | None = None, **expected: Any) -> list[dict[str, Any]]:
        """The journal entries that match ``expected`` (fields of an entry: ``operation``,
        ``report_type``, ``method``, ``path``, ``status``, ``body``, ``query``, ``headers``; a dict
        matches the entries holding at least its items; date-times match as instants). Fails with
        a diff against the nearest requests when none (or not ``times``) arrived."""
        entries = self.journal()
        plain = {key: _plain(value) for key, value in expected.items()}
        found = [entry for entry in entries if _equal(plain, entry)]
        if (times is None and found) or (times is not None and len(found) == times):
            return found
        raise AssertionError(describe_missing(plain, entries, len(found), times))

    def assert_not_requested(self, **expected: Any) -> None:
        plain = {key: _plain(value) for key, value in expected.items()}
        found = [entry for entry in self.journal() if _equal(plain, entry)]
        if found:
            raise AssertionError(
                f"expected no request matching {json.dumps(plain, default=str, sort_keys=True)}, "
                f"got {len(found)}: " + json.dumps(found[:SHOWN_NEAREST], default=str)[:2000]
            )

    # ------------------------------------------------------------------ faults
    def fault(self, operation: str, **fields: Any) -> dict[str, Any]:
        """Stages a fault (``POST /_mock/faults``): ``status``, ``times``, ``report_type``,
        ``retry_after``, ``body``, ``delay``, ``fault`` ("drop" or "truncate")."""
        staged: dict[str, Any] = self._call(
            "POST", "/_mock/faults", json_body={"operation": operation, **fields}
        )
        return staged

    def faults(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._call("GET", "/_mock/faults")
        return found

    def clear_faults(self) -> int:
        return int(self._call("DELETE", "/_mock/faults")["deleted"])

    # ------------------------------------------------------------------ answers
    def override_report(self, match: Any, answer: Any, *, times: int | None = None) -> dict[str, Any]:
        """Answers the report requests that match ``match`` (a dict of request fields, or a
        request model) with ``answer`` (JSON, or a model), checked against the spec."""
        payload: dict[str, Any] = {"match": _plain(match), "answer": _plain(answer)}
        if times is not None:
            payload["times"] = times
        staged: dict[str, Any] = self._call("POST", "/_mock/reports", json_body=payload)
        return staged

    def export_state(
        self, state: str, *, job: Any = None, report_type: str | None = None, times: int | None = None
    ) -> dict[str, Any]:
        """Keeps an export ``pending``, makes it ``failed`` or ``complete``: ``job`` (an export
        job or its token) now, else the next ``times`` jobs this token starts."""
        payload: dict[str, Any] = {"state": state}
        if job is not None:
            payload["job"] = job if isinstance(job, str) else job.token
        if report_type is not None:
            payload["report_type"] = report_type
        if times is not None:
            payload["times"] = times
        staged: dict[str, Any] = self._call("POST", "/_mock/exports", json_body=payload)
        return staged

    def exports(self) -> dict[str, Any]:
        found: dict[str, Any] = self._call("GET", "/_mock/exports")
        return found

    # ------------------------------------------------------------------ the clock
    def set_clock(
        self,
        now: datetime | str | None = None,
        *,
        frozen: bool | None = None,
        advance: float | timedelta | None = None,
    ) -> datetime:
        """Sets this token's clock (``now``: an aware datetime or RFC 3339 text), freezes or
        releases it, or moves it by ``advance``; the mock's time afterwards."""
        payload: dict[str, Any] = {}
        if now is not None:
            payload["now"] = now.isoformat() if isinstance(now, datetime) else now
        if frozen is not None:
            payload["frozen"] = frozen
        if advance is not None:
            payload["advance"] = advance.total_seconds() if isinstance(advance, timedelta) else advance
        return _parse_now(self._call("POST", "/_mock/clock", json_body=payload))

    def freeze_clock(self, now: datetime | str | None = None) -> datetime:
        return self.set_clock(now, frozen=True)

    def advance_clock(self, seconds: float | timedelta) -> datetime:
        return self.set_clock(advance=seconds)

    def release_clock(self) -> datetime:
        """Back to real time."""
        return _parse_now(self._call("DELETE", "/_mock/clock"))

    def now(self) -> datetime:
        """The mock's time for this token."""
        return _parse_now(self._call("GET", "/_mock/clock"))

    def last(self, days: float = 0, **delta: float) -> tuple[datetime, datetime]:
        """A range ending at the mock's now (``last(days=7)``), for relative report periods."""
        end = self.now()
        return end - timedelta(days=days, **delta), end


def _parse_now(view: Mapping[str, Any]) -> datetime:
    return datetime.fromisoformat(str(view["now"]).replace("Z", "+00:00")).astimezone(UTC)
