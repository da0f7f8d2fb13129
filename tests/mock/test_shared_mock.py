"""A mock shared by many clients (a CI service): the export URLs it hands out come from its own
address or ``--public-url``, never from whatever ``Host`` a client sent, and a reset without a token
wipes every token's state only when asked for (``?all=true``), and never with ``--no-reset-all``.
Over real HTTP (raw sockets where the Host header is the point).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mock_server import errors
from mock_server.app import create_app
from mock_server.own_address import parse_public_url
from tests.support.mock_helpers import AUTH, OTHER_TOKEN, TOKEN, assert_fits
from tests.support.servers import cli_result, serve_in_thread

EXPORT = {
    "type": "mention_sla_export",
    "date_from": "2018-04-01T00:00:00Z",
    "date_to": "2018-04-07T23:59:59Z",
}


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    with serve_in_thread(create_app(rate_limit="0", export_delay=0, tokens=[TOKEN, OTHER_TOKEN])) as url:
        yield url


def raw_get(url: str, target: str, host: bytes, extra: bytes = b"") -> dict[str, Any]:
    """GET with exactly this Host header (and these extra header lines); the JSON answer."""
    address = url.removeprefix("http://").split(":")
    with socket.create_connection((address[0], int(address[1])), timeout=20) as sock:
        sock.sendall(
            f"GET {target} HTTP/1.1\r\n".encode()
            + b"Host: "
            + host
            + b"\r\n"
            + extra
            + f"Auth-Api-Token: {TOKEN}\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), answer[:500]
    payload: dict[str, Any] = json.loads(body)
    return payload


def export_token(url: str) -> str:
    with httpx.Client(base_url=url, timeout=30) as client:
        answer = client.post("/v1/activity/reports", headers=AUTH, json=EXPORT)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


@pytest.mark.parametrize(
    "host",
    [b"evil.example/steal?x=", b"evil.example", b"evil.example:80", b"127.0.0.1.evil.example", b"", b"a b"],
    ids=["with a path", "a foreign name", "a foreign name and port", "a look-alike", "empty", "garbage"],
)
def test_a_foreign_host_header_never_becomes_the_export_url(mock_url: str, host: bytes) -> None:
    job = raw_get(mock_url, f"/v1/activity/reports/status?token={export_token(mock_url)}", host)
    assert_fits("ExportJob", job)
    assert job["url"].startswith(mock_url + "/_mock/exports/"), job


@pytest.mark.parametrize("host", [b"localhost:9999", b"127.0.0.1:9999", b"[::1]:9999", b"localhost"])
def test_a_loopback_host_is_kept_so_port_forwarding_works(mock_url: str, host: bytes) -> None:
    token = export_token(mock_url)
    job = raw_get(mock_url, f"/v1/activity/reports/status?token={token}", host)
    assert job["url"] == f"http://{host.decode()}/_mock/exports/{token}.csv", job


@pytest.mark.parametrize(
    "forwarded",
    [
        b"X-Forwarded-Proto: https\r\n",
        b"X-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.9\r\n",
        b"X-Forwarded-Host: evil.example\r\nX-Forwarded-Port: 443\r\n",
        b"Forwarded: proto=https;host=evil.example\r\n",
    ],
    ids=["proto", "proto and for", "host and port", "rfc 7239"],
)
def test_forwarded_headers_never_change_the_export_url(mock_url: str, forwarded: bytes) -> None:
    """Even from loopback (uvicorn trusts proxy headers from 127.0.0.1 by default): behind a proxy,
    --public-url says where the mock is."""
    token = export_token(mock_url)
    job = raw_get(mock_url, f"/v1/activity/reports/status?token={token}", b"localhost:9999", forwarded)
    assert job["url"] == f"http://localhost:9999/_mock/exports/{token}.csv", job


def test_the_public_url_is_used_when_given() -> None:
    app = create_app(rate_limit="0", export_delay=0, public_url="https://mock.ci.example/lexer/")
    with serve_in_thread(app) as url:
        token = export_token(url)
        job = raw_get(url, f"/v1/activity/reports/status?token={token}", b"localhost:1234")
    assert job["url"] == f"https://mock.ci.example/lexer/_mock/exports/{token}.csv", job


@pytest.mark.parametrize(
    "text", ["ftp://x", "http://", "http://x/?a=1", "http://x/#f", "mock.example", "http://a b"]
)
def test_a_bad_public_url_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="--public-url"):
        parse_public_url(text)
    result = cli_result("--public-url", text, "--port", "0")
    assert result.returncode == 2, result.stderr
    assert "--public-url" in result.stderr, result.stderr


def test_a_reset_without_a_token_forgets_only_what_came_without_one(mock_url: str) -> None:
    with httpx.Client(base_url=mock_url, timeout=30) as client:
        client.post("/_mock/reset", headers=AUTH)
        client.get("/v1/users", headers=AUTH)
        client.get("/v1/groups")  # no token: 401, in the token-less journal
        answer = client.post("/_mock/reset")
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"reset": None}
        assert client.get("/_mock/journal").json() == []
        assert [e["path"] for e in client.get("/_mock/journal", headers=AUTH).json()] == ["/v1/users"]
        # Every token's state, only when asked for.
        assert client.post("/_mock/reset", params={"all": "true"}).json() == {"reset": "all"}
        assert client.get("/_mock/journal", headers=AUTH).json() == []


def test_no_reset_all_refuses_the_reset_of_every_token() -> None:
    with (
        serve_in_thread(create_app(rate_limit="0", reset_all=False)) as url,
        httpx.Client(base_url=url) as client,
    ):
        client.get("/v1/users", headers=AUTH)
        answer = client.post("/_mock/reset", params={"all": "true"})
        assert answer.status_code == 403, answer.text
        assert_fits("Error", answer.json())
        assert answer.json()["error"] == errors.FORBIDDEN
        assert len(client.get("/_mock/journal", headers=AUTH).json()) == 1
        assert client.post("/_mock/reset", headers=AUTH).json() == {"reset": TOKEN}
