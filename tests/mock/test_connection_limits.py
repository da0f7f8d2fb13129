"""The HTTP layer's limits (mock_server/http_protocol.py): a head over the cap is answered 431, a head
not complete in time 408, a connection past the cap makes room or is answered 503 at once, an idle
kept-alive connection is closed. Over real sockets against the CLI's uvicorn set-up, with small limits
so that each case is quick. Every assertion is about what is answered, never about how fast.
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator

import pytest

from mock_server import errors
from mock_server.app import MockApp, create_app
from mock_server.http_limits import HttpLimits
from tests.support.mock_helpers import TOKEN, assert_fits
from tests.support.servers import serve_in_thread

LIMITS = HttpLimits(max_header_bytes=4096, header_timeout_s=0.5, max_connections=20, keep_alive_timeout_s=1)
GET = f"GET /v1/users HTTP/1.1\r\nHost: mock\r\nAuth-Api-Token: {TOKEN}\r\n".encode()
WAIT_S = 20.0  # guards against a hang, not a measurement


@pytest.fixture(scope="module")
def app() -> MockApp:
    return create_app(rate_limit="0", export_delay=0)


@pytest.fixture(scope="module")
def server(app: MockApp) -> Iterator[tuple[str, int]]:
    with serve_in_thread(app, LIMITS) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port)


def connect(server: tuple[str, int]) -> socket.socket:
    return socket.create_connection(server, timeout=WAIT_S)


def read_all(sock: socket.socket) -> bytes:
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            received += chunk
    return received


def status_and_body(raw: bytes) -> tuple[int, bytes, bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), head.lower(), body


def assert_error(raw: bytes, status: int, error: str) -> None:
    code, head, body = status_and_body(raw)
    assert code == status, raw[:500]
    assert b"content-type: application/json" in head, head
    assert b"connection: close" in head, head
    payload = json.loads(body)
    assert_fits("Error", payload)
    assert payload["error"] == error, payload


def ok(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(GET + b"Connection: close\r\n\r\n")
        code, _, body = status_and_body(read_all(sock))
    assert code == 200, body[:300]


# ---------------------------------------------------------------------- header size
def test_a_head_just_under_the_cap_is_answered(server: tuple[str, int]) -> None:
    end = b"Connection: close\r\n\r\n"
    pad = LIMITS.max_header_bytes - len(GET) - len(end) - len(b"X-Pad: \r\n")
    with connect(server) as sock:
        sock.sendall(GET + b"X-Pad: " + b"a" * pad + b"\r\n" + end)
        code, _, _ = status_and_body(read_all(sock))
    assert code == 200


@pytest.mark.parametrize("pieces", [1, 64], ids=["in one write", "in 64 writes"])
def test_a_head_over_the_cap_is_answered_431(server: tuple[str, int], pieces: int) -> None:
    request = GET + b"X-Big: " + b"a" * (LIMITS.max_header_bytes * 4) + b"\r\n\r\n"
    step = -(-len(request) // pieces)
    with connect(server) as sock:
        with contextlib.suppress(OSError):  # the server may answer and stop reading before all is sent
            for start in range(0, len(request), step):
                sock.sendall(request[start : start + step])
        raw = read_all(sock)
    assert_error(raw, 431, errors.HEADERS_TOO_LARGE)
    ok(server)


def test_many_small_headers_over_the_cap_are_answered_431(server: tuple[str, int]) -> None:
    many = b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(1000))
    with connect(server) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(GET + many + b"\r\n")
        assert_error(read_all(sock), 431, errors.HEADERS_TOO_LARGE)


def test_an_8_mb_header_is_refused_while_others_are_served(server: tuple[str, int]) -> None:
    """The short version of the 80 MB header attack (scripts/attack.py runs the full one)."""
    with connect(server) as attacker:
        attacker.sendall(GET + b"X-Huge: ")
        with contextlib.suppress(OSError):
            for sent in range(128):
                attacker.sendall(b"a" * 65536)
                if sent % 32 == 0:
                    ok(server)
        assert_error(read_all(attacker), 431, errors.HEADERS_TOO_LARGE)
    ok(server)


# ---------------------------------------------------------------------- header timeout
def test_a_head_not_complete_in_time_is_answered_408(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(GET + b"X-Slow: ")  # and never more
        assert_error(read_all(sock), 408, errors.REQUEST_TIMEOUT)
    ok(server)


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        assert read_all(sock) == b""


def test_a_slow_head_on_a_kept_alive_connection_is_answered_408(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(GET + b"\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200 "), first[:300]
        sock.sendall(GET)  # the second head never ends
        assert_error(read_all(sock), 408, errors.REQUEST_TIMEOUT)


# ---------------------------------------------------------------------- keep-alive timeout
def test_an_idle_kept_alive_connection_is_closed(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(GET + b"\r\n")
        raw = read_all(sock)  # the answer, then the server closes the idle connection
    assert raw.startswith(b"HTTP/1.1 200 "), raw[:300]
    assert raw.count(b"HTTP/1.1 ") == 1, raw[:300]


# ---------------------------------------------------------------------- connection cap
def test_past_the_cap_an_idle_connection_makes_room(server: tuple[str, int]) -> None:
    idle = [connect(server) for _ in range(LIMITS.max_connections * 3)]
    try:
        for _ in range(5):
            ok(server)
        # The oldest idle ones were closed to make room, silently (they had asked nothing).
        assert read_all(idle[0]) == b""
    finally:
        for sock in idle:
            sock.close()
    ok(server)


def test_past_the_cap_with_none_idle_a_new_connection_is_answered_503(server: tuple[str, int]) -> None:
    # Requests in flight: each promised a body of 100 bytes and waits to be asked for it; the
    # 100 Continue shows that the server has read the head and the app is reading the body.
    busy = [connect(server) for _ in range(LIMITS.max_connections)]
    try:
        for sock in busy:
            sock.sendall(
                b"POST /v1/activity/reports HTTP/1.1\r\nHost: mock\r\nAuth-Api-Token: "
                + TOKEN.encode()
                + b"\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"
            )
        for sock in busy:
            assert sock.recv(65536).startswith(b"HTTP/1.1 100 "), "the server did not ask for the body"
        with connect(server) as sock:
            assert_error(read_all(sock), 503, errors.SERVICE_UNAVAILABLE)
    finally:
        for sock in busy:
            sock.close()
    ok(server)
