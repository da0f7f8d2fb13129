"""An h2c upgrade request (what Java's HttpClient sends on http://) is answered as the HTTP/1.1
request it also is, body included, as nginx does: the mock speaks no HTTP/2 and ignores the upgrade.

uvicorn's httptools parser ends such a request at its head; the mock's connection handling drops the
Upgrade header before the parser sees it (mock_server/http_protocol.py).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.mock_helpers import TOKEN

BODY = (
    b'{"type": "case_summary", "date_from": "2018-04-01T00:00:00+11:00", '
    b'"date_to": "2018-04-30T23:59:59+11:00"}'
)
H2C = "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
JAVA_PROGRAM = Path(__file__).parent / "java" / "H2cPost.java"
WEBSOCKET = "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"


def post(host: str, upgrade: str, body: bytes = BODY) -> str:
    return (
        "POST /v1/activity/reports HTTP/1.1\r\n"
        f"Host: {host}\r\n{upgrade}"
        f"Auth-Api-Token: {TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )


def read_answer(sock: socket.socket) -> tuple[bytes, bytes, bytes]:
    """Status line, head and body of one answer with a Content-Length."""
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(65536)
        assert chunk, answer
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.lower().split(b"\r\n")
    length = next(int(line.split(b":", 1)[1]) for line in lines if line.startswith(b"content-length:"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, answer
        body += chunk
    return head.partition(b"\r\n")[0], head, body


@pytest.mark.parametrize("upgrade", [H2C, WEBSOCKET], ids=["h2c", "websocket"])
def test_an_upgrade_request_is_answered_over_http_1_1_with_its_body_read(mock_url: str, upgrade: str) -> None:
    address = urlsplit(mock_url)
    with socket.create_connection((address.hostname or "127.0.0.1", address.port or 80), timeout=10) as sock:
        # Twice on one connection: the connection stays usable for plain HTTP/1.1 afterwards.
        for _ in range(2):
            sock.sendall(post(address.netloc, upgrade).encode() + BODY)
            status_line, head, body = read_answer(sock)
            assert status_line == b"HTTP/1.1 200 OK", head
            assert b"upgrade" not in head.lower(), head
            payload = json.loads(body)
            assert "total_cases" in payload, payload


def test_an_upgrade_head_sent_in_pieces_is_answered(mock_url: str) -> None:
    address = urlsplit(mock_url)
    request = post(address.netloc, H2C).encode() + BODY
    with socket.create_connection((address.hostname or "127.0.0.1", address.port or 80), timeout=10) as sock:
        for start in range(0, len(request), 7):
            sock.sendall(request[start : start + 7])
        status_line, head, body = read_answer(sock)
    assert status_line == b"HTTP/1.1 200 OK", head
    assert "total_cases" in json.loads(body)


def test_java_httpclient_defaults_post_a_report(mock_url: str) -> None:
    """Java's default HttpClient (HTTP/2 preferred, so Upgrade: h2c on http://), as a real program."""
    java = shutil.which("java")
    assert java is not None, "Java 17 is required (see the README's set-up)"
    result = subprocess.run(
        [java, str(JAVA_PROGRAM), mock_url, TOKEN], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    for line in lines:
        version, status, body = line.split(" ", 2)
        assert (version, status) == ("HTTP_1_1", "200"), line
        assert "total_cases" in json.loads(body), line
