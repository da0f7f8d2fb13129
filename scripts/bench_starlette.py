"""A bare Starlette app for `make bench`: the ceiling a Python ASGI server reaches on this machine.

It answers the two benchmarked requests with bytes fetched from the mock (or the spec's examples) at
start, without validation, auth or computation, so the difference to the mock is what the mock's
contract work costs. Run by scripts/bench.py; not part of the kit's API.

    python scripts/bench_starlette.py --host 127.0.0.1 --port 9000 --payloads payloads.json

`payloads.json` maps "users" and "report" to the exact JSON text to answer with.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def build_app(users_body: bytes, report_body: bytes) -> Starlette:
    """An app serving GET /users and POST /activity/reports under /v1 with fixed JSON bodies."""

    async def list_users(request: Request) -> Response:
        return Response(users_body, media_type="application/json")

    async def run_report(request: Request) -> Response:
        await request.body()  # read the body, as any real handler must
        return Response(report_body, media_type="application/json")

    return Starlette(
        routes=[
            Route("/v1/users", list_users, methods=["GET"]),
            Route("/v1/activity/reports", run_report, methods=["POST"]),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--payloads", type=Path, required=True, help="JSON file: {users: str, report: str}")
    args = parser.parse_args(argv)
    payloads = json.loads(args.payloads.read_text(encoding="utf-8"))
    app = build_app(payloads["users"].encode(), payloads["report"].encode())
    uvicorn.run(app, host=args.host, port=args.port, workers=1, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
