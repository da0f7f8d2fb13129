"""What the typed report layers of the Java and Rust clients are rendered from, read from the spec.

Each report type comes from the discriminator mapping of ``RunReportRequest`` (its key is the ``type`` value,
its target the request schema) and the request schema's ``x-lexer-response`` (the schema of the 200 answer).
The answer schema's shape (an object, an array of rows, a map of series) decides the answer's type in each
language. Nothing here is written per report type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

REQUEST_SCHEMA = "RunReportRequest"
RESPONSE_KEY = "x-lexer-response"
SCHEMA_PREFIX = "#/components/schemas/"
STATUS_OPERATION = "getReportStatus"


class SpecError(Exception):
    """The document lacks something the typed report layer is derived from."""


@dataclass(frozen=True)
class Shape:
    """An answer schema: `object` (a model), `array` (of `item` rows) or `map` (to arrays of `item`)."""

    kind: str
    item: str  # the model: the schema itself for `object`, the row schema for `array` and `map`


@dataclass(frozen=True)
class ReportType:
    type: str  # the `type` value, e.g. "states_volume"
    request: str  # request schema, e.g. "StatesVolumeRequest"
    response: str  # answer schema, e.g. "StatesVolumeReport"
    shape: Shape
    summary: str  # first sentence of the request schema's description

    @property
    def is_export(self) -> bool:
        return self.shape.kind == "object" and self.shape.item == "ExportJob"

    @property
    def camel(self) -> str:
        head, *rest = self.type.split("_")
        return head + "".join(part.capitalize() for part in rest)

    @property
    def pascal(self) -> str:
        return "".join(part.capitalize() for part in self.type.split("_"))


def ref_name(ref: str) -> str:
    if not ref.startswith(SCHEMA_PREFIX):
        raise SpecError(f"{ref!r} is not a reference to a component schema")
    return ref[len(SCHEMA_PREFIX) :]


def shape_of(schemas: dict[str, Any], name: str) -> Shape:
    schema = schemas.get(name)
    if not isinstance(schema, dict):
        raise SpecError(f"components.schemas has no {name!r}")
    kind = schema.get("type")
    if kind == "array":
        return Shape("array", ref_name(schema["items"]["$ref"]))
    extra = schema.get("additionalProperties")
    if kind == "object" and isinstance(extra, dict) and not schema.get("properties"):
        if extra.get("type") != "array":
            raise SpecError(f"{name}: a map answer must map to arrays of rows")
        return Shape("map", ref_name(extra["items"]["$ref"]))
    if kind == "object":
        return Shape("object", name)
    raise SpecError(f"{name}: an answer schema is an object, an array of rows or a map of series")


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    match = re.match(r"(.+?[.:])(\s|$)", text)
    return (match.group(1) if match else text).rstrip(":.") + "."


def report_types(spec: dict[str, Any]) -> list[ReportType]:
    """Every report type of the spec, in the order of the discriminator mapping."""
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    union = schemas.get(REQUEST_SCHEMA)
    if not isinstance(union, dict):
        raise SpecError(f"components.schemas has no {REQUEST_SCHEMA}")
    mapping = union.get("discriminator", {}).get("mapping")
    if not isinstance(mapping, dict) or not mapping:
        raise SpecError(f"{REQUEST_SCHEMA} has no discriminator mapping")
    result = []
    for type_value, ref in mapping.items():
        request = ref_name(ref)
        response = schemas.get(request, {}).get(RESPONSE_KEY)
        if not isinstance(response, str):
            raise SpecError(f"{request} names no answer schema in {RESPONSE_KEY}")
        description = str(schemas[request].get("description", type_value))
        result.append(
            ReportType(
                type_value, request, response, shape_of(schemas, response), first_sentence(description)
            )
        )
    return result


def kit_version(spec: dict[str, Any]) -> str:
    version = spec.get("info", {}).get("version")
    if not isinstance(version, str) or not version:
        raise SpecError("info.version is missing")
    return version


def status_server(spec: dict[str, Any]) -> str:
    """The host the documents call the status operation on: the server it names beyond the API's own."""
    own = {server["url"] for server in spec.get("servers", [])}
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == STATUS_OPERATION:
                urls = [server["url"] for server in operation.get("servers", [])]
                extra = [url for url in urls if url not in own]
                return (extra or urls or [default_server(spec)])[0]
    raise SpecError(f"no operation {STATUS_OPERATION}")


def default_server(spec: dict[str, Any]) -> str:
    servers = spec.get("servers") or []
    if not servers:
        raise SpecError("the spec lists no servers")
    url: str = servers[0]["url"]
    return url


def documented_errors(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every documented error answer as {status, error}: the examples of the shared error responses."""
    codes: dict[str, int] = {}
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for code, response in operation.get("responses", {}).items():
                ref = response.get("$ref", "")
                if ref.startswith("#/components/responses/") and code.isdigit():
                    codes[ref.rsplit("/", 1)[1]] = int(code)
    errors = []
    for name, response in spec.get("components", {}).get("responses", {}).items():
        if name not in codes:
            continue
        for content in response.get("content", {}).values():
            for example in content.get("examples", {}).values():
                value = example.get("value")
                if isinstance(value, dict) and isinstance(value.get("error"), str):
                    errors.append({"status": codes[name], "error": value["error"]})
    return sorted(errors, key=lambda e: (e["status"], e["error"]))


def export_complete(spec: dict[str, Any]) -> str:
    """The ExportJob status of a ready file, as the spec lists it (`enum` or `x-extensible-enum`)."""
    status = spec["components"]["schemas"]["ExportJob"]["properties"]["status"]
    values = status.get("enum") or status.get("x-extensible-enum") or []
    if "complete" not in values:
        raise SpecError("ExportJob.status lists no `complete`")
    return "complete"
