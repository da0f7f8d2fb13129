"""Rewrites of the spec for code generators: small named functions, each `Spec -> Spec` on a copy.

A language's `Language.transform` (the kit's own generator input) and the codegen edition
(`codegen.EDITION`, `make codegen-spec`) are made of these. Each says which generator needs it and why.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Spec = dict[str, Any]
Rewrite = Callable[[dict[str, Any]], dict[str, Any]]


def map_schemas(spec: Spec, rewrite: Rewrite) -> Spec:
    """A copy of `spec` with `rewrite` applied to every mapping in it (bottom-up)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return rewrite({key: walk(value) for key, value in node.items()})
        if isinstance(node, list):
            return [walk(value) for value in node]
        return node

    result: Spec = walk(spec)
    return result


def chain(*steps: Callable[[Spec], Spec]) -> Callable[[Spec], Spec]:
    """The steps applied in order (each gets a copy)."""

    def run(spec: Spec) -> Spec:
        result = copy.deepcopy(spec)
        for step in steps:
            result = step(result)
        return result

    run.__doc__ = "\n".join(f"- {step.__name__}" for step in steps)
    return run


def anyof_as_oneof(spec: Spec) -> Spec:
    """For typescript-fetch: every schema's `anyOf` list passed as `oneOf`.

    typescript-fetch turns a schema-level `anyOf` into ONE interface holding the properties of all the
    alternatives (all required, clashing names typed from the first) and drops the array and map
    alternatives. Its `oneOf` is a TypeScript union, which is what `anyOf` means in TypeScript (a union
    is not exclusive).
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if "anyOf" in node and "oneOf" not in node:
            node = {("oneOf" if key == "anyOf" else key): value for key, value in node.items()}
        return node

    return map_schemas(spec, rewrite)


def anyof_as_any(spec: Spec) -> Spec:
    """For java: every schema with an `anyOf` passed as an untyped schema (`Object` in Java).

    The Java generators cannot decode ReportResult: `native` (Jackson) takes the first alternative that
    parses, and Jackson ignores unknown and missing fields, so every object report came back as
    CaseSummaryReport and every array as CaseClassificationsReport, the other fields dropped; array and
    map alternatives also gave `List<X>.class` (not Java).
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if "anyOf" in node:
            return {key: value for key, value in node.items() if key in ("description", "title")}
        return node

    return map_schemas(spec, rewrite)


def numbers_as_double(spec: Spec) -> Spec:
    """For go (and any generator that maps a bare `number` to a 32-bit float): every `type: number`
    without a `format` gets `format: double`.

    JSON numbers are IEEE doubles; go turns a bare `number` into float32, which rounds
    `26.119402985074625` to `26.119404`. A no-op where openapi.yaml already says `format: double`.
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if node.get("type") == "number" and "format" not in node:
            node = {**node, "format": "double"}
        return node

    return map_schemas(spec, rewrite)


def date_times_as_strings(spec: Spec) -> Spec:
    """For go and typescript-fetch's defaults (and any generator that parses `format: date-time`):
    date-times stay the strings they are on the wire.

    Parsed, `2018-04-01T00:00:00+00:00` comes back as `2018-04-01T00:00:00Z` (Go's time.Time) or
    `2018-04-01T00:00:00.000Z` (a JavaScript Date): the same instant, but the offset the API chose, and
    with it the account's time zone, is lost. Each such schema keeps its format in the description.
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if node.get("type") == "string" and node.get("format") == "date-time":
            node = {key: value for key, value in node.items() if key != "format"}
            note = "An ISO 8601 date-time with UTC offset, kept as the string the API sends."
            node["description"] = f"{node['description']} {note}" if node.get("description") else note
        return node

    return map_schemas(spec, rewrite)


def answers_keep_unknown_fields(spec: Spec) -> Spec:
    """For java and rust (the kit's own clients): every object schema with properties and no
    `additionalProperties` says `additionalProperties: true`; request schemas, which say `false`, stay.

    The API may add answer fields. With this, the generators' models keep them (java: a map behind
    @JsonAnySetter/@JsonAnyGetter; rust: a `#[serde(flatten)]` map, through the kit's model template) and
    write them back, so an answer re-serialises to the JSON received, new fields included.
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if node.get("type") == "object" and node.get("properties") and "additionalProperties" not in node:
            node = {**node, "additionalProperties": True}
        return node

    copy = dict(spec)
    copy["components"] = {
        **spec["components"],
        "schemas": map_schemas(spec["components"]["schemas"], rewrite),
    }
    return copy


def integers_as_int64(spec: Spec) -> Spec:
    """For rust (the kit's own client): every `type: integer` without a format gets `format: int64`.

    The spec gives integers no size; the rust generator's default is `i32`.
    """

    def rewrite(node: dict[str, Any]) -> dict[str, Any]:
        if node.get("type") == "integer" and "format" not in node:
            node = {**node, "format": "int64"}
        return node

    return map_schemas(spec, rewrite)
