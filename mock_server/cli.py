"""Command line: ``python -m mock_server`` / ``lexer-mock``."""

from __future__ import annotations

import argparse
import errno
import gc
import logging
import os
import socket
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from mock_server.http_limits import HttpLimits
from mock_server.own_address import parse_public_url
from mock_server.ratelimit import DEFAULT_RATE_LIMIT, RateLimit, parse_rate_limit
from mock_server.settings import DOCUMENTED_TOKEN, FAST_PATHS, Settings
from mock_server.spec import SpecError
from mock_server.version import kit_version

PROG = "lexer-mock"
DEFAULT_PORT = 8080


def _version() -> str:
    """The kit's version; a spec that cannot be found is reported by the start-up, not here."""
    try:
        return kit_version()
    except (SpecError, OSError, ValueError) as exc:
        return f"unknown ({exc})"


def _rate(text: str) -> RateLimit:
    try:
        return parse_rate_limit(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"must be a number >= 0: {text!r}")
    return value


def _positive_float(text: str) -> float:
    value = _non_negative(text)
    if value == 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number > 0: {text!r}")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1: {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port: {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    env_port = os.environ.get("PORT")
    p = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Mock of the Lexer Activity API: serves openapi.yaml with Connexion, validates every request, "
            "answers every report from a deterministic synthetic history of the fixture team."
        ),
        epilog=(
            "Outside the spec: GET /_mock/journal (requests received with your Auth-Api-Token), "
            "POST /_mock/reset (forget journal, rate-limit count and export jobs of your token; "
            "?all=true without a token: of every token), GET /_mock/exports/<token>.csv (export "
            "downloads); the control API, scoped to your token: /_mock/faults, /_mock/reports, "
            "/_mock/exports, /_mock/clock. "
            "Headers: 'Prefer: code=NNN' / 'Prefer: example=NAME' answer a documented example."
        ),
    )
    p.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    p.add_argument(
        "--port",
        type=_port,
        default=_port(env_port) if env_port else DEFAULT_PORT,
        help=f"TCP port (default: $PORT or {DEFAULT_PORT})",
    )
    p.add_argument(
        "--token",
        action="append",
        default=[],
        metavar="TOKEN",
        help=f"accept this API token too (repeatable; {DOCUMENTED_TOKEN} is always accepted)",
    )
    p.add_argument(
        "--rate-limit",
        type=_rate,
        default=DEFAULT_RATE_LIMIT,
        metavar="N/SECONDS",
        help=f"requests allowed per token per window, or 0 for no limit (default: {DEFAULT_RATE_LIMIT})",
    )
    p.add_argument(
        "--validate-responses",
        action="store_true",
        help="also validate every answer against the spec (a non-conforming answer becomes a 500)",
    )
    p.add_argument(
        "--export-delay",
        type=_non_negative,
        default=2.0,
        metavar="SECONDS",
        help="time until an export job is complete; 0 = at the first status poll (default: %(default)s)",
    )
    p.add_argument(
        "--fixtures",
        type=Path,
        metavar="DIR",
        help="fixture set (users.json, groups.json, forms.json, model.yaml) instead of the built-in one",
    )
    p.add_argument(
        "--latency", type=_non_negative, default=0.0, metavar="MS", help="delay added to every answer"
    )
    p.add_argument(
        "--max-body",
        type=_positive_int,
        default=Settings.max_body_bytes,
        metavar="BYTES",
        help="larger request bodies are answered 413 Payload too large (default: %(default)s)",
    )
    p.add_argument(
        "--spec", type=Path, metavar="PATH", help="openapi.yaml to serve (default: the repository's)"
    )
    p.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="server log level (default: %(default)s)",
    )
    p.add_argument("--access-log", action="store_true", help="log every request (costs throughput)")
    p.add_argument(
        "--no-fast-paths",
        action="store_true",
        help="run Connexion's own request steps instead of the mock's leaner ones: same answers, "
        "less throughput (make bench compares the two)",
    )
    p.add_argument(
        "--no-fast-path",
        action="append",
        default=[],
        choices=sorted(FAST_PATHS),
        metavar="NAME",
        help=f"turn one fast path off (repeatable; one of {', '.join(sorted(FAST_PATHS))})",
    )
    _connection_limit_flags(p)
    _shared_mock_flags(p)
    return p


def _connection_limit_flags(p: argparse.ArgumentParser) -> None:
    """What one client may cost the server (mock_server/http_protocol.py; docs/robustness.md)."""
    defaults = HttpLimits()
    group = p.add_argument_group("connection limits")
    group.add_argument(
        "--max-header-bytes",
        type=_positive_int,
        default=defaults.max_header_bytes,
        metavar="BYTES",
        help="a larger request line + headers is answered 431 (default: %(default)s)",
    )
    group.add_argument(
        "--header-timeout",
        type=_positive_float,
        default=defaults.header_timeout_s,
        metavar="SECONDS",
        help="a request head must be complete this soon after the connection opens or its first byte "
        "comes; else 408 and close (default: %(default)s)",
    )
    group.add_argument(
        "--max-connections",
        type=_positive_int,
        default=defaults.max_connections,
        metavar="N",
        help="open connections at most: past it the one idle longest is closed, or, with none idle, "
        "the new one is answered 503 (default: %(default)s)",
    )
    group.add_argument(
        "--keep-alive-timeout",
        type=_positive_int,
        default=defaults.keep_alive_timeout_s,
        metavar="SECONDS",
        help="an idle kept-alive connection is closed this long after its last answer (default: %(default)s)",
    )


def _public_url(text: str) -> str:
    try:
        return parse_public_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _shared_mock_flags(p: argparse.ArgumentParser) -> None:
    """For a mock many clients share, e.g. a CI service (docs/robustness.md)."""
    group = p.add_argument_group("shared mock")
    group.add_argument(
        "--public-url",
        type=_public_url,
        metavar="URL",
        help="base of the export download URLs, e.g. https://mock.ci.example (default: the address the "
        "client connected to, or its Host when that is a loopback name, as behind port-forwarding)",
    )
    group.add_argument(
        "--no-reset-all",
        dest="reset_all",
        action="store_false",
        help="refuse POST /_mock/reset?all=true (forgetting every token's state) with 403",
    )


def _http_limits(args: argparse.Namespace) -> HttpLimits:
    return HttpLimits(
        max_header_bytes=args.max_header_bytes,
        header_timeout_s=args.header_timeout,
        max_connections=args.max_connections,
        keep_alive_timeout_s=args.keep_alive_timeout,
    )


def _listen(host: str, port: int) -> socket.socket:
    """Binds the listening socket up front, so a busy port is one clear line, not a traceback."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise OSError(
                f"cannot listen on {host}:{port}: address already in use "
                "(choose another port: --port N, or make mock PORT=N)"
            ) from None
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def settings_from(args: argparse.Namespace) -> Settings:
    """The mock's settings from parsed flags (the pytest plugin parses its flags the same way)."""
    return Settings(
        tokens=(DOCUMENTED_TOKEN, *dict.fromkeys(t for t in args.token if t != DOCUMENTED_TOKEN)),
        rate_limit=args.rate_limit,
        validate_responses=args.validate_responses,
        export_delay=args.export_delay,
        latency_ms=args.latency,
        max_body_bytes=args.max_body,
        fixtures=args.fixtures,
        spec=args.spec,
        fast_paths=frozenset() if args.no_fast_paths else FAST_PATHS - set(args.no_fast_path),
        public_url=args.public_url,
        reset_all=args.reset_all,
    )


def settings_from_flags(flags: Sequence[str]) -> tuple[Settings, str, int]:
    """Settings, host and port from ``lexer-mock`` flags, for a mock served in a test process (the
    pytest plugin): a free port and ``--export-delay 0`` unless the flags say otherwise. Raises
    ValueError with argparse's message for a bad flag."""
    flag_parser = parser()
    flag_parser.set_defaults(port=0, export_delay=0.0)

    def refuse(message: str) -> NoReturn:
        raise ValueError(message)

    flag_parser.error = refuse  # type: ignore[method-assign]
    try:
        args = flag_parser.parse_args(list(flags))
    except SystemExit:  # --help or --version printed and exited
        raise ValueError("--help and --version are not mock settings") from None
    return settings_from(args), args.host, args.port


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format=f"{PROG}: %(levelname)s: %(message)s")
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    # Start-up (imports, spec, fixtures, app) allocates some 100,000 objects that live as long as
    # the server, and nearly no garbage: collecting while it runs costs about 60 ms of the time to
    # the first answer and finds little (about 2,600 unreachable objects, well under 1 MB, which
    # are frozen with the rest instead of collected).
    gc.disable()
    try:
        # Connexion imports starlette.testclient, which warns about httpx on import: not ours to fix,
        # and noise for a user starting a server. Imported here so that --help answers at once.
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        logging.getLogger("connexion").setLevel(logging.WARNING)
        from mock_server.app import create_app
        from mock_server.fixtures import FixtureError
        from mock_server.server import serve

        settings = settings_from(args)
        try:
            app = create_app(settings)
        except (SpecError, FixtureError) as exc:
            sock.close()
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return 2
        # Everything built so far lives as long as the server: keep it out of the garbage
        # collector's scans, which otherwise show up as latency spikes under load.
        gc.freeze()
    finally:
        gc.enable()
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"{PROG}: serving {app.mock.spec.path} on http://{shown}:{port}/v1 (Swagger UI at /v1/ui/), "
        f"rate limit {settings.rate_limit}, {len(settings.tokens)} token(s)",
        file=sys.stderr,
        flush=True,
    )
    return serve(app, sock, log_level=args.log_level, access_log=args.access_log, limits=_http_limits(args))
