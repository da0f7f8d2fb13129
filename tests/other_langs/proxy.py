"""A reverse proxy between a generated client and the mock: a real process on 127.0.0.1.

    python tests/other_langs/proxy.py UPSTREAM_ROOT PORT [--add-fields] [--log FILE]

Status, Content-Type and Retry-After pass through, and the body as it came, unless asked otherwise:

- ``--add-fields`` stands in for an API that has grown a field: each JSON object of an answer (error
  bodies included) gets ``"added_by_api": {...}``, except maps whose values are all arrays (the States
  Volume answer, keyed by state: a new key there would be a new state). Other bodies (the CSV files)
  are unchanged.
- ``--log FILE`` keeps every answer body it passes on, in order, for clients that give their user no
  way to see the bytes they received (openapi-generator's ``rust`` and ``java`` outputs): each line is
  ``{"method", "path", "status", "body"}`` of one exchange, written before the answer is sent on.

The tests start it with :func:`running`.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

EXTRA = {"added_by_api": {"note": "a field the spec does not list", "values": [1.25, 2, None, True]}}
FORWARDED_REQUEST = ("Auth-Api-Token", "Content-Type", "Accept")
FORWARDED_ANSWER = ("Content-Type", "Retry-After")
START_TIMEOUT_S = 30.0


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
    add_fields = False
    log_file: Path | None = None
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
        if self.add_fields and "json" in (headers.get("Content-Type") or ""):
            data = json.dumps(augment(json.loads(data))).encode()
        if self.log_file is not None:
            entry = {"method": self.command, "path": self.path, "status": status}
            entry["body"] = data.decode("utf-8")
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


@contextmanager
def running(upstream: str, port: int, *flags: str) -> Iterator[str]:
    """The proxy as a process in front of ``upstream``; yields its root URL, stops it afterwards.
    Fails the test with the proxy's output when it does not start."""
    with tempfile.TemporaryFile() as output:
        proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), upstream, str(port), *flags],
            stdout=output,
            stderr=output,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        output.seek(0)
                        pytest.fail(f"the proxy did not start: {output.read().decode(errors='replace')}")
                    time.sleep(0.05)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("upstream")
    parser.add_argument("port", type=int)
    parser.add_argument("--add-fields", action="store_true")
    parser.add_argument("--log", type=Path)
    args = parser.parse_args()
    Proxy.upstream, Proxy.add_fields, Proxy.log_file = args.upstream.rstrip("/"), args.add_fields, args.log
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Proxy)
    print(f"proxy on http://127.0.0.1:{args.port} -> {Proxy.upstream}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
