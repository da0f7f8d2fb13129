"""``make prism``: Prism serving the documents' paths, each report type answered with its own example.

Two things stand between Prism and the documents' curls:

- Prism serves paths without the server's base path. The Prism edition of the spec
  (scripts/prism_edition.py, written to build/openapi.prism.yaml) puts ``/v1`` and, for the status
  operation, ``/api/public/v1`` into the paths.
- Prism cannot choose a response example by the request body: without a ``Prefer`` header every
  ``runReport`` is answered with the first example (Summary's), whatever its ``type``. So Prism listens on
  a free port of 127.0.0.1 only, and a small front on ``--host``/``--port`` forwards every request to it,
  adding ``Prefer: example=<type>`` to a ``runReport`` whose JSON body names a report type that has an
  example (a request that already asks for an example keeps its own). A body that fits no report type is
  left to Prism's request validation, which answers it with a 4xx (422).

Stop it with Ctrl-C (or SIGTERM): Prism stops with it.

Usage: python scripts/prism_front.py [--host 127.0.0.1] [--port 4010] [--spec openapi.yaml]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import uvicorn
import yaml
from prism_edition import OUT, SPEC, prism_edition, write_edition
from proc_tools import free_port
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 90.0  # a cold start of Node on a busy machine; a guard against hanging only
RUN_REPORT = "runReport"
# Hop-by-hop headers, and those httpx sets itself for the forwarded body.
DROPPED_REQUEST_HEADERS = frozenset({"host", "content-length", "connection", "transfer-encoding"})
DROPPED_RESPONSE_HEADERS = frozenset(
    {"content-length", "connection", "transfer-encoding", "content-encoding"}
)


def report_routes(edition: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The paths of runReport in the edition, and the names of its 200 examples (one per report type)."""
    paths = frozenset(
        path
        for path, item in edition["paths"].items()
        if item.get("post", {}).get("operationId") == RUN_REPORT
    )
    if not paths:
        raise SystemExit("prism_front: the spec has no runReport operation")
    answer = edition["paths"][next(iter(paths))]["post"]["responses"]["200"]
    examples = answer["content"]["application/json"].get("examples", {})
    return paths, frozenset(examples)


def prefer_for(body: bytes, prefer: str | None, examples: frozenset[str]) -> str | None:
    """The ``Prefer`` header to forward: the request's own, plus ``example=<type>`` when the body names a
    report type with an example and the request does not already ask for an example."""
    if prefer is not None and "example=" in prefer:
        return prefer
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return prefer
    report_type = parsed.get("type") if isinstance(parsed, dict) else None
    if not isinstance(report_type, str) or report_type not in examples:
        return prefer
    return f"{prefer}, example={report_type}" if prefer else f"example={report_type}"


class Front:
    """The ASGI app in front of Prism."""

    def __init__(self, upstream: str, report_paths: frozenset[str], examples: frozenset[str]) -> None:
        self.upstream = upstream
        self.report_paths = report_paths
        self.examples = examples
        self.client: httpx.AsyncClient | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.client = httpx.AsyncClient(base_url=self.upstream, timeout=60.0)
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self.client is not None:
                        await self.client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        response = await self.forward(Request(scope, receive))
        await response(scope, receive, send)

    async def forward(self, request: Request) -> Response:
        assert self.client is not None, "lifespan startup did not run"
        body = await request.body()
        headers = [
            (name, value)
            for name, value in request.headers.items()
            if name.lower() not in DROPPED_REQUEST_HEADERS
        ]
        if request.method == "POST" and request.url.path in self.report_paths:
            prefer = prefer_for(body, request.headers.get("prefer"), self.examples)
            headers = [(name, value) for name, value in headers if name.lower() != "prefer"]
            if prefer is not None:
                headers.append(("prefer", prefer))
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        try:
            answer = await self.client.request(request.method, target, headers=headers, content=body)
        except httpx.HTTPError as exc:
            return JSONResponse({"error": "Bad gateway", "message": f"Prism did not answer: {exc}"}, 502)
        kept = {
            name: value
            for name, value in answer.headers.items()
            if name.lower() not in DROPPED_RESPONSE_HEADERS
        }
        return Response(answer.content, status_code=answer.status_code, headers=kept)


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), timeout=1.0):
        return True
    return False


@contextlib.contextmanager
def running_prism(edition: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``prism mock <edition>`` on 127.0.0.1:``port`` (its own process group), until it accepts
    connections; stopped with its children on exit."""
    if not PRISM.exists():
        raise SystemExit(f"prism_front: {PRISM} is missing: run `make setup`")
    command = [str(PRISM), "mock", str(edition), "-h", LOOPBACK, "-p", str(port), "-v", "warn"]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(port):
            if process.poll() is not None:
                raise SystemExit(f"prism_front: Prism exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"prism_front: Prism did not listen on {LOOPBACK}:{port} in {START_TIMEOUT_S} s"
                )
            time.sleep(0.1)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--host", default=LOOPBACK, help="where the front listens (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=4010, help="the front's port (default 4010)")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the spec (default openapi.yaml)")
    parser.add_argument("--edition", type=Path, default=OUT, help="where the Prism edition is written")
    args = parser.parse_args(argv)

    edition_path = write_edition(args.spec, args.edition)
    with edition_path.open(encoding="utf-8") as handle:
        report_paths, examples = report_routes(yaml.safe_load(handle))
    prism_port = free_port(LOOPBACK)
    # Until uvicorn installs its own handlers (it stops on SIGTERM and SIGINT), SIGTERM unwinds too, so that
    # Prism is stopped on the way out.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    with running_prism(edition_path, prism_port):
        front = Front(f"http://{LOOPBACK}:{prism_port}", report_paths, examples)
        print(
            f"prism: the documents' paths on http://{args.host}:{args.port} "
            f"(/v1/..., /api/public/v1/activity/reports/status); Prism itself on {LOOPBACK}:{prism_port}",
            flush=True,
        )
        config = uvicorn.Config(front, host=args.host, port=args.port, log_level="warning", lifespan="on")
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.Server(config).run()
    return 0


__all__ = ["Front", "prefer_for", "prism_edition", "report_routes"]

if __name__ == "__main__":
    sys.exit(main())
