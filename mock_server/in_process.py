"""httpx transports that call the mock's ASGI app in the same process, without a socket.

``httpx.ASGITransport`` answers only the client it is given to: an export job's ``url`` (on the
mock's ``/_mock/exports/``) then fails with ``ConnectError`` when fetched another way, and it has
no notion of a dropped connection. These transports serve every URL they are asked for from the
app (so the kit's client, given one through ``httpx_args={"transport": ...}``, downloads exports
through it too), honour the request's read timeout (``httpx.ReadTimeout``, as over HTTP), and turn
the control API's ``drop`` and ``truncate`` faults into the ``httpx.RemoteProtocolError`` a real
connection gives.

- ``AsyncInProcessTransport``: for ``httpx.AsyncClient``; the app runs in the caller's event loop.
- ``InProcessTransport``: for ``httpx.Client``; the app runs in an event loop of its own thread,
  started with the transport and stopped by ``close()``. ``borrowed()`` gives a client a handle on
  it that its ``close()`` leaves running (the pytest plugin shares one per session).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from urllib.parse import unquote_to_bytes

import httpx

from mock_server.faults import CLOSE_SCOPE_KEY

CLIENT = ("127.0.0.1", 50000)  # the peer address the app sees


def _timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout") or {}
    read = timeout.get("read")
    return float(read) if isinstance(read, int | float) else None


async def call_app(app: Any, request: httpx.Request, body: bytes) -> httpx.Response:
    """One request through the ASGI app; the answer as an ``httpx.Response``."""
    url = request.url
    closed = False

    def close_connection() -> bool:
        nonlocal closed
        closed = True
        return True

    raw_path = url.raw_path.split(b"?", 1)[0]
    port = url.port or (443 if url.scheme == "https" else 80)
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": url.query,
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "server": (url.host, port),
        "client": CLIENT,
        "extensions": {},
        CLOSE_SCOPE_KEY: close_connection,
    }
    sent_body = False
    finished = asyncio.Event()
    status: int | None = None
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                finished.set()

    try:
        await asyncio.wait_for(app(scope, receive, send), _timeout(request))
    except TimeoutError:
        raise httpx.ReadTimeout("The mock did not answer within the read timeout.", request=request) from None
    finally:
        finished.set()
    content = b"".join(chunks)
    if closed and status is None:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
    if closed:
        declared = next((v for k, v in headers if k.lower() == b"content-length"), b"?")
        raise httpx.RemoteProtocolError(
            f"peer closed connection without sending complete message body: received {len(content)} "
            f"bytes, expected {declared.decode('latin-1')}",
            request=request,
        )
    if status is None:
        raise httpx.RemoteProtocolError("The mock answered nothing.", request=request)
    return httpx.Response(status, headers=headers, content=content, request=request)


class AsyncInProcessTransport(httpx.AsyncBaseTransport):
    def __init__(self, app: Any) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await call_app(self.app, request, await request.aread())


class InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="lexer-mock-in-process", daemon=True
        )
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._loop.is_closed():
            raise httpx.ConnectError("The in-process mock transport is closed.", request=request)
        body = request.read()
        future = asyncio.run_coroutine_threadsafe(call_app(self.app, request, body), self._loop)
        return future.result()

    def borrowed(self) -> httpx.BaseTransport:
        return _Borrowed(self)

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


class _Borrowed(httpx.BaseTransport):
    def __init__(self, owner: InProcessTransport) -> None:
        self._owner = owner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._owner.handle_request(request)

    def close(self) -> None:
        """The owner's loop keeps running for its other clients."""
