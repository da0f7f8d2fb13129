"""``lexer-mock record`` and ``lexer-mock audit`` (``lexer-mock --replay DIR`` is a flag of the
mock itself, in mock_server/cli.py).

Exit statuses: 0 done (audit: no drift), 1 audit found drift or an upstream or port problem,
2 bad input (a recording folder that is missing, not writable or not a valid recording, a bad URL,
an unusable spec).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

PROG = "lexer-mock"


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0: {text!r}")
    return value


def record_parser() -> argparse.ArgumentParser:
    from mock_server.cli import DEFAULT_PORT, _port

    p = argparse.ArgumentParser(
        prog=f"{PROG} record",
        description=(
            "Record the real API: a proxy on loopback that forwards each request, with the caller's own "
            "token, to the upstream, passes the answer back and writes the exchange to DIR (API tokens "
            "redacted). Point your application at http://HOST:PORT/v1 (and /api/public/v1 for the status "
            "call). Stop it with Ctrl-C: it then prints the audit of DIR."
        ),
    )
    p.add_argument(
        "--upstream",
        metavar="URL",
        help="the API's base URL (default: the spec's server, https://api.lexer.io/v1)",
    )
    p.add_argument(
        "--status-upstream",
        metavar="URL",
        help="base URL for requests under /api/public/v1 (default: the status operation's other server, "
        "https://clients.lexer.io/api/public/v1)",
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="recording folder (created; or continued)"
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    p.add_argument("--port", type=_port, default=DEFAULT_PORT, help="TCP port (default: %(default)s)")
    p.add_argument(
        "--timeout",
        type=_timeout,
        default=30.0,
        metavar="SECONDS",
        help="longest wait for an upstream answer; then 504 (default: %(default)s)",
    )
    p.add_argument("--spec", type=Path, metavar="PATH", help="openapi.yaml (default: the repository's)")
    p.add_argument(
        "--log-level",
        default="warning",
        choices=["critical", "error", "warning", "info", "debug"],
        help="server log level (default: %(default)s)",
    )
    return p


def audit_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{PROG} audit",
        description=(
            "Compare a recording with the spec: answers that do not fit (operation, JSON path, expected, "
            "got), fields, values, statuses and headers the spec does not name, CSV columns against the "
            "documented ones. Exit status 1 when anything differs, 0 when nothing does."
        ),
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="a folder written by lexer-mock record")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--spec", type=Path, metavar="PATH", help="openapi.yaml (default: the repository's)")
    return p


def fail(message: str, status: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str]) -> int:
    command, rest = argv[0], list(argv[1:])
    if command == "audit":
        return audit_main(audit_parser().parse_args(rest))
    return record_main(record_parser().parse_args(rest))


def audit_main(args: argparse.Namespace) -> int:
    import orjson

    from mock_server.recording.audit import audit
    from mock_server.recording.store import RecordingError
    from mock_server.spec import Spec, SpecError

    try:
        report = audit(args.dir, Spec.load(args.spec))
    except (RecordingError, SpecError) as exc:
        return fail(str(exc), 2)
    if args.json:
        sys.stdout.write(orjson.dumps(report.as_json(), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(report.text())
    return 1 if report.drift else 0


def record_main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=args.log_level.upper(), format=f"{PROG} record: %(levelname)s: %(message)s")
    logging.getLogger("mock_server.recording").setLevel(logging.INFO)
    # As in mock_server/cli.py: Connexion (imported through the mock's error shapes) warns about
    # starlette.testclient on import, which is noise for a user starting the proxy.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from mock_server.cli import _listen
    from mock_server.recording import store
    from mock_server.recording.audit import audit
    from mock_server.recording.record import (
        Proxy,
        Upstreams,
        check_reachable,
        check_url,
        documented_upstreams,
        local_bases,
    )
    from mock_server.server import serve
    from mock_server.spec import Spec, SpecError

    try:
        spec = Spec.load(args.spec)
        defaults = documented_upstreams(spec)
        upstreams = Upstreams(
            check_url(args.upstream or defaults.api, "--upstream"),
            check_url(args.status_upstream or defaults.status, "--status-upstream"),
        )
    except (SpecError, store.RecordingError) as exc:
        return fail(str(exc), 2)
    try:
        check_reachable(upstreams.api, "--upstream", args.timeout)
    except store.RecordingError as exc:
        return fail(str(exc), 1)
    if upstreams.status != upstreams.api:
        # Only the status call goes there, and many callers never use that host: a warning.
        try:
            check_reachable(upstreams.status, "--status-upstream", args.timeout)
        except store.RecordingError as exc:
            print(f"{PROG} record: warning: {exc}; requests under it will be answered 502", file=sys.stderr)
    info = spec.document.get("info", {})
    manifest = {
        "kind": store.KIND,
        "format": store.FORMAT,
        "spec": {"title": info.get("title"), "version": info.get("version")},
        "upstreams": {
            "api": store.strip_credentials(upstreams.api),
            "status": store.strip_credentials(upstreams.status),
        },
        "created_at": store.now(),
    }
    try:
        writer = store.Writer(args.out, manifest, store.Redactor())
        proxy = Proxy(spec, writer, upstreams, args.timeout)
        if writer.written == 0 and (args.out / store.EXCHANGES).is_dir():
            proxy.preload(store.load(args.out))
    except store.RecordingError as exc:
        return fail(str(exc), 2)
    try:
        sock = _listen(args.host, args.port)
    except OSError as exc:
        return fail(str(exc), 1)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    main, status = local_bases(spec)
    print(
        f"{PROG} record: http://{shown}:{port}{main} -> {store.strip_credentials(upstreams.api)}, "
        f"http://{shown}:{port}{status} -> {store.strip_credentials(upstreams.status)}; "
        f"writing {args.out}. Stop with Ctrl-C.",
        file=sys.stderr,
        flush=True,
    )
    code = serve(proxy.app(), sock, log_level=args.log_level)
    print(
        f"{PROG} record: {writer.written} exchange(s) written to {args.out}"
        + (f", {proxy.held_back} request(s) held back during a 429" if proxy.held_back else "")
        + (f", {proxy.failures} upstream failure(s)" if proxy.failures else ""),
        file=sys.stderr,
        flush=True,
    )
    try:
        sys.stdout.write(audit(args.out, spec).text())
    except store.RecordingError as exc:
        return fail(f"audit: {exc}", 2)
    return code
