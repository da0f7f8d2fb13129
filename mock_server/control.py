"""The runtime control API's state: how the running mock answers, changed by a test.

Every control request needs a token the mock accepts (the API's own 401s otherwise) and acts on
that token's state only. Control input is checked in full before anything is stored: a bad
request is a 400 in the Error shape (``Invalid mock control request``) naming the problem, and
changes nothing. ``POST /_mock/reset`` with a token forgets everything set here for that token.

The routes are in admin.py:

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

from mock_server.clocks import Clocks
from mock_server.control_input import an_object, flag, refused, seconds, shown
from mock_server.exports import Exports
from mock_server.faults import Faults
from mock_server.fixtures import Team
from mock_server.overrides import ExportPlans, ReportOverrides
from mock_server.schemas import parse_datetime
from mock_server.spec import Spec

CLOCK_FIELDS = ("now", "advance", "frozen")
TEN_YEARS_S = 10 * 366 * 86_400
LATEST = datetime(9999, 1, 1, tzinfo=UTC).timestamp()
JOURNAL_FILTERS = ("operation", "report_type", "status", "method")


class Control:
    """Everything the control API changes for one app (its routes are in admin.py)."""

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

    # ------------------------------------------------------------------ state
    # The handlers read the parts directly (clocks, reports, export_plans, faults): a report
    # request visits each concern once, in order (docs/mock-internals.md).
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

    # ------------------------------------------------------------------ the routes' work
    def stage_fault(self, token: str, payload: Any) -> dict[str, Any]:
        return self.faults.stage(token, self.faults.parse(payload)).to_json()

    def stage_override(self, token: str, payload: Any) -> dict[str, Any]:
        return self.reports.stage(token, self.reports.parse(payload)).to_json()

    def exports_view(self, token: str) -> dict[str, Any]:
        jobs = [
            {"token": job.token, "report_type": job.query.type, "status": self.exports.state(job)}
            for job in self.exports.jobs(token)
        ]
        return {"jobs": jobs, "planned": [plan.to_json() for plan in self.export_plans.pending(token)]}

    def set_export(self, token: str, payload: Any) -> dict[str, Any]:
        job_token, state, plan = self.export_plans.parse(payload)
        if plan is not None:
            return self.export_plans.stage(token, plan).to_json()
        job = next((j for j in self.exports.jobs(token) if j.token == job_token), None)
        if job is None:
            raise refused(f"You have no export job with the token {shown(job_token)}.")
        job.forced = state
        return {"token": job.token, "report_type": job.query.type, "status": state}

    def release_exports(self, token: str) -> dict[str, int]:
        released = 0
        for job in self.exports.jobs(token):
            released += job.forced is not None
            job.forced = None
        return {"deleted": self.export_plans.forget(token), "released": released}

    def clock_view(self, token: str) -> dict[str, Any]:
        now = datetime.fromtimestamp(self.clocks.now(token), UTC).isoformat().replace("+00:00", "Z")
        return {"now": now, "frozen": self.clocks.is_frozen(token), "set": self.clocks.is_set(token)}

    def set_clock(self, token: str, payload: Any) -> dict[str, Any]:
        payload = an_object(payload, '{"now": "2018-05-01T00:00:00Z", "frozen": true}', CLOCK_FIELDS)
        if not payload:
            raise refused("Give now (a date-time with offset), advance (seconds) or frozen (true/false).")
        if "now" in payload and "advance" in payload:
            raise refused("Give either now or advance, not both.")
        now = None
        if "now" in payload:
            moment = parse_datetime(payload["now"]) if isinstance(payload["now"], str) else None
            if moment is None:
                raise refused(
                    "now must be an RFC 3339 date-time with a UTC offset, such as "
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
        return self.clock_view(token)
