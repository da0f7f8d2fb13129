"""Checks made before Connexion sees a request: the body size limit and a readable query string.

Body size: 413 ``Payload too large`` in the Error shape. A report request is a few hundred bytes;
a multi-megabyte body is a mistake or an attack, and the mock should neither buffer nor parse it.
The limit holds both for a declared ``Content-Length`` (answered at once, before a byte of the
body is read: no ``100 Continue`` is sent either) and for chunked bodies (counted as they arrive;
reading stops at the first chunk over the limit). The connection stays open and uvicorn discards
the rest of the body as it arrives: closing it while the client is still sending makes the kernel
reset the connection, and the client may then lose the 413 it was sent.

Query string: raw bytes that are not UTF-8 (a browser percent-encodes them; only hand-made
requests carry them) are a malformed request, 404 ``Not found``. Starlette decodes the query
string strictly when it builds a redirect (``/v1/users/`` -> ``/v1/users``), which was a 500.
uvicorn's parser already refuses such request lines; other ASGI servers may pass them on.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.errors import PAYLOAD_TOO_LARGE, ApiError, error_body, not_found


def too_large(limit: int) -> ApiError:
    return ApiError(413, PAYLOAD_TOO_LARGE, f"The request body is larger than the limit of {limit} bytes.")


def declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def readable_query(scope: Scope) -> bool:
    try:
        scope.get("query_string", b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def send_error(send: Send, error: ApiError, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = error_body(error.error, error.message)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii"))]
    await send(
        {"type": "http.response.start", "status": error.status_code, "headers": headers + (extra or [])}
    )
    await send({"type": "http.response.body", "body": body})


class RequestLimitsMiddleware:
    """Outside Connexion's exception handling: what can be refused from the head is answered
    here; a streamed body over the limit raises the 413 from ``receive`` inside the app, where
    the error handlers turn it into the Error shape."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not readable_query(scope):
            await send_error(send, not_found("Malformed request: the query string is not UTF-8."))
            return
        limit = self.max_bytes
        length = declared_length(scope)
        if length is not None and length > limit:
            # With Expect: 100-continue the client waits for this answer before sending the body,
            # and never will: close the connection rather than wait for it.
            expecting = (b"expect", b"100-continue") in scope["headers"]
            await send_error(send, too_large(limit), [(b"connection", b"close")] if expecting else None)
            return
        if length is not None:  # the server reads no more than the declared length
            await self.app(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, counted, send)
