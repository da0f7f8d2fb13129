"""Shared helpers for tests that read openapi.yaml.

Tests load the contract from openapi.yaml through these helpers and never copy it:

- ``load_spec()`` returns a fresh copy of the parsed document;
- ``schema_validator("User")`` / ``validator_at("/paths/...")`` validate instances against a
  schema of the spec with OpenAPI 3.0 semantics (``nullable``, ``discriminator``), every ``$ref``
  resolved against openapi.yaml itself;
- ``report_types()``, ``request_schema_name()``, ``response_schema_name()``,
  ``request_example()`` and ``report_example()`` answer the usual questions about report types;
- ``iter_examples()`` lists every example of the document with the schema it must fit.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import FormatChecker
from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT / "openapi.yaml"
# The URI openapi.yaml is registered under, so that its "#/..." references resolve inside it.
SPEC_URI = "urn:lexer-activity:openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
RUN_REPORT = ("/activity/reports", "post")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@cache
def _spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict):
        raise TypeError(f"{SPEC_PATH} is not a YAML mapping")
    return document


def load_spec() -> dict[str, Any]:
    """The parsed openapi.yaml; a fresh deep copy on each call, so callers may change it."""
    return copy.deepcopy(_spec())


def escape(token: str) -> str:
    """One JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str) -> str:
    """The JSON pointer made of ``tokens``: ``pointer("paths", "/users")`` is ``/paths/~1users``."""
    return "".join("/" + escape(token) for token in tokens)


def get_at(where: str, document: Any = None) -> Any:
    """The node at JSON pointer ``where`` of ``document`` (default: openapi.yaml)."""
    node = _spec() if document is None else document
    if not where:
        return node
    for token in where.lstrip("/").split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def resolve(node: Any, where: str = "") -> tuple[Any, str]:
    """Follows local ``$ref`` chains of openapi.yaml: the target node and its JSON pointer."""
    seen: set[str] = set()
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise ValueError(f"{where}: only local references are supported, not {ref!r}")
        if ref in seen:
            raise ValueError(f"{where}: reference cycle through {ref}")
        seen.add(ref)
        where = ref[1:]
        node = get_at(where)
    return node, where


def _is_uri(instance: object) -> bool:
    return not isinstance(instance, str) or bool(_URI_SCHEME.match(instance))


@cache
def format_checker() -> FormatChecker:
    """The formats jsonschema knows (date-time, email, ...), OpenAPI's (int32, ...) and ``uri``."""
    checker = FormatChecker()
    for name, (function, raises) in oas30_format_checker.checkers.items():
        checker.checks(name, raises)(function)
    checker.checks("uri")(_is_uri)
    return checker


@cache
def registry() -> Registry[Any]:
    """A referencing registry holding openapi.yaml under ``SPEC_URI``."""
    resource = Resource.from_contents(_spec(), default_specification=DRAFT4)
    found: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    return found


@cache
def validator_at(where: str) -> Validator:
    """A validator for the schema at JSON pointer ``where`` of openapi.yaml (OpenAPI 3.0 semantics)."""
    get_at(where)  # fail early, with a KeyError naming the pointer, if there is no such node
    schema = {"$ref": f"{SPEC_URI}#{where}"}
    return OAS30Validator(schema, registry=registry(), format_checker=format_checker())


def schema_validator(name: str) -> Validator:
    """A validator for ``components/schemas/<name>`` of openapi.yaml."""
    return validator_at(pointer("components", "schemas", name))


def errors(validator: Validator, instance: Any) -> list[str]:
    """Readable validation errors of ``instance`` (empty when it is valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def operation(path: str, method: str) -> dict[str, Any]:
    """The operation object of ``method`` on ``path``."""
    found = _spec()["paths"][path][method]
    if not isinstance(found, dict):
        raise TypeError(f"{method} {path} is not an operation object")
    return found


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every operation of openapi.yaml as (path, method, operation object)."""
    for path, item in _spec()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def report_types() -> list[str]:
    """The report types, from the discriminator mapping of ``RunReportRequest``."""
    mapping = _spec()["components"]["schemas"]["RunReportRequest"]["discriminator"]["mapping"]
    return list(mapping)


def request_schema_name(report_type: str) -> str:
    """The component schema name of the request of ``report_type`` (e.g. ``SummaryRequest``)."""
    target = _spec()["components"]["schemas"]["RunReportRequest"]["discriminator"]["mapping"][report_type]
    prefix = "#/components/schemas/"
    if not isinstance(target, str) or not target.startswith(prefix):
        raise ValueError(f"discriminator mapping of {report_type!r} is not a component schema: {target!r}")
    return target.removeprefix(prefix)


def response_schema_name(report_type: str) -> str:
    """The component schema name of the 200 answer of ``report_type`` (its ``x-lexer-response``)."""
    name = _spec()["components"]["schemas"][request_schema_name(report_type)]["x-lexer-response"]
    if not isinstance(name, str):
        raise TypeError(f"x-lexer-response of {report_type!r} is not a string")
    return name


def _named_example(media: Mapping[str, Any], name: str) -> Any:
    example, _ = resolve(media["examples"][name])
    return copy.deepcopy(example["value"])


def request_example(report_type: str) -> Any:
    """A copy of runReport's request example named ``report_type``."""
    body, _ = resolve(operation(*RUN_REPORT)["requestBody"])
    return _named_example(body["content"]["application/json"], report_type)


def report_example(report_type: str) -> Any:
    """A copy of runReport's 200 example named ``report_type``."""
    response, _ = resolve(operation(*RUN_REPORT)["responses"]["200"])
    return _named_example(response["content"]["application/json"], report_type)


@dataclass(frozen=True)
class Example:
    """One example of openapi.yaml and the schema it must fit."""

    where: str  # JSON pointer of the example's value (after following $refs)
    schema: str  # JSON pointer of the schema the value must fit
    name: str | None  # the key under "examples", or None for a single "example"
    value: Any


def _examples_of(holder: Mapping[str, Any], where: str, schema_where: str) -> Iterator[Example]:
    if "example" in holder:
        yield Example(f"{where}/example", schema_where, None, holder["example"])
    for name, entry in holder.get("examples", {}).items():
        example, example_where = resolve(entry, f"{where}/examples/{escape(name)}")
        if "value" in example:
            yield Example(f"{example_where}/value", schema_where, name, example["value"])


def _examples_of_content(holder: Mapping[str, Any], where: str) -> Iterator[Example]:
    for media_type, media in holder.get("content", {}).items():
        media_where = f"{where}/content/{escape(media_type)}"
        if "schema" in media:
            yield from _examples_of(media, media_where, f"{media_where}/schema")


def _examples_of_parameter_or_header(holder: Mapping[str, Any], where: str) -> Iterator[Example]:
    if "schema" in holder:
        yield from _examples_of(holder, where, f"{where}/schema")
    yield from _examples_of_content(holder, where)


def _schema_examples(schema: Any, where: str) -> Iterator[Example]:
    if not isinstance(schema, Mapping) or "$ref" in schema:
        return
    if "example" in schema:
        yield Example(f"{where}/example", where, None, schema["example"])
    for name, sub in schema.get("properties", {}).items():
        yield from _schema_examples(sub, f"{where}/properties/{escape(name)}")
    for keyword in ("items", "additionalProperties", "not"):
        yield from _schema_examples(schema.get(keyword), f"{where}/{keyword}")
    for keyword in ("allOf", "anyOf", "oneOf"):
        for index, sub in enumerate(schema.get(keyword, [])):
            yield from _schema_examples(sub, f"{where}/{keyword}/{index}")


def iter_examples() -> Iterator[Example]:
    """Every example of openapi.yaml, each once: request bodies, responses, headers, parameters
    (following $refs into components) and the ``example`` keywords of component schemas."""
    seen: set[tuple[str, str]] = set()

    def once(found: Iterator[Example]) -> Iterator[Example]:
        for example in found:
            if (example.where, example.schema) not in seen:
                seen.add((example.where, example.schema))
                yield example

    spec = _spec()
    for path, item in spec["paths"].items():
        item_where = pointer("paths", path)
        for index, parameter in enumerate(item.get("parameters", [])):
            param, param_where = resolve(parameter, f"{item_where}/parameters/{index}")
            yield from once(_examples_of_parameter_or_header(param, param_where))
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op_where = f"{item_where}/{method}"
            op = item[method]
            for index, parameter in enumerate(op.get("parameters", [])):
                param, param_where = resolve(parameter, f"{op_where}/parameters/{index}")
                yield from once(_examples_of_parameter_or_header(param, param_where))
            if "requestBody" in op:
                body, body_where = resolve(op["requestBody"], f"{op_where}/requestBody")
                yield from once(_examples_of_content(body, body_where))
            for code, entry in op.get("responses", {}).items():
                response, response_where = resolve(entry, f"{op_where}/responses/{escape(code)}")
                yield from once(_examples_of_content(response, response_where))
                for header_name, header_entry in response.get("headers", {}).items():
                    header, header_where = resolve(
                        header_entry, f"{response_where}/headers/{escape(header_name)}"
                    )
                    yield from once(_examples_of_parameter_or_header(header, header_where))
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        yield from once(_schema_examples(schema, pointer("components", "schemas", name)))
