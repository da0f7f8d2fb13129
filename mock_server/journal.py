"""The request journal (``GET /_mock/journal``) and the ``--latency`` delay.

A contract test can ask the mock what it actually received. The middleware sits outside
Connexion's exception handling so it records the final status of every answer, errors included.
It keeps raw bytes on the hot path and decodes them only when the journal is read.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.auth import header_value

MOCK_PREFIX = "/_mock/"
PER_TOKEN = 1000  # entries kept per token, oldest dropped first
TOKEN_HEADER = b"auth-api-token"
# Headers worth showing; the token itself is the journal's key, not repeated in entries.
KEPT_HEADERS = (b"content-type", b"accept", b"prefer", b"user-agent", b"content-length")


@dataclass(frozen=True)
class Entry:
    method: str
    path: str
    query: bytes
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    status: int

    def to_json(self) -> dict[str, Any]:
        body: Any = None
        if self.body:
            try:
                body = orjson.loads(self.body)
            except orjson.JSONDecodeError:
                body = self.body.decode("utf-8", "replace")
        query = {
            key: values if len(values) > 1 else values[0]
            for key, values in parse_qs(self.query.decode("latin-1")).items()
        }
        return {
            "method": self.method,
            "path": self.path,
            "query": query,
            "headers": {k.decode("latin-1"): v.decode("latin-1") for k, v in self.headers},
            "body": body,
            "status": self.status,
        }


class Journal:
    def __init__(self) -> None:
        self._entries: dict[str, deque[Entry]] = {}

    def record(self, token: str, entry: Entry) -> None:
        entries = self._entries.get(token)
        if entries is None:
            entries = self._entries[token] = deque(maxlen=PER_TOKEN)
        entries.append(entry)

    def entries(self, token: str) -> list[dict[str, Any]]:
        return [entry.to_json() for entry in self._entries.get(token, ())]

    def clear(self, token: str | None = None) -> None:
        if token is None:
            self._entries.clear()
        else:
            self._entries.pop(token, None)


def _skipped(path: str) -> bool:
    """The mock's own routes and the Swagger UI are not API traffic."""
    return path.startswith(MOCK_PREFIX) or "/ui/" in path or path.endswith(("/ui", "/openapi.json"))


class JournalMiddleware:
    def __init__(self, app: ASGIApp, *, journal: Journal, latency_ms: float = 0.0) -> None:
        self.app = app
        self.journal = journal
        self.latency = latency_ms / 1000

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.latency:
            await asyncio.sleep(self.latency)
        path: str = scope["path"]
        if _skipped(path):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        status = 0

        async def receive_() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
            return message

        async def send_(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive_, send_)
        finally:
            headers = tuple((k, v) for k, v in scope["headers"] if k in KEPT_HEADERS)
            entry = Entry(
                scope["method"],
                path,
                scope.get("query_string", b""),
                headers,
                b"".join(chunks),
                status or 500,
            )
            self.journal.record(header_value(scope, TOKEN_HEADER) or "", entry)
