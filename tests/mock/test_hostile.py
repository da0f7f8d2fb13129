"""Hostile input: every malformed request gets a documented JSON error, never a 5xx, a hang or a
traceback, and the mock keeps serving.

In-process (the exact bytes reach the app, see asgi_raw.py) for bodies, headers, query strings,
paths and methods; over real HTTP (the CLI's uvicorn set-up, see servers.py) where the
transport matters: unparseable requests, huge headers, oversized and endless bodies, stalled
clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest

from mock_server import errors
from mock_server.app import MockApp, create_app
from mock_server.http_limits import HttpLimits
from tests.support import spec_tools
from tests.support.asgi_raw import Answer, call, call_sync
from tests.support.mock_helpers import (
    NPS_FORM,
    PUBLIC_STATUS,
    RAW_AUTH,
    RAW_JSON_TYPE,
    REPORTS,
    STATUS,
    TOKEN,
    assert_fits,
    still_serving,
)
from tests.support.servers import serve_in_thread

WEEK = {"date_from": "2018-04-01T00:00:00+11:00", "date_to": "2018-04-07T23:59:59+11:00"}
SUMMARY = {"type": "summary", **WEEK}
NPS = {"type": "nps_summary", **WEEK, "form": NPS_FORM, "nps_category": "all"}
MIB = 1024 * 1024
DEEP = 100_000
MAX_MESSAGE = 400


@pytest.fixture(scope="module")
def app(mock_app: MockApp) -> MockApp:
    return mock_app  # the session's app: rate limit off, responses validated, exports at once


def assert_error(answer: Answer, status: int, error: str) -> dict[str, Any]:
    assert answer.status == status, answer
    assert (answer.header("content-type") or "").startswith("application/json"), answer
    payload: dict[str, Any] = answer.json()
    assert_fits("Error", payload)
    assert payload["error"] == error, answer
    assert payload["message"], answer
    assert "Traceback" not in payload["message"], answer
    # One short sentence: never the schema, nor an echo of a huge input.
    assert "\n" not in payload["message"], answer
    assert len(payload["message"]) <= MAX_MESSAGE, answer
    return payload


# ---------------------------------------------------------------------- bodies of runReport
@dataclass(frozen=True)
class Post:
    body: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = (RAW_AUTH, RAW_JSON_TYPE)
    chunks: tuple[bytes, ...] | None = None
    status: int = 404
    error: str = errors.NOT_FOUND


def js(value: Any) -> bytes:
    return orjson.dumps(value)


NOT_FOUND_BODIES: dict[str, bytes] = {
    "not JSON": b"hello",
    "truncated JSON": b'{"type": "summary", "date_from": ',
    "invalid UTF-8": b'{"type": "summ\xff\xfe", "date_from": "2018-04-01T00:00:00Z"}',
    "lone surrogate escape": b'{"type": "\\ud800", "date_from": "x", "date_to": "y"}',
    "UTF-16 with BOM": '{"type": "summary"}'.encode("utf-16"),
    "empty": b"",
    "whitespace only": b" \r\n\t ",
    "null": b"null",
    "true": b"true",
    "number": b"42",
    "string": b'"summary"',
    "empty array": b"[]",
    "array of a valid body": js([SUMMARY]),
    "arrays nested 100,000 deep": b"[" * DEEP + b"]" * DEEP,
    "objects nested 100,000 deep": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "deep value in a valid body": js(SUMMARY)[:-1] + b',"users":' + b"[" * DEEP + b"]" * DEEP + b"}",
    "NaN": b'{"type": "summary", "date_from": NaN, "date_to": Infinity}',
    "number overflowing a double": js(SUMMARY)[:-1] + b',"users":[1e400]}',
    "type missing": js(WEEK),
    "type null": js({**SUMMARY, "type": None}),
    "type a number": js({**SUMMARY, "type": 7}),
    "type an object": js({**SUMMARY, "type": {"$ne": ""}}),
    "impossible date 2019-02-30": js({**SUMMARY, "date_from": "2019-02-30T00:00:00Z"}),
    "impossible time 25:00": js({**SUMMARY, "date_from": "2018-04-01T25:00:00Z"}),
    "offset +99:00": js({**SUMMARY, "date_from": "2018-04-01T00:00:00+99:00"}),
    "year 0": js({**SUMMARY, "date_from": "0000-01-01T00:00:00Z"}),
    "date without time": js({**SUMMARY, "date_from": "2018-04-01"}),
    "date_from after date_to": js({**SUMMARY, "date_from": "2018-04-08T00:00:00+11:00"}),
    "date a number": js({**SUMMARY, "date_from": 1522501200}),
    "date an array": js({**SUMMARY, "date_to": ["2018-04-07T23:59:59Z"]}),
    "users a string": js({**SUMMARY, "users": "12345"}),
    "users of strings": js({**SUMMARY, "users": ["12345"]}),
    "users of booleans": js({**SUMMARY, "users": [True]}),
    "unknown user": js({**SUMMARY, "users": [99999999]}),
    "50,000 unknown users": js({**SUMMARY, "users": list(range(10**9, 10**9 + 50_000))}),
    "100,000 unknown groups": js({**SUMMARY, "groups": list(range(-100_000, 0))}),
    "user id beyond 64 bits": js(SUMMARY)[:-1] + b',"users":[' + b"9" * 30 + b"]}",
    "unknown group": js({**SUMMARY, "groups": [-1]}),
    "unknown form id": js({**NPS, "form": 4040}),
    "form id 10^30": js(NPS)[:-1] + b',"form":1' + b"0" * 30 + b"}",
    "form a string": js({**NPS, "form": str(NPS_FORM)}),
    "form a boolean": js({**NPS, "form": True}),
    "form on a non-NPS report": js({**SUMMARY, "form": NPS_FORM}),
    "nps_category unknown": js({**NPS, "nps_category": "fans"}),
    "unknown property": js({**SUMMARY, "colour": "blue"}),
    "__proto__ property": js({**SUMMARY, "__proto__": {"admin": True}}),
    "SQL in a date": js({**SUMMARY, "date_from": "2018-04-01'; DROP TABLE users; --"}),
    "NUL in a date": js({**SUMMARY, "date_from": "2018-04-01T00:00:00Z\u0000"}),
}

POSTS: dict[str, Post] = {name: Post(body) for name, body in NOT_FOUND_BODIES.items()}
POSTS.update(
    {
        "type unknown": Post(js({**SUMMARY, "type": "team_volume"}), status=400, error=errors.INVALID_TYPE),
        "type 1 MB long": Post(
            js({**SUMMARY, "type": "x" * 1_000_000}), status=400, error=errors.INVALID_TYPE
        ),
        "type non-ASCII with NUL": Post(
            js({**SUMMARY, "type": "sümmäry\u0000✓"}), status=400, error=errors.INVALID_TYPE
        ),
        "type SQL injection": Post(
            js({**SUMMARY, "type": "summary' OR '1'='1"}), status=400, error=errors.INVALID_TYPE
        ),
        "type path traversal": Post(
            js({**SUMMARY, "type": "../../etc/passwd"}), status=400, error=errors.INVALID_TYPE
        ),
        "range over 12 months": Post(
            js({**SUMMARY, "date_to": "2019-04-01T00:00:01+11:00"}),
            status=400,
            error=errors.DATE_RANGE_TOO_LONG,
        ),
        "range to year 9999": Post(
            js({**SUMMARY, "date_to": "9999-12-31T23:59:59-23:59"}),
            status=400,
            error=errors.DATE_RANGE_TOO_LONG,
        ),
        "start in year 9999": Post(
            js({**SUMMARY, "date_from": "9999-12-31T00:00:00Z", "date_to": "9999-12-31T23:59:59Z"}),
            status=400,
            error=errors.FUTURE_START_DATE,
        ),
        "no Content-Type": Post(js(SUMMARY), headers=(RAW_AUTH,)),
        "empty Content-Type": Post(js(SUMMARY), headers=(RAW_AUTH, (b"content-type", b""))),
        "Content-Type text/plain": Post(js(SUMMARY), headers=(RAW_AUTH, (b"content-type", b"text/plain"))),
        "Content-Type form": Post(
            b"type=summary", headers=(RAW_AUTH, (b"content-type", b"application/x-www-form-urlencoded"))
        ),
        "Content-Type multipart": Post(
            b"--x\r\n\r\n--x--", headers=(RAW_AUTH, (b"content-type", b"multipart/form-data; boundary=x"))
        ),
        "Content-Type not text": Post(js(SUMMARY), headers=(RAW_AUTH, (b"content-type", b"\xff\x00;;="))),
        "body of 2 MiB": Post(b" " * (2 * MIB) + js(SUMMARY), status=413, error=errors.PAYLOAD_TOO_LARGE),
        "body of 2 MiB chunked": Post(
            chunks=(b"[",) + (b"0," * (64 * 1024),) * 32 + (b"0]",),
            status=413,
            error=errors.PAYLOAD_TOO_LARGE,
        ),
        "Content-Length of 5 GB declared": Post(
            js(SUMMARY),
            headers=(RAW_AUTH, RAW_JSON_TYPE, (b"content-length", b"5000000000")),
            status=413,
            error=errors.PAYLOAD_TOO_LARGE,
        ),
        "no token and a bad body": Post(
            b"{", headers=(RAW_JSON_TYPE,), status=401, error=errors.UNAUTHORIZED
        ),
    }
)


@pytest.mark.parametrize("case", POSTS.values(), ids=POSTS.keys())
def test_hostile_report_request(app: MockApp, case: Post) -> None:
    answer = call_sync(app, "POST", REPORTS, headers=case.headers, body=case.body, chunks=case.chunks)
    assert_error(answer, case.status, case.error)


def test_a_body_just_under_the_limit_is_read(app: MockApp) -> None:
    padded = js(SUMMARY)[:-1] + b',"users":[' + b" " * (MIB - 200) + b"]}"
    assert len(padded) <= MIB
    answer = call_sync(app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE], body=padded)
    assert answer.status == 200, answer  # an empty users list is no filter


def test_many_repeated_ids_are_answered_and_not_cached(app: MockApp) -> None:
    user = app.mock.team.users[0]["id"]
    cache = app.mock.renderer.report_cache
    plain = call_sync(
        app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE], body=js({**SUMMARY, "users": [user]})
    )
    cached = len(cache)
    repeated = js({**SUMMARY, "users": [user] * 100_000})
    assert len(repeated) < MIB
    answer = call_sync(app, "POST", REPORTS, headers=[RAW_AUTH, RAW_JSON_TYPE], body=repeated)
    assert answer.status == 200, answer
    assert answer.body == plain.body
    assert len(cache) == cached  # the same answer, kept once: no 700 kB key stays in a cache


# ---------------------------------------------------------------------- tokens, queries, paths, methods
@dataclass(frozen=True)
class Get:
    path: bytes
    query: bytes = b""
    headers: tuple[tuple[bytes, bytes], ...] = (RAW_AUTH,)
    method: str = "GET"
    status: int = 404
    error: str = errors.NOT_FOUND


def token(value: bytes) -> tuple[tuple[bytes, bytes], ...]:
    return ((b"auth-api-token", value),)


STATUS_PATH = STATUS.encode()
GETS: dict[str, Get] = {
    # API tokens
    "token of 1 MB": Get(
        b"/v1/users", headers=token(b"a" * 1_000_000), status=401, error=errors.TOKEN_NOT_MATCHING
    ),
    "token non-ASCII (UTF-8)": Get(
        b"/v1/users", headers=token("jöhn✓".encode()), status=401, error=errors.TOKEN_NOT_MATCHING
    ),
    "token non-ASCII (latin-1)": Get(
        b"/v1/users", headers=token(b"\xfc\xff"), status=401, error=errors.TOKEN_NOT_MATCHING
    ),
    "token with NUL": Get(
        b"/v1/users", headers=token(TOKEN.encode() + b"\x00"), status=401, error=errors.TOKEN_NOT_MATCHING
    ),
    "token SQL injection": Get(
        b"/v1/users", headers=token(b"' OR '1'='1' --"), status=401, error=errors.TOKEN_NOT_MATCHING
    ),
    "token empty": Get(b"/v1/users", headers=token(b""), status=401, error=errors.UNAUTHORIZED),
    "token the valid one padded": Get(
        b"/v1/users", headers=token(b" " + TOKEN.encode()), status=401, error=errors.TOKEN_NOT_MATCHING
    ),
    # export tokens in the query
    "export token SQL injection": Get(STATUS_PATH, b"token=1%27%20OR%20%271%27%3D%271"),
    "export token path traversal": Get(STATUS_PATH, b"token=..%2F..%2F..%2Fetc%2Fpasswd"),
    "export token raw path traversal": Get(STATUS_PATH, b"token=../../etc/passwd"),
    "export token CRLF": Get(STATUS_PATH, b"token=a%0d%0aSet-Cookie:%20hacked=1"),
    "export token NUL": Get(STATUS_PATH, b"token=a%00b"),
    "export token of 1 MB": Get(STATUS_PATH, b"token=" + b"a" * 1_000_000),
    "export token non-ASCII": Get(STATUS_PATH, b"token=%C3%BC%E2%9C%93"),
    "export token invalid UTF-8": Get(STATUS_PATH, b"token=%FF%FE"),
    "export token raw bytes": Get(STATUS_PATH, b"token=\xff\xfe\x00"),
    # Raw bytes that are not UTF-8 (Starlette's trailing-slash redirect decoded them: a 500)
    "query not UTF-8 on a redirecting path": Get(b"/v1/users/", b"\x80"),
    "query not UTF-8 on the base path": Get(b"/v1", b"a=\xff"),
    "export token empty": Get(STATUS_PATH, b"token="),
    "export token empty, huge other parameter": Get(STATUS_PATH, b"token=&x=" + b"y" * 100_000),
    "export token missing": Get(STATUS_PATH),
    "export token twice": Get(STATUS_PATH, b"token=a&token=b"),
    "export token under another name": Get(STATUS_PATH, b"tok%00en=a"),
    "public status, hostile token": Get(PUBLIC_STATUS.encode(), b"token=%00%0d%0a'\"<script>"),
    "Prefer an undocumented status": Get(b"/v1/users", headers=(RAW_AUTH, (b"prefer", b"code=500"))),
    "Prefer junk": Get(
        b"/v1/users", headers=(RAW_AUTH, (b"prefer", b"code=\xff\x00; example=" + b"x" * 100_000))
    ),
    # paths
    "unknown path": Get(b"/v1/nope"),
    "root": Get(b"/", headers=()),
    "outside the API": Get(b"/etc/passwd", headers=()),
    "path traversal": Get(b"/v1/users/../../../etc/passwd"),
    "encoded path traversal": Get(b"/v1/%2e%2e/%2e%2e/etc/passwd"),
    "export download traversal": Get(b"/_mock/exports/..%2F..%2Fetc%2Fpasswd.csv"),
    "unknown export download": Get(b"/_mock/exports/nope.csv"),
    "NUL in path": Get(b"/v1/us%00ers"),
    "CRLF in path": Get(b"/v1/users%0d%0aSet-Cookie:%20x=1"),
    "non-ASCII path": Get("/v1/üsers".encode()),
    "invalid UTF-8 path": Get(b"/v1/users%FF"),
    "path of 100 kB": Get(b"/v1/" + b"a" * 100_000),
    "Swagger UI traversal": Get(b"/v1/ui/../../../etc/passwd", headers=()),
}


@pytest.mark.parametrize("case", GETS.values(), ids=GETS.keys())
def test_hostile_token_query_or_path(app: MockApp, case: Get) -> None:
    answer = call_sync(app, case.method, case.path, query=case.query, headers=case.headers)
    assert_error(answer, case.status, case.error)
    assert answer.header("set-cookie") is None, answer


def test_unknown_query_parameters_are_ignored(app: MockApp) -> None:
    plain = call_sync(app, "GET", "/v1/users", headers=[RAW_AUTH])
    hostile = call_sync(
        app, "GET", "/v1/users", query=b"id=1;DROP%20TABLE%20users&%00=%FF&%", headers=[RAW_AUTH]
    )
    assert (hostile.status, hostile.body) == (200, plain.body), hostile


# Every method a route does not document, on every path of the spec and the mock's own routes.
ROUTES: dict[bytes, set[str]] = {}
for _path, _method, _ in spec_tools.operations():
    ROUTES.setdefault(f"/v1{_path}".encode(), set()).add(_method.upper())
ROUTES.setdefault(PUBLIC_STATUS.encode(), set()).add("GET")
ROUTES.update({b"/_mock/journal": {"GET"}, b"/_mock/reset": {"POST"}})
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO")
WRONG = [(path, method) for path, allowed in ROUTES.items() for method in METHODS if method not in allowed]


@pytest.mark.parametrize(("path", "method"), WRONG, ids=[f"{m} {p.decode()}" for p, m in WRONG])
def test_wrong_method_is_405_with_allow(app: MockApp, path: bytes, method: str) -> None:
    answer = call_sync(app, method, path, headers=[RAW_AUTH, RAW_JSON_TYPE], body=js(SUMMARY))
    assert_error(answer, 405, errors.METHOD_NOT_ALLOWED)
    allowed = {m.strip() for m in (answer.header("allow") or "").split(",")}
    assert ROUTES[path] <= allowed, answer
    assert method not in allowed, answer


def test_the_app_keeps_serving_after_all_that(app: MockApp) -> None:
    async def many() -> list[Answer]:
        hostile = [
            call(app, "POST", REPORTS, headers=c.headers, body=c.body, chunks=c.chunks)
            for c in POSTS.values()
        ]
        return await asyncio.gather(*hostile)

    answers = asyncio.run(many())
    assert all(400 <= a.status < 500 for a in answers), [str(a) for a in answers if a.status >= 500]
    still_serving(app)


# ---------------------------------------------------------------------- over real HTTP
@pytest.fixture(scope="module")
def server(app: MockApp) -> Iterator[tuple[str, int]]:
    with serve_in_thread(create_app(rate_limit="0", export_delay=0)) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port)


HEAD = f"Host: mock\r\nAuth-Api-Token: {TOKEN}\r\n".encode()


def exchange(address: tuple[str, int], data: bytes, timeout: float = 20.0) -> bytes:
    """Sends raw bytes, returns everything the server sends until it closes (or a timeout)."""
    with socket.create_connection(address, timeout=timeout) as sock:
        with contextlib.suppress(OSError):  # the server may answer and close before all is sent
            sock.sendall(data)
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
        return received


def parse(raw: bytes) -> Answer:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = [tuple(line.split(b": ", 1)) for line in lines[1:]]
    return Answer(status, [(k.lower(), v) for k, v in headers], body)


def ok(address: tuple[str, int]) -> None:
    answer = parse(exchange(address, b"GET /v1/users HTTP/1.1\r\n" + HEAD + b"Connection: close\r\n\r\n"))
    assert answer.status == 200, answer


UNPARSEABLE: dict[str, bytes] = {
    "bare LF line ends": b"GET /v1/users HTTP/1.1\nHost: mock\n\n",
    "NUL in the request line": b"GET /v1/us\x00ers HTTP/1.1\r\n" + HEAD + b"\r\n",
    "CRLF injected in a header name": b"GET /v1/users HTTP/1.1\r\n" + HEAD + b"X\r\nInjected: 1\r\n\r\n",
    "unknown HTTP version": b"GET /v1/users HTTP/9.9\r\n" + HEAD + b"\r\n",
    "Content-Length not a number": b"POST /v1/activity/reports HTTP/1.1\r\n"
    + HEAD
    + b"Content-Length: abc\r\n\r\n{}",
    "Content-Length negative": b"POST /v1/activity/reports HTTP/1.1\r\n"
    + HEAD
    + b"Content-Length: -1\r\n\r\n{}",
    "Content-Length with Transfer-Encoding": b"POST /v1/activity/reports HTTP/1.1\r\n"
    + HEAD
    + b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    "broken chunk size": b"POST /v1/activity/reports HTTP/1.1\r\n"
    + HEAD
    + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    "a TLS handshake": bytes.fromhex("16030100a5010000a10303") + bytes(160),
    "binary garbage": bytes(range(256)),
    "CONNECT tunnel": b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
}


@pytest.mark.parametrize("data", UNPARSEABLE.values(), ids=UNPARSEABLE.keys())
def test_unparseable_http_gets_the_error_shape(server: tuple[str, int], data: bytes) -> None:
    answer = parse(exchange(server, data))
    assert_error(answer, 404, errors.NOT_FOUND)
    assert answer.header("connection") == "close", answer
    ok(server)


def test_huge_headers(server: tuple[str, int]) -> None:
    """Up to the default cap on the head (64 KiB) headers are read; beyond it, 431."""
    cap = HttpLimits().max_header_bytes
    big = b"X-Big: " + b"a" * 60_000 + b"\r\n"
    many = b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(4_000))
    for extra in (big, many):
        request = b"GET /v1/users HTTP/1.1\r\n" + HEAD + extra + b"Connection: close\r\n\r\n"
        assert len(request) <= cap
        answer = parse(exchange(server, request))
        assert answer.status == 200, answer
    for extra in (
        b"X-Big: " + b"a" * 200_000 + b"\r\n",
        b"".join(b"X-%d: %d\r\n" % (i, i) for i in range(9_000)),
    ):
        answer = parse(exchange(server, b"GET /v1/users HTTP/1.1\r\n" + HEAD + extra + b"\r\n"))
        assert_error(answer, 431, errors.HEADERS_TOO_LARGE)
    huge_token = (
        b"GET /v1/users HTTP/1.1\r\nHost: m\r\nAuth-Api-Token: "
        + b"t" * 1_000_000
        + b"\r\nConnection: close\r\n\r\n"
    )
    assert_error(parse(exchange(server, huge_token)), 431, errors.HEADERS_TOO_LARGE)
    token_under_the_cap = (
        b"GET /v1/users HTTP/1.1\r\nHost: m\r\nAuth-Api-Token: "
        + b"t" * 60_000
        + b"\r\nConnection: close\r\n\r\n"
    )
    assert_error(parse(exchange(server, token_under_the_cap)), 401, errors.TOKEN_NOT_MATCHING)
    non_ascii = (
        b"GET /v1/users HTTP/1.1\r\nHost: m\r\nAuth-Api-Token: \xc3\xbc\xff\r\nConnection: close\r\n\r\n"
    )
    assert_error(parse(exchange(server, non_ascii)), 401, errors.TOKEN_NOT_MATCHING)
    ok(server)


def test_crlf_in_the_query_cannot_split_the_answer(server: tuple[str, int]) -> None:
    raw = exchange(
        server,
        b"GET /v1/activity/reports/status?token=a%0d%0aSet-Cookie:%20x=1%0d%0a%0d%0a<html> HTTP/1.1\r\n"
        + HEAD
        + b"Connection: close\r\n\r\n",
    )
    answer = parse(raw)
    assert_error(answer, 404, errors.NOT_FOUND)
    assert answer.header("set-cookie") is None
    assert raw.count(b"HTTP/1.1 ") == 1, raw


def test_upgrade_requests_are_answered_as_plain_http(server: tuple[str, int]) -> None:
    websocket = (
        b"GET /v1/users HTTP/1.1\r\n"
        + HEAD
        + b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        b"Sec-WebSocket-Version: 13\r\n\r\n"
    )
    h2c = b"GET /nope HTTP/1.1\r\n" + HEAD + b"Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n"
    with socket.create_connection(server, timeout=20) as sock:
        sock.sendall(websocket)
        answer = parse(sock.recv(1 << 20))
    assert answer.status == 200, answer
    with socket.create_connection(server, timeout=20) as sock:
        sock.sendall(h2c)
        assert_error(parse(sock.recv(1 << 20)), 404, errors.NOT_FOUND)
    ok(server)


def test_oversized_bodies_over_http(server: tuple[str, int]) -> None:
    url = f"http://{server[0]}:{server[1]}"
    headers = {"Auth-Api-Token": TOKEN, "Content-Type": "application/json"}
    big = b'{"type": "summary", "pad": "' + b"a" * (20 * MIB) + b'"}'

    def stream() -> Iterator[bytes]:
        for start in range(0, len(big), 1 << 16):
            yield big[start : start + (1 << 16)]

    with httpx.Client(base_url=url, timeout=60) as client:
        for content in (big, stream()):
            answer = client.post(REPORTS, headers=headers, content=content)
            assert answer.status_code == 413, answer.text[:300]
            assert answer.json()["error"] == errors.PAYLOAD_TOO_LARGE
    # Expect: 100-continue with a huge declared body: refused at once, no 100 Continue first.
    raw = exchange(
        server,
        b"POST /v1/activity/reports HTTP/1.1\r\n"
        + HEAD
        + b"Content-Type: application/json\r\nContent-Length: 99999999\r\nExpect: 100-continue\r\n\r\n",
    )
    assert raw.startswith(b"HTTP/1.1 413 "), raw[:300]
    assert_error(parse(raw), 413, errors.PAYLOAD_TOO_LARGE)
    ok(server)


def test_stalled_clients_do_not_stop_others(server: tuple[str, int]) -> None:
    """Slowloris: clients that never finish their head or body hold only their own request."""
    stalled: list[socket.socket] = []
    try:
        for i in range(20):
            sock = socket.create_connection(server, timeout=20)
            if i % 2:
                sock.sendall(b"GET /v1/users HTTP/1.1\r\nHost: mock\r\nX-Slow: ")  # head never ends
            else:
                sock.sendall(
                    b"POST /v1/activity/reports HTTP/1.1\r\n"
                    + HEAD
                    + b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + js(SUMMARY)[:10]  # 10 of the 100 bytes promised
                )
            stalled.append(sock)
        answered, _, _ = select.select(stalled, [], [], 0.3)  # none of them is answered...
        assert answered == []
        url = f"http://{server[0]}:{server[1]}"
        with httpx.Client(base_url=url, timeout=20) as client:  # ...while everyone else is
            for _ in range(20):
                assert client.get("/v1/users", headers={"Auth-Api-Token": TOKEN}).status_code == 200
    finally:
        for sock in stalled:
            sock.close()
    ok(server)


def test_many_hostile_requests_at_once_over_http(server: tuple[str, int]) -> None:
    url = f"http://{server[0]}:{server[1]}"

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            calls = [
                client.post(
                    REPORTS,
                    headers={"Auth-Api-Token": TOKEN, "Content-Type": "application/json"},
                    content=case.body,
                )
                for case in POSTS.values()
                if case.chunks is None and case.headers == (RAW_AUTH, RAW_JSON_TYPE)
            ]
            return await asyncio.gather(*calls)

    answers = asyncio.run(burst())
    assert all(400 <= a.status_code < 500 for a in answers), [a.text for a in answers if a.status_code >= 500]
    for answer in answers:
        assert answer.headers["content-type"] == "application/json"
        assert_fits("Error", answer.json())
    ok(server)
