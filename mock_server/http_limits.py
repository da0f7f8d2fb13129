"""The limits of the mock's HTTP layer: what one client may cost the server.

Kept apart from ``mock_server.http_protocol`` (which imports uvicorn) so that the command line can
read the defaults without loading the server. docs/robustness.md gives each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HttpLimits:
    """What one client may cost the server (flags of the same names, see ``mock_server/cli.py``)."""

    # Request line and headers together; a larger head is answered 431. nginx allows 4 x 8 KB,
    # h11 16 KB, Go 1 MB: 64 KiB fits any real client (cookies included) and bounds the parser's work.
    max_header_bytes: int = 64 * 1024
    # A request head must be complete this long after the connection opened, or after its first
    # byte on a kept-alive connection; else 408 (or a silent close if nothing came at all).
    header_timeout_s: float = 10.0
    # Open connections at most. Past it, the connection idle longest (no request in flight) is
    # closed to make room; when none is idle, the new connection is answered 503 at once.
    max_connections: int = 1000
    # An idle kept-alive connection is closed this long after its last answer (uvicorn's setting).
    keep_alive_timeout_s: int = 5
