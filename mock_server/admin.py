"""The mock's own routes under ``/_mock/``, outside the spec (as moto's ``moto_api`` and WireMock's
admin API sit beside the APIs they mock).

- ``GET /_mock/journal``: the requests the mock received with the caller's ``Auth-Api-Token``;
- ``POST /_mock/reset``: forget the journal, rate-limit count and export jobs of the caller's
  token, or of every token when the request has none;
- ``GET /_mock/exports/<token>.csv`` (or without ``.csv``): the download of a complete export job.

They are plain Starlette routes: no API token is required, the rate limit does not count them and
the journal does not record them. A new admin route is a method here plus a line in ``routes``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_server.exports import EXPORT_PATH, Exports
from mock_server.journal import MOCK_PREFIX, TOKEN_HEADER, Journal
from mock_server.ratelimit import RateLimiter
from mock_server.rendering import Renderer
from mock_server.responses import csv_response, json_response

Endpoint = Callable[[Request], Awaitable[Response]]
TOKEN = TOKEN_HEADER.decode()


class Admin:
    def __init__(
        self, *, journal: Journal, limiter: RateLimiter, exports: Exports, renderer: Renderer
    ) -> None:
        self.journal = journal
        self.limiter = limiter
        self.exports = exports
        self.renderer = renderer

    def routes(self) -> list[tuple[str, str, Endpoint, list[str]]]:
        """(path, name, endpoint, methods) of every admin route."""
        return [
            (f"{MOCK_PREFIX}journal", "mock_journal", self.journal_entries, ["GET"]),
            (f"{MOCK_PREFIX}reset", "mock_reset", self.reset, ["POST"]),
            (f"{EXPORT_PATH}{{token}}.csv", "mock_export", self.export_csv, ["GET"]),
            # The same file without the extension: Lexer's export draft shows storage links without one.
            (f"{EXPORT_PATH}{{token}}", "mock_export_plain", self.export_csv, ["GET"]),
        ]

    async def journal_entries(self, request: Request) -> Response:
        """The requests the mock received with the caller's ``Auth-Api-Token`` (none: without one)."""
        return json_response(orjson.dumps(self.journal.entries(request.headers.get(TOKEN, ""))))

    async def reset(self, request: Request) -> Response:
        token = request.headers.get(TOKEN)
        self.journal.clear(token)
        self.limiter.reset(token)
        self.exports.forget(token)
        return json_response(orjson.dumps({"reset": token if token is not None else "all"}))

    async def export_csv(self, request: Request) -> Response:
        token = request.path_params["token"]
        job = self.exports.completed(token)
        return csv_response(self.renderer.csv(job.query), f"{token}.csv")
