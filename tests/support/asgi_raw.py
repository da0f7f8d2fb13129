"""Calls an ASGI app in-process with exactly the bytes given: method, path, query string, headers
and body chunks are passed through untouched (HTTP clients refuse or repair hostile ones).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes

import orjson

TIMEOUT_S = 30.0  # an answer that takes longer counts as a hang


@dataclass
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode("latin-1")
        for key, value in self.headers:
            if key.lower() == wanted:
                return value.decode("latin-1")
        return None

    def json(self) -> Any:
        return orjson.loads(self.body)

    def __str__(self) -> str:
        return f"{self.status} {self.headers!r} {self.body[:500]!r}"


async def call(
    app: Any,
    method: str = "GET",
    path: bytes | str = b"/",
    query: bytes = b"",
    headers: Sequence[tuple[bytes, bytes]] = (),
    body: bytes = b"",
    chunks: Sequence[bytes] | None = None,
) -> Answer:
    """One HTTP request; ``chunks`` sends the body in several messages (as a chunked upload)."""
    raw_path = path.encode("utf-8", "surrogateescape") if isinstance(path, str) else path
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        # As uvicorn does: the path percent-decoded (to text via latin-1 for undecodable bytes).
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": query,
        "headers": [(name.lower(), value) for name, value in headers],
        "server": ("127.0.0.1", 8080),
        "client": ("127.0.0.1", 50000),
        "state": {},
    }
    pending = list(chunks) if chunks else [body]  # no chunks at all: one empty, final message
    disconnected = asyncio.Event()

    async def receive() -> dict[str, Any]:
        if pending:
            part = pending.pop(0)
            return {"type": "http.request", "body": part, "more_body": bool(pending)}
        await disconnected.wait()
        return {"type": "http.disconnect"}

    answer = Answer(status=0)

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    try:
        await asyncio.wait_for(app(scope, receive, send), TIMEOUT_S)
    finally:
        disconnected.set()
    return answer


def call_sync(app: Any, *args: Any, **kwargs: Any) -> Answer:
    return asyncio.run(call(app, *args, **kwargs))
