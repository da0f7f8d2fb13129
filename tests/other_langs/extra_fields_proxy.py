"""A reverse proxy that adds a field the spec does not know to every object of every JSON answer.

    python tests/other_langs/extra_fields_proxy.py UPSTREAM_ROOT PORT

A real process on 127.0.0.1 between a client and the mock, standing in for an API that has grown a
field: each JSON object of an answer (error bodies included) gets `"added_by_api": {...}`, except maps
whose values are all arrays (the States Volume answer, keyed by state: a new key there would be a new
state). Status, Content-Type and Retry-After pass through; other bodies (the CSV files) are unchanged.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

EXTRA = {"added_by_api": {"note": "a field the spec does not list", "values": [1.25, 2, None, True]}}
FORWARDED_REQUEST = ("Auth-Api-Token", "Content-Type", "Accept")
FORWARDED_ANSWER = ("Content-Type", "Retry-After")


def augment(node: Any) -> Any:
    if isinstance(node, list):
        return [augment(item) for item in node]
    if isinstance(node, dict):
        values = {key: augment(value) for key, value in node.items()}
        if node and all(isinstance(value, list) for value in node.values()):
            return values
        return {**values, **EXTRA}
    return node


class Proxy(BaseHTTPRequestHandler):
    upstream = ""

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
        if "json" in (headers.get("Content-Type") or ""):
            data = json.dumps(augment(json.loads(data))).encode()
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
    upstream, port = sys.argv[1].rstrip("/"), int(sys.argv[2])
    Proxy.upstream = upstream
    server = ThreadingHTTPServer(("127.0.0.1", port), Proxy)
    print(f"proxy on http://127.0.0.1:{port} -> {upstream}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
