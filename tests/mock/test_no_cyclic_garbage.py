"""A request served over HTTP leaves no reference cycle behind.

Objects in a cycle are freed only by the garbage collector; one cycle per request made the collector
run every few dozen requests and cost the mock a fifth of its POST throughput (docs/performance.md).
The server runs in a thread of this process and the client is a raw socket, so what the collector
finds afterwards comes from the server's side of the requests.
"""

from __future__ import annotations

import gc
import json
import socket
from collections import Counter
from collections.abc import Iterator

import pytest

from mock_server.app import create_app
from tests.support.mock_helpers import TOKEN
from tests.support.servers import serve_in_thread

REQUESTS = 200
BODY = json.dumps(
    {"type": "summary", "date_from": "2024-03-01T00:00:00+00:00", "date_to": "2024-03-31T23:59:59+00:00"}
).encode()


@pytest.fixture(scope="module")
def mock_address() -> Iterator[tuple[str, int]]:
    with serve_in_thread(create_app(rate_limit="0")) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port)


def requests_on_one_connection(address: tuple[str, int], request: bytes, count: int) -> None:
    with socket.create_connection(address, timeout=20) as sock:
        for _ in range(count):
            sock.sendall(request)
            answer = b""
            while b"\r\n\r\n" not in answer:
                answer += sock.recv(65536)
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200 "), answer[:300]
            length = int(
                next(line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:"))[15:]
            )
            while len(body) < length:
                body += sock.recv(65536)


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"POST /v1/activity/reports HTTP/1.1\r\nHost: localhost\r\nAuth-Api-Token: "
        + TOKEN.encode()
        + b"\r\nContent-Type: application/json\r\nContent-Length: "
        + str(len(BODY)).encode()
        + b"\r\n\r\n"
        + BODY,
        b"GET /v1/users HTTP/1.1\r\nHost: localhost\r\nAuth-Api-Token: " + TOKEN.encode() + b"\r\n\r\n",
    ],
    ids=["validated POST", "GET users"],
)
def test_requests_leave_no_cyclic_garbage(mock_address: tuple[str, int], request_bytes: bytes) -> None:
    requests_on_one_connection(mock_address, request_bytes, 20)  # caches filled, first-use work done
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        requests_on_one_connection(mock_address, request_bytes, REQUESTS)
        gc.collect()
        found = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    # Not one object per request: a cycle per request leaves a dozen of each.
    assert sum(found.values()) < REQUESTS, found.most_common(10)
