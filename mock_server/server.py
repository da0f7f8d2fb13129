"""Serving the mock over HTTP with uvicorn, as ``python -m mock_server`` does (tests reuse it).

What uvicorn's defaults do not give, and the mock needs:

- Requests the HTTP parser refuses (bad request line, NUL or bare LF in the head, invalid
  ``Content-Length``, broken chunking, ...) are answered in the contract's Error shape, as the
  documents' "malformed request" (404 ``Not found``), instead of uvicorn's ``text/plain`` 400.
- ``Upgrade`` requests (WebSocket, h2c) are answered as the plain HTTP/1.1 requests they also
  are: the API has no WebSocket, and uvicorn would otherwise refuse them with an empty 403.
- SIGTERM or SIGINT stops accepting connections, lets the requests in flight finish (for at most
  ``GRACE_S`` seconds) and ends with exit status 0; uvicorn re-raises the signal after its
  graceful stop, which would otherwise kill the process with it.

The two hooks below override uvicorn methods (pinned version, see uv.lock): ``send_400_response``
and ``_unsupported_upgrade_warning`` of its HTTP protocol classes. ``close_connection`` reads the
``transport`` of the request cycle that uvicorn's ``send`` belongs to: ASGI has no message that
closes a connection without an answer, which the control API's staged ``drop`` and ``truncate``
faults need.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from mock_server.errors import NOT_FOUND, error_body

log = logging.getLogger("mock_server")

GRACE_S = 10  # longest wait for requests in flight after SIGTERM
PARSER_ERROR = error_body(NOT_FOUND, "Malformed request: the HTTP request could not be parsed.")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def parser_error_response(default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """The raw HTTP/1.1 answer to a request the parser refused (the connection then closes)."""
    head = [b"HTTP/1.1 404 Not Found\r\n"]
    head += [name + b": " + value + b"\r\n" for name, value in default_headers]
    head += [
        b"content-type: application/json\r\n",
        b"content-length: " + str(len(PARSER_ERROR)).encode("ascii") + b"\r\n",
        b"connection: close\r\n\r\n",
    ]
    return b"".join(head) + PARSER_ERROR


class _ContractErrors:
    """Mixed into uvicorn's HTTP protocol classes (which provide the attributes used here)."""

    transport: asyncio.Transport
    server_state: Any

    def send_400_response(self, msg: str) -> None:
        self.transport.write(parser_error_response(list(self.server_state.default_headers)))
        self.transport.close()

    def _unsupported_upgrade_warning(self) -> None:
        log.debug("Upgrade header ignored: the request is answered as plain HTTP/1.1")


def close_connection(send: Any) -> bool:
    """Closes the connection of uvicorn's own ``send`` callable (not a wrapper of it) at once,
    without an answer or with the part already sent; False when ``send`` is not uvicorn's."""
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    # uvloop's transports are not asyncio.BaseTransport subclasses, but have the same close().
    if transport is None or not callable(getattr(transport, "is_closing", None)):
        return False
    transport.close()
    return True


class ContractH11Protocol(_ContractErrors, H11Protocol):
    pass


def _http_protocol() -> type[Any]:
    """httptools when installed (uvicorn's own choice for "auto"), else h11."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # pragma: no cover - httptools comes with uvicorn[standard]
        return ContractH11Protocol

    class ContractHttpToolsProtocol(_ContractErrors, HttpToolsProtocol):
        pass

    return ContractHttpToolsProtocol


HTTP_PROTOCOL = _http_protocol()


def config(app: Any, *, log_level: str = "info", access_log: bool = False) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http=HTTP_PROTOCOL,
        ws="none",
        lifespan="on",
        server_header=False,
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=GRACE_S,
    )


@contextmanager
def _stop_signals_end_cleanly() -> Iterator[list[int]]:
    """While uvicorn runs it handles SIGINT/SIGTERM itself; when it is done it re-raises them to
    the handlers it found. Finding these, the re-raised signal is only noted, so a stop asked for
    by signal ends the process normally (exit status 0, no KeyboardInterrupt traceback)."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def note(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in STOP_SIGNALS}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(app: Any, sock: socket.socket, *, log_level: str = "info", access_log: bool = False) -> int:
    """Serves ``app`` on the bound socket until SIGINT/SIGTERM; the process exit status."""
    server = uvicorn.Server(config(app, log_level=log_level, access_log=access_log))
    with _stop_signals_end_cleanly() as received:
        server.run(sockets=[sock])
    if not server.started:
        return 3  # start-up failed (uvicorn has logged why); uvicorn's own CLI uses 3 too
    if received:
        log.info("stopped by %s", signal.Signals(received[-1]).name)
    return 0
