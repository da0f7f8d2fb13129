"""Fast request validation from the spec's own schemas.

Connexion validates ``oneOf`` bodies with a fresh jsonschema validator per request and ignores the
``discriminator``: every bad body gets one generic "not valid under any of the given schemas" and
the cost dominates a report request. Here the discriminator picks the variant, and each variant
is compiled once at start-up with fastjsonschema from the loaded openapi.yaml, so every request is
still checked against the contract, only faster and with a precise message. The class is plugged
into Connexion's ``validator_map`` for ``application/json`` bodies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar

import fastjsonschema
import orjson
from connexion import utils as connexion_utils
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import UnsupportedMediaTypeProblem
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.validators import AbstractRequestBodyValidator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.errors import INVALID_TYPE, bad_request, not_found
from mock_server.spec import SCHEMA_PREFIX, Spec

# Where the validator leaves the parsed body for the handler, so it is parsed once per request.
BODY_SCOPE_KEY = "lexer_mock.body"

Validator = Callable[[Any], Any]
# Distinct Content-Type values remembered per operation (parsing them is Connexion's, done once).
CONTENT_TYPE_CACHE = 64

_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$",
)


def parse_datetime(text: str) -> datetime | None:
    """An RFC 3339 date-time (the OpenAPI ``date-time`` format) with its offset, or None."""
    if not _RFC3339.match(text):
        return None
    try:
        value = datetime.fromisoformat(text.upper())
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _is_datetime(value: str) -> bool:
    return parse_datetime(value) is not None


FORMATS: dict[str, Callable[[str], bool] | str] = {"date-time": _is_datetime}
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_ONE = ("items", "additionalProperties", "not")


def to_json_schema(schema: Any) -> Any:
    """OpenAPI 3.0 schema object -> JSON Schema draft 4 (what fastjsonschema reads).

    Only ``nullable`` needs translating; component references become ``#/definitions/...``.
    Walks the schema structurally so that a property *named* like a keyword is left alone.
    """
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_PREFIX):
            out[key] = "#/definitions/" + value.removeprefix(SCHEMA_PREFIX)
        elif key in _SCHEMA_MAPS and isinstance(value, Mapping):
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [to_json_schema(sub) for sub in value]
        elif key in _SCHEMA_ONE:
            out[key] = to_json_schema(value)
        elif key in ("discriminator", "example", "examples", "nullable") or key.startswith("x-"):
            continue
        else:
            out[key] = value
    if schema.get("nullable") is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


def _definitions(spec: Spec) -> dict[str, Any]:
    """The spec's component schemas as JSON Schema definitions, converted once per spec."""
    found: dict[str, Any] | None = spec.derived.get("json_schema_definitions")
    if found is None:
        schemas = spec.document["components"]["schemas"]
        found = spec.derived["json_schema_definitions"] = {
            name: to_json_schema(value) for name, value in schemas.items()
        }
    return found


def compile_component(spec: Spec, name: str) -> Validator:
    """A compiled validator for ``components/schemas/<name>``, references resolved in the spec."""
    spec.schema(name)  # fail with a clear SpecError if it is missing
    return compile_schema({"definitions": _definitions(spec), "allOf": [{"$ref": f"#/definitions/{name}"}]})


def describe(exc: fastjsonschema.JsonSchemaValueException, root: str = "the body") -> str:
    """fastjsonschema names the failing value ``data.x.y``; say ``x.y`` (or ``root``) instead."""
    message = str(exc.message)
    if message.startswith("data."):
        return message.removeprefix("data.")
    if message.startswith("data"):
        return root + message.removeprefix("data")
    return message


class ReportRequests:
    """The 15 runReport request variants of the spec, each compiled once."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.schema_names = spec.report_request_schemas()
        for name in self.schema_names.values():
            spec.schema(name)  # a missing variant is a start-up error, not a request-time one
        # Compiled on first use (a few ms each), which keeps start-up short; then kept.
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
            raise not_found(f"Malformed {report_type} request: {describe(exc)}.") from None
        return body


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
        body = self.requests.validate(parse_json(raw))
        scope[BODY_SCOPE_KEY] = body
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


class SchemaError(ValueError):
    """An instance does not fit a schema; the message names the place."""


def check(validator: Validator, instance: Any, what: str) -> None:
    try:
        validator(instance)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise SchemaError(f"{what}: {describe(exc, root='it')}") from None


def compile_schema(schema: dict[str, Any]) -> Validator:
    """A compiled validator for a plain JSON Schema (e.g. model.schema.json)."""
    compiled: Validator = fastjsonschema.compile(schema, formats=FORMATS, use_default=False)
    return compiled


class _CachedRequestValidationOperation(RequestValidationOperation):  # type: ignore[misc]
    """Connexion's request validation step with its per-operation work done once.

    Connexion rebuilds the URI parser, the parameter validator, the media-type table and the body
    schema lookup on every request; they depend only on the operation. The checks themselves are
    Connexion's, in Connexion's order: parameters, media type, body.
    """

    def __init__(self, next_app: ASGIApp, *, operation: Any, **kwargs: Any) -> None:
        super().__init__(next_app, operation=operation, **kwargs)
        uri_parser = operation._uri_parser_class(operation.parameters, operation.body_definition())
        self._parameter_validator = self._validator_map["parameter"](
            operation.parameters,
            uri_parser=uri_parser,
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )
        # With no parameters and no strict mode, Connexion's parameter check has nothing to do.
        self._check_parameters = bool(operation.parameters) or self.strict_validation
        self._consumes = MediaTypeDict([(c.lower(), None) for c in operation.consumes])
        self._bodies: dict[str, tuple[Any, ...] | None] = {}
        self._content_types: dict[bytes | None, tuple[str, str]] = {}
        self._accepted: dict[str, bool] = {}
        # Connexion guesses the media type when the header is missing; a request body must say.
        self._needs_content_type = bool(operation.request_body)

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        first: bytes | None = None  # Connexion reads the first Content-Type header
        given = False  # any non-blank one
        for name, value in headers:  # ASGI header names are lower-case
            if name == b"content-type":
                if first is None:
                    first = value
                if value.strip():
                    given = True
                    break
        if self._needs_content_type and not given:
            raise UnsupportedMediaTypeProblem(
                detail=f"Content-type missing, expected {self._operation.consumes}"
            )
        # Connexion's parsing, once per distinct header value (clients send one or two).
        found = self._content_types.get(first)
        if found is None:
            mime_type, encoding = super().extract_content_type(
                [] if first is None else [(b"content-type", first)]
            )
            found = (str(mime_type), str(encoding))
            if len(self._content_types) < CONTENT_TYPE_CACHE:
                self._content_types[first] = found
        return found

    def validate_mime_type(self, mime_type: str) -> None:
        accepted = self._accepted.get(mime_type)
        if accepted is None:
            accepted = not self._operation.consumes or mime_type.lower() in self._consumes
            if len(self._accepted) < CONTENT_TYPE_CACHE:
                self._accepted[mime_type] = accepted
        if not accepted:
            raise UnsupportedMediaTypeProblem(
                detail=f"Invalid Content-type ({mime_type}), expected {self._operation.consumes}"
            )

    def _body(self, mime_type: str) -> tuple[Any, ...] | None:
        if mime_type not in self._bodies:
            op = self._operation
            schema = op.body_schema(mime_type)
            found: tuple[Any, ...] | None = None
            if schema:
                try:
                    validator_cls = self._validator_map["body"][mime_type]
                except KeyError:
                    validator_cls = None
                if validator_cls is not None:
                    found = (
                        validator_cls,
                        schema,
                        op.request_body.get("required", False),
                        connexion_utils.is_nullable(op.body_definition(mime_type)),
                    )
            self._bodies[mime_type] = found
        return self._bodies[mime_type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._check_parameters:
            self._parameter_validator.validate(scope)
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        body = self._body(mime_type)
        if body is not None:
            validator_cls, schema, required, nullable = body
            validator = validator_cls(
                schema=schema,
                required=required,
                nullable=nullable,
                encoding=encoding,
                strict_validation=self.strict_validation,
            )
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


class _CachedRequestValidationAPI(RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> _CachedRequestValidationOperation:
        return _CachedRequestValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class CachedRequestValidationMiddleware(RequestValidationMiddleware):  # type: ignore[misc]
    """Drop-in for Connexion's RequestValidationMiddleware (same checks, less per-request work)."""

    api_cls = _CachedRequestValidationAPI
