"""The request journal (``GET /_mock/journal``) and the ``--latency`` delay.

A contract test can ask the mock what it actually received. The middleware sits outside
Connexion's exception handling so it records the final status of every answer, errors included.
It keeps raw bytes on the hot path and decodes them only when the journal is read.

Its memory is bounded whatever clients send: the newest ``PER_TOKEN`` entries of each accepted
token (and of requests without one); requests with a token the mock does not accept are kept
for the ``UNKNOWN_TOKENS`` most recently seen such tokens only, ``PER_UNKNOWN_TOKEN`` each (each
request could otherwise bring a new token, and a new list, with it); bodies, query strings,
paths and header values are cut at ``MAX_FIELD`` bytes (the entry then says ``"truncated": true``).

Every stored body reads back: as the same JSON, or as its text with ``"body_raw": true`` when it is not
JSON (or not UTF-8, or cut), or is nested deeper than ``MAX_BODY_DEPTH`` levels.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import Iterable
from typing import Any, NamedTuple
from urllib.parse import parse_qs

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.loading import nested_within

MOCK_PREFIX = "/_mock/"
FAULT_SCOPE_KEY = "lexer_mock.fault"  # set by the control API's fault middleware
PER_TOKEN = 1000  # entries kept per accepted token (and for no token), oldest dropped first
UNKNOWN_TOKENS = 32  # tokens the mock does not accept whose requests are kept
PER_UNKNOWN_TOKEN = 100
MAX_FIELD = 4096  # bytes kept of a body, query string, path or header value
# JSON bodies nested deeper read back as text: orjson reads 1,024 levels but writes only 254, and the
# journal's answer puts each body two levels down (a list of entries), so a 253-deep body broke it.
MAX_BODY_DEPTH = 128
TOKEN_HEADER = b"auth-api-token"
# Headers worth showing; the token itself is the journal's key, not repeated in entries.
KEPT_HEADERS = frozenset((b"content-type", b"accept", b"prefer", b"user-agent", b"content-length"))


class Entry(NamedTuple):  # a tuple: one is made per request
    method: str
    path: str
    query: bytes
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    status: int  # 0: no answer (a staged "drop" fault)
    truncated: bool = False
    fault: str | None = None  # the kind of staged fault that answered it (control.py)

    def to_json(self) -> dict[str, Any]:
        body, raw = read_back(self.body)
        query = {
            key: values if len(values) > 1 else values[0]
            for key, values in parse_qs(self.query.decode("latin-1")).items()
        }
        found = {
            "method": self.method,
            "path": self.path,
            "query": query,
            "headers": {k.decode("latin-1"): v.decode("latin-1") for k, v in self.headers},
            "body": body,
            "status": self.status or None,
        }
        if raw:
            found["body_raw"] = True
        if self.truncated:
            found["truncated"] = True
        if self.fault is not None:
            found["fault"] = self.fault
        return found


def read_back(body: bytes) -> tuple[Any, bool]:
    """A stored body as the journal shows it: the same JSON when it can be written back as JSON,
    else its text (undecodable bytes replaced) and True."""
    if not body:
        return None, False
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    else:
        if nested_within(value, MAX_BODY_DEPTH):
            return value, False
    return body.decode("utf-8", "replace"), True


class Journal:
    def __init__(self, tokens: Iterable[str] = ()) -> None:
        self.tokens = frozenset(tokens) | {""}
        self._entries: dict[str, deque[Entry]] = {}
        self._unknown: OrderedDict[str, deque[Entry]] = OrderedDict()  # least recently used first

    def _key(self, token: str) -> str:
        return token if token in self.tokens else token[:MAX_FIELD]

    def record(self, token: str, entry: Entry) -> None:
        if token in self.tokens:
            entries = self._entries.get(token)
            if entries is None:
                entries = self._entries[token] = deque(maxlen=PER_TOKEN)
        else:
            key = self._key(token)
            entries = self._unknown.get(key)
            if entries is None:
                entries = self._unknown[key] = deque(maxlen=PER_UNKNOWN_TOKEN)
                while len(self._unknown) > UNKNOWN_TOKENS:
                    self._unknown.popitem(last=False)
            else:
                self._unknown.move_to_end(key)
        entries.append(entry)

    def entries(self, token: str) -> list[dict[str, Any]]:
        found = self._entries.get(token) if token in self.tokens else self._unknown.get(self._key(token))
        return [entry.to_json() for entry in found or ()]

    def clear(self, token: str | None = None) -> None:
        if token is None:
            self._entries.clear()
            self._unknown.clear()
        elif token in self.tokens:
            self._entries.pop(token, None)
        else:
            self._unknown.pop(self._key(token), None)


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
        chunks: list[bytes] = []  # the body's messages: one, or what an entry keeps of more
        status = 0

        async def receive_() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                chunks.append(message.get("body", b""))
                if len(chunks) > 1:  # a streamed body: no more than an entry keeps, plus one byte
                    chunks[:] = [b"".join(chunks)[: MAX_FIELD + 1]]
            return message

        async def send_(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive_, send_)
        finally:
            body = b"".join(chunks)  # a single message's bytes as they are, not copied
            query: bytes = scope.get("query_string", b"")
            cut = len(body) > MAX_FIELD or len(query) > MAX_FIELD or len(path) > MAX_FIELD
            # One pass over the headers: the kept ones (cut) and the first token.
            headers: list[tuple[bytes, bytes]] = []
            token: str | None = None
            for name, value in scope["headers"]:
                if name in KEPT_HEADERS:
                    if len(value) > MAX_FIELD:
                        value, cut = value[:MAX_FIELD], True
                    headers.append((name, value))
                elif token is None and name == TOKEN_HEADER:
                    token = value.decode("latin-1")
            fault = scope.get(FAULT_SCOPE_KEY)
            entry = Entry(
                scope["method"][:MAX_FIELD],
                path[:MAX_FIELD],
                query[:MAX_FIELD],
                tuple(headers),
                body[:MAX_FIELD],
                status or (0 if fault == "drop" else 500),
                cut,
                fault,
            )
            self.journal.record(token or "", entry)
