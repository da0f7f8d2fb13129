"""``lexer-mock record``: a proxy on loopback in front of the real API that keeps every exchange.

The caller (an application, the kit's clients, the ``lexer-activity`` CLI) talks to the proxy
instead of the API, with its own token. The proxy forwards each request under the spec's main base
path (``/v1``) to ``--upstream`` and each one under the status operation's other base path
(``/api/public/v1``) to ``--status-upstream`` (by default the two hosts the spec's ``servers``
name), sends the answer back unchanged and writes the exchange to the recording folder (see
store.py). When a status answer says an export is ``complete``, the proxy downloads its CSV file
from ``url`` (a plain GET, without the token, as a client does) and saves it next to the
exchanges.

Rate limits: the proxy never retries. An upstream 429 is passed on as it came; while its
``Retry-After`` runs, further requests with the same token are answered by the proxy with the
same 429 (and the time left) without reaching the upstream, so a client that ignores the header
does not spend the account's quota faster. Upstream failures are told to the caller in the
contract's Error shape: 502 when the upstream cannot be reached or sends something that is not
HTTP, 504 when it does not answer within ``--timeout``; nothing is written for such a request.
"""

from __future__ import annotations

import logging
import math
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mock_server.recording import store
from mock_server.recording.keys import Operations
from mock_server.spec import Spec

log = logging.getLogger("mock_server.recording")

STATUS_PATH = "/_recording/status"
MAX_BODY = 1024 * 1024
# Not forwarded: hop-by-hop headers, and what httpx sets itself for the upstream connection.
HOP_BY_HOP = frozenset(
    {
        "host", "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
        "upgrade", "content-length", "accept-encoding", "proxy-authorization", "proxy-authenticate",
    }
)  # fmt: skip
# Not passed back nor recorded: transport headers (httpx has already decoded the body).
TRANSPORT = frozenset({*HOP_BY_HOP, "content-encoding", "date", "server"})
REQUEST_HEADERS_KEPT = ("content-type", "accept", "prefer", "auth-api-token")

BAD_GATEWAY = "Bad gateway"
GATEWAY_TIMEOUT = "Gateway timeout"


def error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Response:
    body = orjson.dumps({"error": kind, "message": message})
    return Response(body, status_code=status, media_type="application/json", headers=headers)


@dataclass(frozen=True)
class Upstreams:
    api: str  # replaces the spec's main server (https://api.lexer.io/v1)
    status: str  # replaces the status operation's own server (https://clients.lexer.io/api/public/v1)


def documented_upstreams(spec: Spec) -> Upstreams:
    """The hosts the spec names: its first server, and the status operation's other one."""
    servers = spec.document.get("servers") or [{"url": "/"}]
    api = str(servers[0]["url"])
    _, _, op = spec.operation("getReportStatus")
    others = [
        str(s["url"]) for s in op.get("servers", []) if str(s.get("url")).rstrip("/") != api.rstrip("/")
    ]
    return Upstreams(api, others[0] if others else api)


def local_bases(spec: Spec) -> tuple[str, str]:
    """The base paths the proxy answers under: the main one, the status operation's other one."""
    defaults = documented_upstreams(spec)
    return urlsplit(defaults.api).path.rstrip("/"), urlsplit(defaults.status).path.rstrip("/")


def check_url(url: str, flag: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise store.RecordingError(f"{flag} {url!r} is not an http:// or https:// URL")
    return url.rstrip("/")


def check_reachable(url: str, flag: str, timeout: float) -> None:
    """Opens (and closes) a TCP connection to the upstream's host, so that a wrong or unreachable
    upstream is one clear line at start-up rather than a 502 on the first request."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except socket.gaierror as exc:
        raise store.RecordingError(
            f"cannot reach {flag} {url}: cannot resolve {host!r} ({exc.strerror})"
        ) from None
    except TimeoutError:
        raise store.RecordingError(f"cannot reach {flag} {url}: no answer within {timeout:g} s") from None
    except OSError as exc:
        raise store.RecordingError(
            f"cannot reach {flag} {url}: {(exc.strerror or str(exc)).lower()}"
        ) from None


def parse_body(content: bytes) -> dict[str, Any]:
    """The answer body as recorded: ``body`` (JSON, plus ``body_raw`` if re-serialising it would
    change the bytes), or ``body_text`` when it is not JSON."""
    if content:
        try:
            body = orjson.loads(content)
        except orjson.JSONDecodeError:
            pass
        else:
            out: dict[str, Any] = {"body": body}
            try:
                same = orjson.dumps(body, option=orjson.OPT_INDENT_2) and orjson.dumps(body) == content
            except orjson.JSONEncodeError:  # deeper than orjson writes (254 levels): keep the text
                return {"body_text": content.decode("utf-8", "replace")}
            if not same:
                out["body_raw"] = content.decode("utf-8")
            return out
    return {"body_text": content.decode("utf-8", "replace")}


class Proxy:
    def __init__(self, spec: Spec, writer: store.Writer, upstreams: Upstreams, timeout: float) -> None:
        self.ops = Operations.of(spec)
        self.writer = writer
        self.redactor = writer.redactor
        self.timeout = timeout
        main, status = local_bases(spec)
        self.upstream_of = {main: upstreams.api, status: upstreams.status}
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False)
        self.job_types: dict[str, str] = {}  # export token -> report type
        self.csv_files: dict[str, dict[str, Any]] = {}  # export token -> the csv member written
        self.held: dict[str, tuple[float, Response]] = {}  # API token -> (until, the upstream's 429)
        self.held_back = 0  # requests answered 429 by the proxy without reaching the upstream
        self.failures = 0

    # ------------------------------------------------------------------ the ASGI app
    def app(self) -> Starlette:
        @asynccontextmanager
        async def lifespan(_app: Starlette) -> AsyncIterator[None]:
            yield
            await self.client.aclose()

        methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        return Starlette(routes=[Route("/{path:path}", self.handle, methods=methods)], lifespan=lifespan)

    def _upstream(self, path: str) -> tuple[str, str] | None:
        for base in sorted(self.upstream_of, key=len, reverse=True):
            if path == base or path.startswith(base + "/"):
                return self.upstream_of[base], path[len(base) :]
        return None

    async def handle(self, request: Request) -> Response:
        path = request.url.path
        if path == STATUS_PATH:
            body = {"out": str(self.writer.root), "written": self.writer.written, "held_back": self.held_back}
            return Response(orjson.dumps(body), media_type="application/json")
        target = self._upstream(path)
        if target is None:
            bases = " and ".join(f"{b}/..." for b in self.upstream_of)
            return error(404, "Not found", f"The recording proxy forwards {bases} only.")
        upstream, rest = target
        token = request.headers.get("auth-api-token")
        self.redactor.add(token)
        held = self._held(token)
        if held is not None:
            return held
        content = await request.body()
        if len(content) > MAX_BODY:
            return error(413, "Payload too large", f"The request body is larger than {MAX_BODY} bytes.")
        url = upstream + rest + (f"?{request.url.query}" if request.url.query else "")
        headers = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP]
        shown = store.strip_credentials(upstream)
        try:
            answer = await self.client.request(request.method, url, content=content, headers=headers)
        except httpx.TimeoutException:
            return self._failed(504, GATEWAY_TIMEOUT, f"{shown} did not answer within {self.timeout:g} s")
        except httpx.HTTPError as exc:
            return self._failed(502, BAD_GATEWAY, f"{shown} failed: {describe(exc)}")
        response = Response(answer.content, status_code=answer.status_code)
        response.raw_headers = [pair for pair in response.raw_headers if pair[0] == b"content-length"] + [
            (k.lower(), v)
            for k, v in answer.headers.raw
            if k.lower().decode("latin-1")
            not in TRANSPORT  # every other header as it came, repeated ones too
        ]
        try:
            await self._record(request, content, answer)
        except store.RecordingError as exc:
            log.error("%s (the answer was passed on, but not recorded)", exc)
        except Exception as exc:  # a recording bug must not cost the caller its answer
            log.error("could not record %s %s: %r (the answer was passed on)", request.method, path, exc)
        if answer.status_code == 429:
            self._hold(token, answer, response)
        return response

    def _failed(self, status: int, kind: str, what: str) -> Response:
        self.failures += 1
        message = f"The upstream {what}; nothing was recorded for this request."
        log.error("%s", message)
        return error(status, kind, message)

    # ------------------------------------------------------------------ 429s
    def _hold(self, token: str | None, answer: httpx.Response, response: Response) -> None:
        retry_after = answer.headers.get("retry-after", "")
        if token and retry_after.isdigit() and int(retry_after) > 0:
            self.held[token] = (time.monotonic() + int(retry_after), response)

    def _held(self, token: str | None) -> Response | None:
        if not token or token not in self.held:
            return None
        until, upstream = self.held[token]
        left = until - time.monotonic()
        if left <= 0:
            del self.held[token]
            return None
        self.held_back += 1
        headers = {k: v for k, v in upstream.headers.items() if k.lower() != "content-length"}
        headers["retry-after"] = str(math.ceil(left))
        return Response(upstream.body, status_code=429, headers=headers)

    # ------------------------------------------------------------------ recording
    async def _record(self, request: Request, content: bytes, answer: httpx.Response) -> None:
        operation = self.ops.find(request.method, request.url.path)
        sent: dict[str, Any] = {
            "method": request.method,
            "path": request.url.path,
            "query": sorted([k, v] for k, v in request.query_params.multi_items()),
            "headers": self.redactor.headers(
                (k, v) for k, v in request.headers.items() if k.lower() in REQUEST_HEADERS_KEPT
            ),
        }
        if content:
            parsed = parse_body(content)
            parsed.pop("body_raw", None)  # the request is kept parsed: matching normalises it
            sent.update(parsed)
        received: dict[str, Any] = {
            "status": answer.status_code,
            "headers": self.redactor.headers(
                (k, v) for k, v in answer.headers.multi_items() if k.lower() not in TRANSPORT
            ),
            **parse_body(answer.content),
        }
        report_type = None
        body = sent.get("body")
        if operation == "runReport" and isinstance(body, dict) and isinstance(body.get("type"), str):
            report_type = body["type"]
        document: dict[str, Any] = {
            "seq": self.writer.take_seq(),
            "recorded_at": store.now(),
            "operation": operation,
            "report_type": report_type,
            "request": sent,
            "response": received,
        }
        answer_body = received.get("body")
        if isinstance(answer_body, dict) and answer.status_code == 200:
            job = answer_body.get("token")
            if operation == "runReport" and isinstance(job, str) and report_type:
                self.job_types[job] = report_type
            if operation == "getReportStatus" and isinstance(job, str):
                document["report_type"] = self.job_types.get(job)
                if answer_body.get("status") == "complete" and isinstance(answer_body.get("url"), str):
                    await self._follow(document, job, answer_body["url"])
                    redacted = store.strip_credentials(answer_body["url"])
                    if redacted != answer_body["url"]:
                        answer_body["url"] = redacted
                        received.pop("body_raw", None)
        written = self.writer.exchange(document)
        log.info("%s %s -> %d: %s", request.method, request.url.path, answer.status_code, written.name)

    async def _follow(self, document: dict[str, Any], job: str, url: str) -> None:
        """Downloads an export's CSV once per export token, and notes it in the exchange."""
        if job in self.csv_files:
            document["csv"] = self.csv_files[job]
            return
        shown = store.strip_credentials(url)
        try:
            download = await self.client.get(url)
        except httpx.TimeoutException:
            document["csv_error"] = f"the download of {shown} did not answer within {self.timeout:g} s"
        except httpx.HTTPError as exc:
            document["csv_error"] = f"the download of {shown} failed: {describe(exc)}"
        else:
            if download.status_code != 200:
                document["csv_error"] = f"the download of {shown} answered {download.status_code}"
            else:
                entry = {
                    "file": self.writer.export(job, download.content),
                    "url": shown,
                    "status": download.status_code,
                    "headers": self.redactor.headers(
                        (k, v) for k, v in download.headers.multi_items() if k.lower() not in TRANSPORT
                    ),
                }
                self.csv_files[job] = document["csv"] = entry
                return
        log.error("export %s: %s", job, document["csv_error"])

    def preload(self, recording: store.Recording) -> None:
        """What an earlier recording into the same folder knew: export types and CSVs."""
        for exchange in recording.exchanges:
            body = exchange.response.get("body")
            if not isinstance(body, dict) or not isinstance(body.get("token"), str):
                continue
            kind = exchange.document.get("report_type")
            if exchange.document.get("operation") == "runReport" and isinstance(kind, str):
                self.job_types[body["token"]] = kind
            if isinstance(exchange.document.get("csv"), dict):
                self.csv_files[body["token"]] = exchange.document["csv"]


def describe(exc: httpx.HTTPError) -> str:
    """A one-line reason for a transport failure."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the answer is not valid HTTP ({exc})"
    return str(exc) or type(exc).__name__
