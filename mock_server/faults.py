"""Staged faults of the control API (``/_mock/faults``), and the middleware that answers them.

A fault answers the next ``times`` requests of one operation (runReport: optionally of one report
type) sent with the token that staged it: a documented error status with its documented body
(or an exact Error body) and ``Retry-After``, a 5xx, a delay before the real answer, a dropped
connection (no answer at all) or a truncated body (the real answer's head, half its body).

:class:`FaultMiddleware` sits outside Connexion: a faulted request is answered before
authentication, rate limit and validation run (it is not counted against the rate limit), and the
journal records it with its status and a ``fault`` field. While no fault is staged it costs one
check per request.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.auth import header_value
from mock_server.control_input import an_object, one_of, refused, seconds, whole_number
from mock_server.errors import INTERNAL_ERROR, ApiError, error_body
from mock_server.journal import FAULT_SCOPE_KEY
from mock_server.prefer import Examples, Preference
from mock_server.schemas import SchemaError, Validator, check, compile_component
from mock_server.spec import Spec
from mock_server.staged import StagedPerToken

TOKEN_HEADER = b"auth-api-token"
# Where whoever serves the app leaves a callable that closes the request's connection at once and
# says whether it could: MockApp from uvicorn's own ``send``, the pytest plugin's in-process
# transport its own (the client then sees the error a closed connection gives).
CLOSE_SCOPE_KEY = "lexer_mock.close_connection"

MAX_FAULTS = 100  # staged per token at once
MAX_TIMES = 10_000
MAX_DELAY_S = 60.0
MAX_RETRY_AFTER_S = 86_400
KINDS = ("drop", "truncate")
FAULT_FIELDS = frozenset(
    {"operation", "report_type", "times", "status", "retry_after", "body", "delay", "fault"}
)


@dataclass
class Fault:
    id: int
    operation: str
    report_type: str | None
    times: int  # how many more matching requests get it
    status: int | None
    retry_after: int | None
    body: dict[str, str] | None  # the Error body answered with ``status``
    delay: float
    fault: str | None  # "drop" or "truncate"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "operation": self.operation,
            "report_type": self.report_type,
            "times": self.times,
            "status": self.status,
            "retry_after": self.retry_after,
            "body": self.body,
            "delay": self.delay,
            "fault": self.fault,
        }

    def matches(self, operation: str, report_type: str | None) -> bool:
        return self.operation == operation and (self.report_type is None or self.report_type == report_type)


class Faults(StagedPerToken[Fault]):
    """The staged faults of every token, and how to answer one."""

    def __init__(
        self,
        spec: Spec,
        operations: Iterable[str],
        report_types: Iterable[str],
        rate_window: Callable[[], float],
    ) -> None:
        self.spec = spec
        self.operations = tuple(operations)
        self.report_types = tuple(report_types)
        self._rate_window = rate_window  # seconds of the rate limit's window (0: limit off)
        self._examples = Examples(spec)
        self._error_schema: Validator = compile_component(spec, "Error")
        super().__init__(
            MAX_FAULTS, f"At most {MAX_FAULTS} faults can be staged per token; DELETE /_mock/faults first."
        )

    # ------------------------------------------------------------------ staging
    def parse(self, payload: Any) -> Fault:
        """A fault from a control request's JSON body; raises a 400 ApiError naming the problem."""
        payload = an_object(payload, '{"operation": "listUsers", "status": 500}', FAULT_FIELDS)
        operation = one_of(payload, "operation", self.operations, required=True)
        assert operation is not None
        report_type = payload.get("report_type")
        if report_type is not None and operation != "runReport":
            raise refused("report_type is only for operation runReport.")
        report_type = one_of(payload, "report_type", self.report_types)
        times = whole_number(payload, "times", 1, MAX_TIMES) or 1
        status = whole_number(payload, "status", 100, 599)
        kind = one_of(payload, "fault", KINDS)
        if kind is not None and status is not None:
            raise refused("Give either status or fault, not both.")
        delay = seconds(payload, "delay", 0, MAX_DELAY_S)
        retry_after = whole_number(payload, "retry_after", 0, MAX_RETRY_AFTER_S)
        body = payload.get("body")
        if status is None and (body is not None or retry_after is not None):
            raise refused("body and retry_after need a status.")
        if status is None and kind is None and delay is None:
            raise refused("Give a status, a fault (drop or truncate) or a delay.")
        if status is not None:
            documented = self._documented(operation, status)
            if documented is None and not 500 <= status <= 599:
                codes = sorted(c for c in self.spec.responses(operation) if c[0] == "4")
                raise refused(
                    f"status must be one {operation} documents ({', '.join(codes)}) or a 5xx, not {status}."
                )
            if body is None:
                body = (
                    documented[0]
                    if documented is not None
                    else {"error": INTERNAL_ERROR, "message": "A fault staged with POST /_mock/faults."}
                )
            else:
                self._check_body(body)
            if retry_after is None:
                retry_after = self._default_retry_after(status, documented)
        return Fault(0, operation, report_type, times, status, retry_after, body, delay or 0.0, kind)

    def _documented(self, operation: str, status: int) -> tuple[dict[str, str], dict[str, str]] | None:
        """The documented error body and headers of that status of the operation, if it has one."""
        if not 400 <= status <= 499 or str(status) not in self.spec.responses(operation):
            return None
        canned = self._examples.pick(operation, Preference(str(status), None))
        return dict(canned.body), dict(canned.headers)

    def _check_body(self, body: Any) -> None:
        if not isinstance(body, dict) or set(body) != {"error", "message"}:
            raise refused('body must be in the Error shape {"error": "...", "message": "..."}.')
        try:
            check(self._error_schema, body, "body")
        except SchemaError as exc:
            raise refused(f"{exc} (the Error schema of openapi.yaml).") from None

    def _default_retry_after(
        self, status: int, documented: tuple[dict[str, str], dict[str, str]] | None
    ) -> int | None:
        if status != 429:
            return None
        window = self._rate_window()
        if window > 0:
            return math.ceil(window)
        header = documented[1].get("Retry-After") if documented is not None else None
        return int(header) if header and header.isdigit() else 1

    # ------------------------------------------------------------------ applying
    def any_staged(self) -> bool:
        return bool(self._by_token)

    def staged_for(self, token: str) -> list[Fault] | None:
        return self._by_token.get(token)

    def take(self, token: str, operation: str, report_type: str | None) -> Fault | None:
        """The first staged fault matching the request, counted down (forgotten at zero)."""
        staged = self._by_token.get(token)
        if not staged:
            return None
        for index, fault in enumerate(staged):
            if fault.matches(operation, report_type):
                fault.times -= 1
                if fault.times <= 0:
                    del staged[index]
                    if not staged:
                        del self._by_token[token]
                return fault
        return None


def operation_routes(spec: Spec, main: str, extra: Iterable[str]) -> dict[tuple[str, str], str]:
    """(method, path) -> operationId for every operation under every base path it answers on."""
    routes: dict[tuple[str, str], str] = {}
    extra = tuple(extra)
    status_path = spec.report_status_path()
    for path, item in spec.document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op_id = operation["operationId"]
            routes[(method.upper(), main + path)] = op_id
            if path == status_path:
                for base in extra:
                    routes[(method.upper(), base + path)] = op_id
    return routes


def _report_type(body: bytes) -> str | None:
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    found = parsed.get("type") if isinstance(parsed, dict) else None
    return found if isinstance(found, str) else None


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


class FaultMiddleware:
    """Answers requests that match a staged fault; everything else passes untouched (one dict
    check per request while no fault is staged)."""

    def __init__(self, app: ASGIApp, *, faults: Faults, routes: dict[tuple[str, str], str]) -> None:
        self.app = app
        self.faults = faults
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.faults.any_staged():
            await self.app(scope, receive, send)
            return
        operation = self.routes.get((scope["method"], scope["path"]))
        token = header_value(scope, TOKEN_HEADER) if operation is not None else None
        if operation is None or token is None or not self.faults.staged_for(token):
            await self.app(scope, receive, send)
            return
        # The body is read first whatever the fault (the journal records it; runReport's report
        # type is read from it), then handed on unchanged.
        try:
            body = await _read_body(receive)
        except ApiError as exc:  # the body limit (RequestLimitsMiddleware), in the Error shape
            await _send_json(send, exc.status_code, error_body(exc.error, exc.message), exc.headers)
            return
        receive = _replay(body, receive)
        fault = self.faults.take(token, operation, _report_type(body) if operation == "runReport" else None)
        if fault is None:
            await self.app(scope, receive, send)
            return
        scope[FAULT_SCOPE_KEY] = fault.fault or ("status" if fault.status is not None else "delay")
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status is not None:
            assert fault.body is not None
            headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            await _send_json(send, fault.status, orjson.dumps(fault.body), headers)
        elif fault.fault == "drop":
            await _close(scope)
        elif fault.fault == "truncate":
            await _truncated(self.app, scope, receive, send)
        else:
            await self.app(scope, receive, send)


async def _send_json(send: Send, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode("ascii"))]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _close(scope: Scope) -> None:
    """Closes the connection; the app then returns without (finishing) an answer. Served by
    another server than uvicorn, the connection stays open and that server answers as it does
    for an app that sends nothing (uvicorn: a 500)."""
    close = scope.get(CLOSE_SCOPE_KEY)
    if close is not None and close():
        await asyncio.sleep(0)  # the server notes the closed connection: no answer of its own


async def _truncated(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """The real answer's head (with its full Content-Length) and half of its body, then the
    connection is closed."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, capture)
    assert start is not None
    body = b"".join(chunks)
    declared = max(len(body), 1)
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(declared).encode("ascii")))
    await send({"type": "http.response.start", "status": start["status"], "headers": headers})
    await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
    await _close(scope)
