"""A small upstream that does not behave like the spec, run as its own process on loopback for the
recording tests: ``python tests/support/odd_upstream.py PORT``. It prints ``ready`` once it listens.

- ``GET /v1/users``: one user without the required ``id`` and with a field the spec does not know
  (``nickname``), and an ``X-RateLimit-Remaining`` header;
- ``POST /v1/activity/reports``: an export job; ``GET /v1/activity/reports/status``: a
  ``case_details`` job with ``status: "failed"``, a ``mention_sla_export`` one ``complete`` with a
  CSV file (``GET /files/responses``, no ``.csv``, as in Lexer's draft) whose columns are not the
  documented ones;
- ``GET /v1/groups``: answers only after 30 s (slower than any test's ``--timeout``);
- ``GET /v1/forms``: bytes that are not HTTP, then closes the connection;
- ``GET /v1/teams``: a path the spec does not have, answering the caller's token and query.
- ``POST /v1/activity/reports`` with ``"type": "summary"``: an HTML page with status 200; with
  ``"type": "case_summary"``: 429 with ``Retry-After: 120``;
- ``GET /hits``: how many requests each path and report type got, for the tests.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

USER = {
    "email": "jane@business.io",
    "first_name": "Jane",
    "last_name": "Remington",
    "timezone": "Australia/Sydney",
    "gmtoffset": 10,
    "sign_in_count": 76,
    "last_sign_in_at": "2018-03-21T06:09:01Z",
    "archived": False,
    "groups": [123],
    "nickname": "jr",
}
JOB_TOKEN = "5f2b8c1e-3d4a-4b6f-9e2a-7c1d0b8a6e34"  # case_details: failed
DONE_TOKEN = "c81f4e2a-6d3b-4f9e-a2c7-5b0d8e1f3a96"  # mention_sla_export: complete
CSV = b"Account Name,Source Type,Agent Id,State\r\nAcme,twitter,12345,closed\r\n"
HITS: dict[str, int] = {}
SLOW_S = 30.0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        HITS[path] = HITS.get(path, 0) + 1
        if path == "/hits":
            self._send(200, json.dumps(HITS).encode())
        elif path == "/v1/users":
            self._send(200, json.dumps([USER]).encode(), X_RateLimit_Remaining="99")
        elif path == "/v1/activity/reports/status" and self.path.endswith(DONE_TOKEN):
            url = f"http://{self.headers.get('Host')}/files/responses?signature=s3cr3t"
            self._send(200, json.dumps({"status": "complete", "url": url, "token": DONE_TOKEN}).encode())
        elif path == "/v1/activity/reports/status":
            self._send(200, json.dumps({"status": "failed", "url": None, "token": JOB_TOKEN}).encode())
        elif path == "/files/responses":
            self._send(200, CSV, "text/csv")
        elif path == "/v1/groups":
            time.sleep(SLOW_S)
            self._send(200, b"[]")
        elif path == "/v1/forms":
            self.wfile.write(b"this is not HTTP\r\n\r\n")
            self.close_connection = True
        elif path == "/v1/teams":  # echoes the caller's token, which the recording must not keep
            echo = {"token": self.headers.get("Auth-Api-Token"), "query": self.path.partition("?")[2]}
            self._send(200, json.dumps([echo]).encode())
        else:
            self._send(404, json.dumps({"error": "Not found", "message": "No such resource."}).encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        hit = f"{self.path} {body.get('type')}"
        HITS[hit] = HITS.get(hit, 0) + 1
        if body.get("type") == "case_summary":
            error = {"error": "Rate limited exceeded", "message": "You're making too many requests."}
            self._send(429, json.dumps(error).encode(), Retry_After="120")
        elif body.get("type") == "summary":
            self._send(200, b"<html><body>Service temporarily unavailable</body></html>", "text/html")
        else:
            token = DONE_TOKEN if body.get("type") == "mention_sla_export" else JOB_TOKEN
            self._send(200, json.dumps({"status": "pending", "url": None, "token": token}).encode())


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
