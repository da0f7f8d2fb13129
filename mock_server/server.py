"""Serving the mock over HTTP with uvicorn, as ``python -m mock_server`` does (tests reuse it).

What uvicorn's defaults do not give, and the mock needs:

- Each connection is handled by ``mock_server.http_protocol`` (uvicorn's httptools protocol,
  guarded): unparseable requests get the Error shape, ``Upgrade`` requests (h2c, WebSocket) are
  answered as the plain HTTP/1.1 requests they also are, body included.
- No proxy headers: uvicorn trusts ``X-Forwarded-*`` from loopback by default, which let any local
  client turn the scheme of export URLs into https; behind a proxy, ``--public-url`` says where the
  mock is (own_address.py). It is also one wrapper less around every request.
- SIGTERM or SIGINT stops accepting connections, lets the requests in flight finish (for at most
  ``GRACE_S`` seconds) and ends with exit status 0; uvicorn re-raises the signal after its
  graceful stop, which would otherwise kill the process with it.

Only uvicorn's public API is used here (``Config``, ``Server.run``, ``Server.started``).
"""

from __future__ import annotations

import logging
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import uvicorn

from mock_server.http_limits import HttpLimits
from mock_server.http_protocol import protocol_class, raise_fd_limit

log = logging.getLogger("mock_server")

GRACE_S = 10  # longest wait for requests in flight after SIGTERM
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def config(
    app: Any, *, log_level: str = "info", access_log: bool = False, limits: HttpLimits | None = None
) -> uvicorn.Config:
    limits = limits or HttpLimits()
    return uvicorn.Config(
        app,
        http=protocol_class(limits),
        timeout_keep_alive=limits.keep_alive_timeout_s,
        ws="none",
        lifespan="on",
        server_header=False,
        proxy_headers=False,
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


def serve(
    app: Any,
    sock: socket.socket,
    *,
    log_level: str = "info",
    access_log: bool = False,
    limits: HttpLimits | None = None,
) -> int:
    """Serves ``app`` on the bound socket until SIGINT/SIGTERM; the process exit status."""
    raise_fd_limit()
    server = uvicorn.Server(config(app, log_level=log_level, access_log=access_log, limits=limits))
    with _stop_signals_end_cleanly() as received:
        server.run(sockets=[sock])
    if not server.started:
        return 3  # start-up failed (uvicorn has logged why); uvicorn's own CLI uses 3 too
    if received:
        log.info("stopped by %s", signal.Signals(received[-1]).name)
    return 0
