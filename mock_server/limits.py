"""The request body size limit: 413 ``Payload too large`` in the Error shape.

A report request is a few hundred bytes; a multi-megabyte body is a mistake or an attack, and the
mock should neither buffer nor parse it. The limit holds both for a declared ``Content-Length``
(answered at once, before a byte of the body is read: no ``100 Continue`` is sent either) and for
chunked bodies (counted as they arrive; reading stops at the first chunk over the limit).

The connection stays open and uvicorn discards the rest of the body as it arrives: closing it
while the client is still sending makes the kernel reset the connection, and the client may then
lose the 413 it was sent.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.errors import PAYLOAD_TOO_LARGE, ApiError, error_body


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


class BodyLimitMiddleware:
    """Outside Connexion's exception handling: an over-long declared body is answered here; a
    streamed one raises the 413 from ``receive`` inside the app, where the error handlers turn it
    into the Error shape."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        length = declared_length(scope)
        if length is not None and length > limit:
            error = too_large(limit)
            body = error_body(error.error, error.message)
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
            ]
            if (b"expect", b"100-continue") in scope["headers"]:
                # The client waits for this answer before sending the body: it never will.
                headers.append((b"connection", b"close"))
            await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
            await send({"type": "http.response.body", "body": body})
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
