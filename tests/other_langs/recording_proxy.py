"""A reverse proxy that keeps every answer body it passes on, in order, one JSON line each.

    python tests/other_langs/recording_proxy.py UPSTREAM_ROOT PORT LOG_FILE

A real process on 127.0.0.1 between a generated client and the mock, for clients that give their user no
way to see the bytes they received (openapi-generator's `rust` and `java` outputs): each line of LOG_FILE
is `{"method", "path", "status", "body"}` of one exchange, written before the answer is sent on. Status,
Content-Type and Retry-After pass through unchanged, and so does every byte of the body.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FORWARDED_REQUEST = ("Auth-Api-Token", "Content-Type", "Accept")
FORWARDED_ANSWER = ("Content-Type", "Retry-After")


class Proxy(BaseHTTPRequestHandler):
    upstream = ""
    log_file = ""
    lock = threading.Lock()

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(self.upstream + self.path, data=body, method=self.command)
        for name in FORWARDED_REQUEST:
            if self.headers.get(name) is not None:
                request.add_header(name, self.headers[name])
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, headers, data = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, headers, data = error.code, error.headers, error.read()
        entry = {"method": self.command, "path": self.path, "status": status, "body": data.decode("utf-8")}
        with self.lock, open(self.log_file, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
        self.send_response(status)
        for name in FORWARDED_ANSWER:
            if headers.get(name) is not None:
                self.send_header(name, headers[name])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = forward
    do_POST = forward

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


def main() -> None:
    Proxy.upstream, port, Proxy.log_file = sys.argv[1].rstrip("/"), int(sys.argv[2]), sys.argv[3]
    server = ThreadingHTTPServer(("127.0.0.1", port), Proxy)
    print(f"proxy on http://127.0.0.1:{port} -> {Proxy.upstream}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
