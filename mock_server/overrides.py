"""Answers set by the control API: a report request's answer (``/_mock/reports``) and the state of
export jobs (``/_mock/exports``), per API token.

- A report override answers the runReport requests that match it with the JSON given. ``match``
  names the request fields that must be equal (``type`` at least; date-times compare as instants,
  so ``Z`` and ``+00:00`` match); ``answer`` must fit the schema the spec gives that report type's
  answer, or the override is refused with the reason. The request is still authenticated,
  rate-limited and validated, and the future-date and 12-month rules still hold.
- An export state keeps a job ``pending``, makes it ``failed`` (``{"status": "failed", "url":
  null}``: the state must fit the spec's ExportJob) or ``complete`` at once; given no ``job``, it
  applies to the next ``times`` jobs the token starts (of one report type, if given).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mock_server.control_input import an_object, one_of, refused, shown, whole_number
from mock_server.schemas import SchemaError, Validator, check, compile_component, parse_datetime
from mock_server.spec import Spec
from mock_server.staged import StagedPerToken

MAX_PER_TOKEN = 100
MAX_TIMES = 10_000
OVERRIDE_FIELDS = ("match", "answer", "times")
EXPORT_FIELDS = ("job", "state", "report_type", "times")
STATES = ("pending", "failed", "complete")


@dataclass
class Override:
    id: int
    match: dict[str, Any]
    answer: Any
    times: int | None  # None: every matching request until forgotten

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "match": self.match, "answer": self.answer, "times": self.times}


def _instant(value: Any) -> datetime | None:
    return parse_datetime(value) if isinstance(value, str) else None


def _same(expected: Any, actual: Any) -> bool:
    if expected == actual:
        return True
    left, right = _instant(expected), _instant(actual)
    return left is not None and right is not None and left == right


class ReportOverrides(StagedPerToken[Override]):
    def __init__(self, spec: Spec, report_types: list[str]) -> None:
        self.spec = spec
        self.report_types = report_types
        self._validators: dict[str, Validator] = {}
        super().__init__(
            MAX_PER_TOKEN, f"At most {MAX_PER_TOKEN} overrides per token; DELETE /_mock/reports first."
        )

    def _answer_validator(self, report_type: str) -> tuple[str, Validator]:
        name = self.spec.report_response_schema(report_type)
        found = self._validators.get(report_type)
        if found is None:
            found = self._validators[report_type] = compile_component(self.spec, name)
        return name, found

    def parse(self, payload: Any) -> Override:
        payload = an_object(payload, '{"match": {"type": "summary"}, "answer": {...}}', OVERRIDE_FIELDS)
        times = whole_number(payload, "times", 1, MAX_TIMES)
        match = payload.get("match")
        if not isinstance(match, dict) or "type" not in match:
            raise refused(
                'match must be an object naming at least the report type: {"type": "summary", ...}.'
            )
        report_type = one_of(match, "type", self.report_types, required=True)
        assert report_type is not None
        request_schema = self.spec.schema(self.spec.report_request_schemas()[report_type])
        fields = set(request_schema.get("properties", {}))
        unknown = sorted(set(match) - fields)
        if unknown:
            raise refused(
                f"match names field(s) a {report_type} request does not have: {shown(unknown, 200)} "
                f"(it has {', '.join(sorted(fields))})."
            )
        if "answer" not in payload:
            raise refused(f"answer is required: the JSON a matching {report_type} request is answered with.")
        name, validator = self._answer_validator(report_type)
        try:
            check(validator, payload["answer"], "answer")
        except SchemaError as exc:
            raise refused(f"{exc} (a {report_type} answer must fit {name} of openapi.yaml).") from None
        return Override(0, match, payload["answer"], times)

    def take(self, token: str, body: dict[str, Any]) -> Override | None:
        """The first override whose match the request body meets (counted down if it has times)."""
        staged = self._by_token.get(token)
        if not staged:
            return None
        for index, override in enumerate(staged):
            if all(_same(value, body.get(key)) for key, value in override.match.items()):
                if override.times is not None:
                    override.times -= 1
                    if override.times <= 0:
                        del staged[index]
                return override
        return None


@dataclass
class ExportPlan:
    id: int
    state: str
    report_type: str | None
    times: int

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "report_type": self.report_type, "times": self.times}


class ExportPlans(StagedPerToken[ExportPlan]):
    """States for the next export jobs a token starts."""

    def __init__(self, spec: Spec, export_types: list[str]) -> None:
        self.export_types = export_types
        self._job_schema = compile_component(spec, "ExportJob")
        super().__init__(
            MAX_PER_TOKEN, f"At most {MAX_PER_TOKEN} export plans per token; DELETE /_mock/exports first."
        )

    def parse(self, payload: Any) -> tuple[str | None, str, ExportPlan | None]:
        """(job token or None, state, plan for new jobs or None) from a control request's body."""
        payload = an_object(payload, '{"state": "pending"}', EXPORT_FIELDS)
        state = one_of(payload, "state", STATES, required=True)
        assert state is not None
        self.check_state(state)
        job = payload.get("job")
        if job is not None:
            if not isinstance(job, str) or not job:
                raise refused(f"job must be an export job's token (a string), not {shown(job)}.")
            if "report_type" in payload or "times" in payload:
                raise refused("Give either job (an existing job) or report_type and times (new jobs).")
            return job, state, None
        if state == "complete":
            raise refused('state "complete" is for an existing job (give its token in job).')
        report_type = one_of(payload, "report_type", self.export_types)
        times = whole_number(payload, "times", 1, MAX_TIMES) or 1
        return None, state, ExportPlan(0, state, report_type, times)

    def check_state(self, state: str) -> None:
        """A job in this state must still answer what the spec's ExportJob allows."""
        example = {
            "status": state,
            "url": None if state != "complete" else "http://127.0.0.1/x.csv",
            "token": "t",
        }
        try:
            check(self._job_schema, example, "the job")
        except SchemaError as exc:
            raise refused(f"state {state!r} cannot be answered: {exc} (ExportJob of openapi.yaml).") from None

    def take(self, token: str, report_type: str) -> str | None:
        """The state a new job of this type starts in, if one is planned."""
        staged = self._by_token.get(token)
        if not staged:
            return None
        for index, plan in enumerate(staged):
            if plan.report_type is None or plan.report_type == report_type:
                plan.times -= 1
                if plan.times <= 0:
                    del staged[index]
                return plan.state
        return None
