"""Where the mock is, for the absolute URLs it hands out (export downloads).

Never from an arbitrary ``Host`` header: on a shared mock, ``Host: evil.example/steal?x=`` became the
``url`` of an export job that another client would then fetch. The base of such a URL is, in order:

1. ``--public-url`` when given (behind a reverse proxy or an ingress, where only the operator knows
   the address clients use): ``https://mock.ci.example/lexer``;
2. the ``Host`` header when it names a loopback host (``localhost``, ``*.localhost``, ``127.x.x.x``,
   ``[::1]``) with any port: what a client behind port-forwarding (ssh ``-L``, ``kubectl
   port-forward``) sends, and the one case where the mock's own address would be wrong;
3. else the address the client's connection reached (the socket's local address): a name the client
   already resolved to this server, or the IP it connected to.

The scheme is the connection's (``http``, or ``https`` behind TLS), never anything else.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from starlette.requests import Request

HOST_HEADER = re.compile(
    r"^(?P<host>[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::(?P<port>[0-9]{1,5}))?$"
)


def parse_public_url(text: str) -> str:
    """``--public-url``: an http(s) URL with a host and no query or fragment; returned without its
    trailing slash. Raises ValueError naming the flag."""
    parts = urlsplit(text.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or " " in text.strip()
        or "@" in parts.netloc
    ):
        raise ValueError(
            f"--public-url must be an http:// or https:// URL with a host and no query or fragment: {text!r}"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def loopback_host(header: str) -> bool:
    """Whether a Host header value names this machine's loopback interface (any port)."""
    match = HOST_HEADER.match(header)
    if match is None or (match["port"] is not None and not 0 < int(match["port"]) < 65536):
        return False
    host = match["host"].lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(request: Request, public_url: str | None = None) -> str:
    """``scheme://host[:port]`` (or the public URL) to put before the mock's own paths."""
    if public_url is not None:
        return public_url
    scheme = "https" if request.scope.get("scheme") == "https" else "http"
    host = request.headers.get("host", "")
    if host and loopback_host(host):
        return f"{scheme}://{host}"
    server = request.scope.get("server") or ("127.0.0.1", 80)
    name, port = str(server[0]), server[1]
    if ":" in name:
        name = f"[{name}]"
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{name}" if port in (None, default) else f"{scheme}://{name}:{port}"
