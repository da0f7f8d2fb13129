"""The runtime control API under ``/_mock/``: how the running mock answers, changed by a test.

Every control request needs a token the mock accepts (the API's own 401s otherwise) and acts on
that token's state only. Control input is checked in full before anything is stored: a bad
request is a 400 in the Error shape (``Invalid mock control request``) naming the problem, and
changes nothing. ``POST /_mock/reset`` with a token forgets everything set here for that token.

| route | does |
|---|---|
| ``/_mock/faults`` (faults.py) | staged errors, delays, dropped connections, truncated bodies |
| ``/_mock/reports`` (overrides.py) | the answer to matching report requests, checked against the spec |
| ``/_mock/exports`` (overrides.py) | export jobs kept pending, failed or completed |
| ``/_mock/clock`` (clocks.py) | the token's clock set, frozen or moved on |

``POST`` sets, ``GET`` lists what is set, ``DELETE`` forgets it. ``GET /_mock/journal`` takes the
filters ``operation``, ``report_type``, ``status`` and ``method``, and each entry names its
``operation`` (and ``report_type``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from mock_server.clocks import Clocks
from mock_server.control_input import an_object, flag, refused, seconds, shown
from mock_server.errors import TOKEN_NOT_MATCHING, UNAUTHORIZED, ApiError
from mock_server.exports import Exports
from mock_server.faults import TOKEN_HEADER, Faults
from mock_server.fixtures import Team
from mock_server.overrides import ExportPlans, ReportOverrides
from mock_server.reports import Query, QueryCache, parse_query
from mock_server.spec import Spec
from mock_server.validation import parse_datetime

CLOCK_FIELDS = ("now", "advance", "frozen")
TEN_YEARS_S = 10 * 366 * 86_400
LATEST = datetime(9999, 1, 1, tzinfo=UTC).timestamp()
JOURNAL_FILTERS = ("operation", "report_type", "status", "method")


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _json(value: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(value), status_code=status, media_type="application/json")


async def _payload(request: Request) -> Any:
    raw = await request.body()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise refused(f"The body is not JSON: {exc}.") from None


class Control:
    """Everything the control API changes for one app, and its routes (Starlette request in,
    response out)."""

    def __init__(
        self,
        *,
        spec: Spec,
        team: Team,
        tokens: Iterable[str],
        clocks: Clocks,
        exports: Exports,
        report_types: list[str],
        rate_window: Callable[[], float],
        routes: Mapping[tuple[str, str], str],
    ) -> None:
        self.team = team
        self.tokens = frozenset(tokens)
        self.clocks = clocks
        self.exports = exports
        self.routes = routes
        self.faults = Faults(spec, spec.operation_ids(), report_types, rate_window)
        self.reports = ReportOverrides(spec, report_types)
        self.export_plans = ExportPlans(spec, spec.export_types())

    # ------------------------------------------------------------------ used by the handlers
    def parse_query(self, token: str, body: dict[str, Any], cache: QueryCache) -> Query:
        """The report query, its dates checked against the token's clock. The cache assumes time
        only moves on, which a set clock need not: with one, the body is parsed afresh."""
        if self.clocks.is_set(token):
            return parse_query(body, self.team, self.clocks.now(token))
        return cache.parse(body, self.clocks.now(token))

    def override(self, token: str, body: dict[str, Any]) -> bytes | None:
        found = self.reports.take(token, body)
        return None if found is None else orjson.dumps(found.answer)

    def reset(self, token: str | None) -> None:
        self.faults.forget(token)
        self.reports.forget(token)
        self.export_plans.forget(token)
        self.clocks.forget(token)

    def journal_view(self, entries: list[dict[str, Any]], filters: Mapping[str, str]) -> list[dict[str, Any]]:
        """Journal entries with their operation and report type, filtered by ``filters``."""
        unknown = sorted(set(filters) - set(JOURNAL_FILTERS))
        if unknown:
            raise refused(f"Unknown journal filter(s) {shown(unknown)}; known: {', '.join(JOURNAL_FILTERS)}.")
        if "status" in filters and not filters["status"].isdigit():
            raise refused(f"status must be a number, not {shown(filters['status'])}.")
        view = []
        for entry in entries:
            operation = self.routes.get((entry["method"], entry["path"]))
            entry["operation"] = operation
            body = entry.get("body")
            entry["report_type"] = (
                body.get("type") if operation == "runReport" and isinstance(body, dict) else None
            )
            if all(
                str(entry.get(name)) == wanted if name == "status" else entry.get(name) == wanted
                for name, wanted in filters.items()
            ):
                view.append(entry)
        return view

    # ------------------------------------------------------------------ routes
    def caller(self, request: Request) -> str:
        """The caller's token, which the mock must accept (the API's own 401s otherwise)."""
        token = request.headers.get(TOKEN_HEADER.decode())
        if not token:
            raise ApiError(401, UNAUTHORIZED, "Missing authentication data: send your Auth-Api-Token.")
        if token not in self.tokens:
            raise ApiError(401, TOKEN_NOT_MATCHING, "Your API token provided is not valid.")
        return token

    async def faults_route(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            fault = self.faults.stage(token, self.faults.parse(await _payload(request)))
            return _json(fault.to_json(), 201)
        if request.method == "DELETE":
            return _json({"deleted": self.faults.forget(token)})
        return _json([fault.to_json() for fault in self.faults.pending(token)])

    async def reports_route(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            override = self.reports.stage(token, self.reports.parse(await _payload(request)))
            return _json(override.to_json(), 201)
        if request.method == "DELETE":
            return _json({"deleted": self.reports.forget(token)})
        return _json([override.to_json() for override in self.reports.pending(token)])

    def _jobs(self, token: str) -> list[dict[str, Any]]:
        return [
            {"token": job.token, "report_type": job.query.type, "status": self.exports.state(job)}
            for job in self.exports.jobs(token)
        ]

    async def exports_route(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            job_token, state, plan = self.export_plans.parse(await _payload(request))
            if plan is not None:
                return _json(self.export_plans.stage(token, plan).to_json(), 201)
            assert job_token is not None
            job = next((j for j in self.exports.jobs(token) if j.token == job_token), None)
            if job is None:
                raise refused(f"You have no export job with the token {shown(job_token)}.")
            job.forced = state
            return _json({"token": job.token, "report_type": job.query.type, "status": state}, 201)
        if request.method == "DELETE":
            released = 0
            for job in self.exports.jobs(token):
                released += job.forced is not None
                job.forced = None
            return _json({"deleted": self.export_plans.forget(token), "released": released})
        planned = [plan.to_json() for plan in self.export_plans.pending(token)]
        return _json({"jobs": self._jobs(token), "planned": planned})

    def _clock_view(self, token: str) -> dict[str, Any]:
        return {
            "now": _iso(self.clocks.now(token)),
            "frozen": self.clocks.is_frozen(token),
            "set": self.clocks.is_set(token),
        }

    async def clock_route(self, request: Request) -> Response:
        token = self.caller(request)
        if request.method == "POST":
            payload = an_object(
                await _payload(request), '{"now": "2018-05-01T00:00:00Z", "frozen": true}', CLOCK_FIELDS
            )
            if not payload:
                raise refused("Give now (a date-time with offset), advance (seconds) or frozen (true/false).")
            if "now" in payload and "advance" in payload:
                raise refused("Give either now or advance, not both.")
            now = None
            if "now" in payload:
                moment = parse_datetime(payload["now"]) if isinstance(payload["now"], str) else None
                if moment is None:
                    raise refused(
                        f"now must be an RFC 3339 date-time with a UTC offset, such as "
                        f"2018-05-01T00:00:00Z, not {shown(payload['now'])}."
                    )
                now = moment.timestamp()
                if not 0 <= now < LATEST:
                    raise refused("now must be between 1970-01-01T00:00:00Z and 9999-01-01T00:00:00Z.")
            advance = seconds(payload, "advance", -TEN_YEARS_S, TEN_YEARS_S) or 0.0
            frozen = flag(payload, "frozen")
            target = (now if now is not None else self.clocks.now(token)) + advance
            if not 0 <= target < LATEST:
                raise refused("The clock would leave 1970-01-01T00:00:00Z .. 9999-01-01T00:00:00Z.")
            self.clocks.set(token, now=now, advance=advance, frozen=frozen)
        elif request.method == "DELETE":
            self.clocks.forget(token)
        return _json(self._clock_view(token))
