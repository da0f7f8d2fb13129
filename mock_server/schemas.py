"""Schema compilation: the spec's (and the fixture model's) schemas as fast compiled validators.

OpenAPI 3.0 schema objects are translated to JSON Schema draft 4 (what fastjsonschema reads) and
compiled once; every check of a request body or a fixture file runs one of these validators.
Formats are checked too: ``date-time`` is RFC 3339 with an offset, as the OpenAPI format says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import fastjsonschema

from mock_server.spec import SCHEMA_PREFIX, Spec

Validator = Callable[[Any], Any]

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


def compile_schema(schema: dict[str, Any]) -> Validator:
    """A compiled validator for a plain JSON Schema (e.g. model.schema.json)."""
    compiled: Validator = fastjsonschema.compile(schema, formats=FORMATS, use_default=False)
    return compiled


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


class SchemaError(ValueError):
    """An instance does not fit a schema; the message names the place."""


def check(validator: Validator, instance: Any, what: str) -> None:
    try:
        validator(instance)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise SchemaError(f"{what}: {describe(exc, root='it')}") from None
