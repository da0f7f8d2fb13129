"""The mock's HTTP/1.1 connection handling: uvicorn's httptools protocol, guarded at its edges.

This is the ONE module that touches uvicorn internals (pinned version, see uv.lock). It subclasses
``uvicorn.protocols.http.httptools_impl.HttpToolsProtocol`` (handed to uvicorn through the public
``uvicorn.Config(http=...)``) and replaces, or relies on, these parts of it:

- ``data_received``, replaced: the request head is gathered here before httptools sees it, so that
  - a head larger than the cap is answered 431 in the Error shape, before httptools (which joins a
    header's pieces by repeated concatenation: an 80 MB header cost 12.6 s of blocked event loop)
    has read it;
  - an ``Upgrade`` header is dropped from the head: the mock speaks no other protocol, and
    httptools ends an upgrade request at its head (``HttpParserUpgrade``), so the body of an h2c
    upgrade (what Java's HttpClient sends on http://) was lost. nginx does the same: it ignores the
    upgrade, reads the body and answers over HTTP/1.1. This also replaces uvicorn's
    ``_unsupported_upgrade_warning`` (a warning per request) and its empty 403 to WebSocket asks;
  - a request the parser refuses (bad request line, NUL in the head, broken chunking, ...) is
    answered 404 ``Not found`` in the Error shape ("malformed request"), replacing uvicorn's
    ``send_400_response`` (a ``text/plain`` 400);
  - the keep-alive timer uvicorn armed after the last response is cancelled, as uvicorn's own
    ``data_received`` does (attribute ``timeout_keep_alive_task``).
- ``connection_made`` / ``connection_lost`` / ``on_message_complete``, extended (they call uvicorn's
  first): the header-read timer, the table of open connections and its cap, and where a head starts.
- Attributes read: ``parser``, ``transport``, ``cycle`` (and a cycle's ``response_complete``),
  ``pipeline``, ``server_state.default_headers``, ``timeout_keep_alive_task``, ``loop``.

- ``connection_closer(send)``: reads the ``transport`` of the request cycle (``RequestResponseCycle``)
  that uvicorn's own ``send`` is a bound method of, for a callable that closes it: ASGI has no
  message that closes a connection without an answer, which the control API's staged ``drop`` and
  ``truncate`` faults need. The callable holds the transport, not ``send``: the scope keeps it, and a
  scope holding its own cycle would be a reference cycle, left to the garbage collector on every
  request (``make bench`` lost a fifth of its POST throughput to those collections).

Limits and their defaults: ``mock_server.http_limits`` (flags in ``mock_server/cli.py``).

``tests/mock/test_http_protocol.py`` checks this surface on the installed uvicorn, and the tests over
real sockets check the behaviour: an upgrade of uvicorn that moves any of it fails there first.
"""

from __future__ import annotations

import asyncio
import logging
import re
import resource
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mock_server.errors import (
    HEADERS_TOO_LARGE,
    NOT_FOUND,
    REQUEST_TIMEOUT,
    SERVICE_UNAVAILABLE,
    error_body,
)
from mock_server.http_limits import HttpLimits

log = logging.getLogger("mock_server")

HEAD_END = b"\r\n\r\n"
BARE_LF_END = b"\n\n"  # a head with bare LF line ends: the parser refuses it, so hand it over whole
# A whole "Upgrade: ..." line of a head (the CRLF before it included, so the head stays well formed).
UPGRADE_LINE = re.compile(rb"\r\nupgrade[ \t]*:[^\r\n]*", re.IGNORECASE)
FIRST_METHOD_BYTE = [ord("A") <= byte <= ord("Z") for byte in range(256)]  # methods are upper case
PARSER_ERROR = error_body(NOT_FOUND, "Malformed request: the HTTP request could not be parsed.")
# After a refusal the connection is closed only once the client has stopped sending (or after this
# long), reading and dropping what still comes: closing a socket with unread data makes the kernel
# reset it, and the client may then lose the answer it was sent (nginx's "lingering close").
LINGER_S = 2.0


def raw_response(status: bytes, body: bytes, default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """A complete HTTP/1.1 answer in the Error shape that closes the connection."""
    head = [b"HTTP/1.1 " + status + b"\r\n"]
    head += [name + b": " + value + b"\r\n" for name, value in default_headers]
    head += [
        b"content-type: application/json\r\n",
        b"content-length: " + str(len(body)).encode("ascii") + b"\r\n",
        b"connection: close\r\n\r\n",
    ]
    return b"".join(head) + body


def parser_error_response(default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """The raw HTTP/1.1 answer to a request the parser refused (the connection then closes)."""
    return raw_response(b"404 Not Found", PARSER_ERROR, default_headers)


def _cannot_close() -> bool:
    return False


def _close(transport: Any) -> bool:
    transport.close()
    return True


def connection_closer(send: Any) -> Callable[[], bool]:
    """A callable that closes the connection of uvicorn's own ``send`` callable (not a wrapper of
    it) at once, without an answer or with the part already sent, and returns True; one that
    returns False when ``send`` is not uvicorn's."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    # uvloop's transports are not asyncio.BaseTransport subclasses, but have the same close().
    if transport is None or not callable(getattr(transport, "is_closing", None)):
        return _cannot_close
    return partial(_close, transport)


def raise_fd_limit() -> int:
    """Raises this process's soft limit on open files to its hard limit (each connection is one);
    the soft limit in force afterwards."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """One HTTP/1.1 connection; :func:`protocol_class` makes the class for one server."""

    limits: ClassVar[HttpLimits] = HttpLimits()
    # This server's open connections, oldest first. An OrderedDict, not a dict: making room removes
    # from the front, and a plain dict's iteration would step over every slot removed before.
    open_connections: ClassVar[OrderedDict[GuardedHttpToolsProtocol, None]] = OrderedDict()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading_head = True  # the next bytes begin (or continue) a request head
        self.head = b""  # the part of a head that has come so far, while it is incomplete
        self.header_timer: asyncio.TimerHandle | None = None
        self.refused = False  # answered and closing: what still comes is dropped

    # ------------------------------------------------------------------ asyncio.Protocol
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        open_connections = self.open_connections
        if len(open_connections) >= self.limits.max_connections and not self.make_room():
            log.warning("refused a connection: %d are open, none idle", len(open_connections))
            self.refused = True
            self.transport.write(self.error_response(b"503 Service Unavailable", SERVICE_UNAVAILABLE_BODY))
            self.transport.close()
            return
        open_connections[self] = None
        self.header_timer = self.loop.call_later(self.limits.header_timeout_s, self.header_timed_out)

    def connection_lost(self, exc: Exception | None) -> None:
        self.open_connections.pop(self, None)
        self.cancel_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        if self.timeout_keep_alive_task is not None:
            self.timeout_keep_alive_task.cancel()
            self.timeout_keep_alive_task = None
        if self.reading_head:
            taken = self.take_head(data)
            if taken is None:
                return
            data = taken
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # Only a pipelined request whose head came in the same read as the request before it
            # reaches the parser unseen; its body is lost, as the Error message of the app says.
            log.debug("Upgrade header of a pipelined request: answered as plain HTTP/1.1")
        except httptools.HttpParserError:
            log.info("refused a request the HTTP parser could not read")
            self.refuse(parser_error_response(list(self.server_state.default_headers)))

    # ------------------------------------------------------------------ the request head
    def take_head(self, data: bytes) -> bytes | None:
        """Gathers a request head; the bytes to give the parser once it is complete, else None."""
        if not self.head:
            data = data.lstrip(b"\r\n")  # empty lines before a request line are allowed and skipped
            if not data:
                return None
            if not FIRST_METHOD_BYTE[data[0]]:  # no request line (TLS, binary): the parser refuses it
                self.head_done()
                return data
            buffer, start = data, 0
        else:
            buffer, start = self.head + data, max(0, len(self.head) - 3)
        end = buffer.find(HEAD_END, start)
        if end < 0:
            if buffer.find(BARE_LF_END, start) >= 0:
                self.head_done()
                return buffer
            if len(buffer) > self.limits.max_header_bytes:
                self.head = b""
                self.refuse_head_too_large()
                return None
            self.head = buffer
            if self.header_timer is None:
                self.header_timer = self.loop.call_later(self.limits.header_timeout_s, self.header_timed_out)
            return None
        if end + len(HEAD_END) > self.limits.max_header_bytes:
            self.head = b""
            self.refuse_head_too_large()
            return None
        self.head_done()
        if UPGRADE_LINE.search(buffer, 0, end + 4) is None:  # the head only, without copying it
            return buffer
        return UPGRADE_LINE.sub(b"", buffer[: end + 4]) + buffer[end + 4 :]

    def head_done(self) -> None:
        self.head = b""
        self.reading_head = False
        self.cancel_header_timer()

    def cancel_header_timer(self) -> None:
        if self.header_timer is not None:
            self.header_timer.cancel()
            self.header_timer = None

    def header_timed_out(self) -> None:
        self.header_timer = None
        if not self.idle():
            return
        if self.head:
            log.info(
                "closed a connection whose request head was not complete within %g s",
                self.limits.header_timeout_s,
            )
            self.refuse(self.error_response(b"408 Request Timeout", self.timeout_body()))
        else:
            self.transport.close()  # nothing asked: nothing to answer

    def refuse_head_too_large(self) -> None:
        log.info("refused a request head over %d bytes", self.limits.max_header_bytes)
        self.refuse(self.error_response(b"431 Request Header Fields Too Large", self.too_large_body()))

    # ------------------------------------------------------------------ the connection cap
    def idle(self) -> bool:
        """No request of this connection is being read (past its head) or answered."""
        if self.refused:
            return True
        cycle = self.cycle
        return self.reading_head and not self.pipeline and (cycle is None or cycle.response_complete)

    def make_room(self) -> bool:
        """Closes the connection idle longest; False when every open connection is busy."""
        for connection in self.open_connections:
            if connection.idle():
                self.open_connections.pop(connection)
                connection.cancel_header_timer()
                connection.transport.close()
                return True
        return False

    # ------------------------------------------------------------------ answers
    def error_response(self, status: bytes, body: bytes) -> bytes:
        return raw_response(status, body, list(self.server_state.default_headers))

    def too_large_body(self) -> bytes:
        limit = self.limits.max_header_bytes
        return error_body(
            HEADERS_TOO_LARGE, f"The request line and headers are larger than the limit of {limit} bytes."
        )

    def timeout_body(self) -> bytes:
        seconds = self.limits.header_timeout_s
        return error_body(REQUEST_TIMEOUT, f"The request headers were not complete within {seconds:g} s.")

    def refuse(self, answer: bytes) -> None:
        """Sends a closing answer. Between requests, the connection then drops whatever still comes
        until the client is done (or LINGER_S); during one, it closes at once (the app's answer to
        the request in flight is not sent)."""
        self.refused = True
        self.cancel_header_timer()
        self.transport.write(answer)
        cycle = self.cycle
        if (cycle is None or cycle.response_complete) and self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_S, self.transport.close)
        else:
            self.transport.close()

    # ------------------------------------------------------------------ httptools callbacks
    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.reading_head = True


SERVICE_UNAVAILABLE_BODY = error_body(
    SERVICE_UNAVAILABLE, "Too many open connections, none of them idle: try again shortly."
)


def protocol_class(limits: HttpLimits) -> type[GuardedHttpToolsProtocol]:
    """The connection protocol of one server (``uvicorn.Config(http=...)``): its limits, and its own
    table of open connections."""
    return type(
        "GuardedHttpToolsProtocol",
        (GuardedHttpToolsProtocol,),
        {"limits": limits, "open_connections": OrderedDict()},
    )
