"""Report-request validation: a runReport body read, parsed and checked against its variant.

Connexion validates ``oneOf`` bodies with a fresh jsonschema validator per request and ignores the
``discriminator``: every bad body gets one generic "not valid under any of the given schemas" and
the cost dominates a report request. Here the discriminator picks the variant, and each variant
is compiled (schemas.py) from the loaded openapi.yaml, so every request is still checked against
the contract, only faster and with a precise message. The validator class is plugged into
Connexion's public ``validator_map`` for JSON bodies; it leaves the checked body in the scope, so a
body is read and parsed once per request.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import unquote

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

import fastjsonschema
import orjson
from connexion.validators import AbstractRequestBodyValidator
from starlette.types import Message, Receive, Scope

from mock_server.errors import INVALID_TYPE, bad_request, not_found
from mock_server.schemas import Validator, compile_component, describe
from mock_server.spec import Spec

# Where the validator leaves the checked body for the handler.
BODY_SCOPE_KEY = "lexer_mock.body"

EMPTY_BODY = "Malformed request: the body is empty."


def parse_json(raw: bytes) -> Any:
    if not raw.strip():
        raise not_found(EMPTY_BODY)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        # orjson also rejects bodies that are not UTF-8, which Connexion's own validator turns
        # into a 500 (UnicodeDecodeError).
        raise not_found(f"Malformed request: the body is not valid JSON ({exc}).") from None


def _problem(exc: fastjsonschema.JsonSchemaValueException) -> str:
    """What is wrong, in words; a date-time without an offset, or without seconds (Lexer's export draft
    sends ``2018-10-01T00:00Z``, percent-encoded at that), is named as such (the format check alone would
    say "must be date-time" of a value that looks like one)."""
    value = exc.value
    if exc.rule == "format" and exc.rule_definition == "date-time" and isinstance(value, str):
        field = str(exc.name).removeprefix("data.")
        decoded = unquote(value)
        try:
            moment: datetime | None = datetime.fromisoformat(decoded)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            return (
                f"{field} must be a date-time with a UTC offset (for example 2018-04-01T00:00:00+11:00); "
                f"{value[:60]!r} has none"
            )
        if moment is not None and (decoded != value or not _WITH_SECONDS.match(decoded)):
            # openapi.yaml's resolved slips: an RFC 3339 date-time has seconds, and is sent as it is.
            return (
                f"{field} must be an RFC 3339 date-time with seconds, not percent-encoded (for example "
                f"2018-10-01T00:00:00Z); {value[:60]!r} is not"
            )
    return describe(exc)


_WITH_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}")


class ReportRequests:
    """The 15 runReport request variants of the spec, each compiled once."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.schema_names = spec.report_request_schemas()
        for name in self.schema_names.values():
            spec.schema(name)  # a missing variant is a start-up error, not a request-time one
        # Compiled on first use (a few ms each), which keeps start-up short; then kept (one per
        # report type: bounded by the spec).
        self._validators: dict[str, Validator] = {}

    @property
    def types(self) -> list[str]:
        return list(self.schema_names)

    def _validator(self, report_type: str) -> Validator | None:
        found = self._validators.get(report_type)
        if found is None and report_type in self.schema_names:
            found = self._validators[report_type] = compile_component(
                self.spec, self.schema_names[report_type]
            )
        return found

    def validate(self, body: Any) -> dict[str, Any]:
        """The body if it fits its variant; else the documented error (404 malformed, or 400
        invalid type when ``type`` is a string naming no report)."""
        if not isinstance(body, dict):
            raise not_found("Malformed request: the body must be a JSON object.")
        report_type = body.get("type")
        if report_type is None:
            raise not_found("Malformed request: `type` is required.")
        if not isinstance(report_type, str):
            raise not_found("Malformed request: `type` must be a string.")
        validator = self._validator(report_type)
        if validator is None:
            raise bad_request(
                INVALID_TYPE,
                f"Chart type provided is invalid: {report_type[:60]!r} is not one of "
                f"{', '.join(self.schema_names)}.",
            )
        try:
            validator(body)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise not_found(f"Malformed {report_type} request: {_problem(exc)}.") from None
        return body

    def read(self, raw: bytes) -> dict[str, Any]:
        """A raw request body, parsed and checked."""
        return self.validate(parse_json(raw))


class ReportBodyValidator(AbstractRequestBodyValidator):  # type: ignore[misc]  # connexion is untyped
    """Connexion body validator for runReport (bound to a spec by :func:`body_validator_for`)."""

    requests: ClassVar[ReportRequests]

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        # Read the whole body ourselves rather than trusting Content-Length: a chunked request
        # has none, and Connexion would take it for an empty body.
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                raise not_found("Malformed request: the client went away before sending the body.")
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw = b"".join(chunks)
        scope[BODY_SCOPE_KEY] = self.requests.read(raw)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": raw, "more_body": False}
            return await receive()

        return replay, scope


def body_validator_for(requests: ReportRequests) -> type[ReportBodyValidator]:
    """A validator class bound to one app's compiled schemas (Connexion instantiates it per request)."""
    return type("BoundReportBodyValidator", (ReportBodyValidator,), {"requests": requests})
