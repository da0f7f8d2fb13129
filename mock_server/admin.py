"""The mock's own routes under ``/_mock/``, outside the spec (as moto's ``moto_api`` and WireMock's
admin API sit beside the APIs they mock).

- ``GET /_mock/journal``: the requests the mock received with the caller's ``Auth-Api-Token``;
- ``POST /_mock/reset``: forget the journal, rate-limit count and export jobs of the caller's
  token; without a token, what came without one; every token's only when asked for with
  ``?all=true`` (and refused, 403, when the mock runs with ``--no-reset-all``): on a shared mock, a
  client that forgot its token must not wipe everyone's state;
- ``GET /_mock/exports/<token>.csv`` (or without ``.csv``): the download of a complete export job;
- the control API (control.py), scoped to the caller's token, which the mock must accept:
  ``/_mock/faults``, ``/_mock/reports``, ``/_mock/exports`` and ``/_mock/clock``; ``POST`` sets,
  ``GET`` lists, ``DELETE`` forgets. ``GET /_mock/journal`` takes the filters ``operation``,
  ``report_type``, ``status`` and ``method``.

They are plain Starlette routes: the rate limit does not count them and the journal does not
record them. A new admin route is a method here plus a line in ``routes``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_server.control import Control
from mock_server.control_input import refused
from mock_server.errors import FORBIDDEN, TOKEN_NOT_MATCHING, UNAUTHORIZED, ApiError
from mock_server.exports import EXPORT_PATH, Exports
from mock_server.journal import MOCK_PREFIX, TOKEN_HEADER, Journal
from mock_server.ratelimit import RateLimiter
from mock_server.rendering import Renderer
from mock_server.responses import csv_response, json_response

Endpoint = Callable[[Request], Awaitable[Response]]
CONTROL_METHODS = ["GET", "POST", "DELETE"]
TOKEN = TOKEN_HEADER.decode()


class Admin:
    def __init__(
        self,
        *,
        journal: Journal,
        limiter: RateLimiter,
        exports: Exports,
        renderer: Renderer,
        control: Control,
        reset_all: bool = True,
    ) -> None:
        self.reset_all = reset_all
        self.journal = journal
        self.limiter = limiter
        self.exports = exports
        self.renderer = renderer
        self.control = control

    def routes(self) -> list[tuple[str, str, Endpoint, list[str]]]:
        """(path, name, endpoint, methods) of every admin route."""
        return [
            (f"{MOCK_PREFIX}journal", "mock_journal", self.journal_entries, ["GET"]),
            (f"{MOCK_PREFIX}reset", "mock_reset", self.reset, ["POST"]),
            (f"{EXPORT_PATH}{{token}}.csv", "mock_export", self.export_csv, ["GET"]),
            # The same file without the extension: Lexer's export draft shows storage links without one.
            (f"{EXPORT_PATH}{{token}}", "mock_export_plain", self.export_csv, ["GET"]),
            (f"{MOCK_PREFIX}faults", "mock_faults", self.faults, CONTROL_METHODS),
            (f"{MOCK_PREFIX}reports", "mock_reports", self.reports, CONTROL_METHODS),
            (f"{MOCK_PREFIX}exports", "mock_exports", self.exports_control, CONTROL_METHODS),
            (f"{MOCK_PREFIX}clock", "mock_clock", self.clock, CONTROL_METHODS),
        ]

    async def journal_entries(self, request: Request) -> Response:
        """The requests the mock received with the caller's ``Auth-Api-Token`` (none: without one)."""
        entries = self.journal.entries(request.headers.get(TOKEN, ""))
        return json_response(orjson.dumps(self.control.journal_view(entries, request.query_params)))

    async def reset(self, request: Request) -> Response:
        token = request.headers.get(TOKEN)
        if token is None and request.query_params.get("all") == "true":
            if not self.reset_all:
                raise ApiError(403, FORBIDDEN, "Resetting every token is off on this mock (--no-reset-all).")
            self.journal.clear(None)
            self.limiter.reset(None)
            self.exports.forget(None)
            self.control.reset(None)
            return json_response(orjson.dumps({"reset": "all"}))
        # Without a token: the state of requests without one (the journal's "" entry).
        self.journal.clear(token if token is not None else "")
        if token is not None:
            self.limiter.reset(token)
            self.exports.forget(token)
            self.control.reset(token)
        return json_response(orjson.dumps({"reset": token}))

    async def export_csv(self, request: Request) -> Response:
        token = request.path_params["token"]
        job = self.exports.completed(token)
        return csv_response(self.renderer.csv(job.query), f"{token}.csv")

    # ------------------------------------------------------------------ the control API
    def caller(self, request: Request) -> str:
        """The caller's token, which the mock must accept (the API's own 401s otherwise)."""
        token = request.headers.get(TOKEN)
        if not token:
            raise ApiError(401, UNAUTHORIZED, "Missing authentication data: send your Auth-Api-Token.")
        if token not in self.control.tokens:
            raise ApiError(401, TOKEN_NOT_MATCHING, "Your API token provided is not valid.")
        return token

    async def faults(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            return _json(self.control.stage_fault(token, await _payload(request)), 201)
        if request.method == "DELETE":
            return _json({"deleted": self.control.faults.forget(token)})
        return _json([fault.to_json() for fault in self.control.faults.pending(token)])

    async def reports(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            return _json(self.control.stage_override(token, await _payload(request)), 201)
        if request.method == "DELETE":
            return _json({"deleted": self.control.reports.forget(token)})
        return _json([override.to_json() for override in self.control.reports.pending(token)])

    async def exports_control(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            return _json(self.control.set_export(token, await _payload(request)), 201)
        if request.method == "DELETE":
            return _json(self.control.release_exports(token))
        return _json(self.control.exports_view(token))

    async def clock(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            return _json(self.control.set_clock(token, await _payload(request)))
        if request.method == "DELETE":
            self.control.clocks.forget(token)
        return _json(self.control.clock_view(token))


def _json(value: Any, status: int = 200) -> Response:
    return json_response(orjson.dumps(value), status)


async def _payload(request: Request) -> Any:
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise refused(f"The body is not JSON: {exc}.") from None
