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
- ``connection_made`` / ``connection_lost`` / ``on_message_complete`` / ``on_response_complete``,
  extended (they call uvicorn's first): the header-read timer and the connection cap.
- Attributes read: ``parser``, ``transport``, ``flow``, ``cycle``, ``pipeline``, ``connections``
  (``server_state.connections``), ``server_state.default_headers``, ``timeout_keep_alive_task``.

``tests/mock/test_http_protocol.py`` checks this surface on the installed uvicorn, and the tests over
real sockets check the behaviour: an upgrade of uvicorn that moves any of it fails there first.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from mock_server.errors import NOT_FOUND, error_body

log = logging.getLogger("mock_server")

HEAD_END = b"\r\n\r\n"
BARE_LF_END = b"\n\n"  # a head with bare LF line ends: the parser refuses it, so hand it over whole
# A whole "Upgrade: ..." line of a head (the CRLF before it included, so the head stays well formed).
UPGRADE_LINE = re.compile(rb"\r\nupgrade[ \t]*:[^\r\n]*", re.IGNORECASE)
FIRST_METHOD_BYTE = [ord("A") <= byte <= ord("Z") for byte in range(256)]  # methods are upper case
PARSER_ERROR = error_body(NOT_FOUND, "Malformed request: the HTTP request could not be parsed.")


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


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading_head = True  # the next bytes begin (or continue) a request head
        self.head = b""  # the part of a head that has come so far, while it is incomplete

    # ------------------------------------------------------------------ asyncio.Protocol
    def data_received(self, data: bytes) -> None:
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

    def take_head(self, data: bytes) -> bytes | None:
        """Gathers a request head; the bytes to give the parser once it is complete, else None."""
        if not self.head:
            data = data.lstrip(b"\r\n")  # empty lines before a request line are allowed and skipped
            if not data:
                return None
            if not FIRST_METHOD_BYTE[data[0]]:  # no request line (TLS, binary): the parser refuses it
                self.reading_head = False
                return data
            buffer, start = data, 0
        else:
            buffer, start = self.head + data, max(0, len(self.head) - 3)
        end = buffer.find(HEAD_END, start)
        if end < 0:
            if buffer.find(BARE_LF_END, start) >= 0:
                self.head = b""
                self.reading_head = False
                return buffer
            self.head = buffer
            return None
        self.head = b""
        self.reading_head = False
        head = buffer[: end + 4]
        if UPGRADE_LINE.search(head) is None:
            return buffer
        return UPGRADE_LINE.sub(b"", head) + buffer[end + 4 :]

    def refuse(self, answer: bytes) -> None:
        self.transport.write(answer)
        self.transport.close()

    # ------------------------------------------------------------------ httptools callbacks
    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.reading_head = True
