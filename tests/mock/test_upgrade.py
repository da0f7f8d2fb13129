"""An h2c upgrade request (what Java's HttpClient sends on http://) gets a clear documented error.

uvicorn's httptools parser ends such a request at its head, so its body is lost; the mock must say so
rather than answer as if the client had sent nothing.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

from tests.support.mock_helpers import TOKEN

BODY = (
    b'{"type": "case_summary", "date_from": "2018-04-01T00:00:00+11:00", '
    b'"date_to": "2018-04-30T23:59:59+11:00"}'
)


def test_h2c_upgrade_with_a_body_names_the_cause(mock_url: str) -> None:
    address = urlsplit(mock_url)
    head = (
        "POST /v1/activity/reports HTTP/1.1\r\n"
        f"Host: {address.netloc}\r\n"
        "Connection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\n"
        "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n"
        f"Auth-Api-Token: {TOKEN}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(BODY)}\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname or "127.0.0.1", address.port or 80), timeout=10) as sock:
        sock.sendall(head + BODY)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    payload = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert status_line.startswith(b"HTTP/1.1 404"), answer[:500]
    assert payload["error"] == "Not found", payload
    assert "Upgrade" in payload["message"], payload
    assert "HTTP/1.1" in payload["message"], payload
