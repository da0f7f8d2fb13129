"""The strict edition of openapi.yaml that the tests hold the mock's own answers to.

openapi.yaml is a tolerant contract: it requires only what every source shows, leaves some strings open
(``x-extensible-enum``) and lets answers carry fields it does not list, so that clients generated from it
keep working when the real API differs. The mock, though, must answer the full documented shape. This
module derives that shape from openapi.yaml itself, never restating it:

- every object schema that lists ``properties`` requires all of them;
- an object schema that lists ``properties`` and says nothing of others gets ``additionalProperties:
  false`` (the mock sends no undocumented field);
- ``x-extensible-enum`` becomes ``enum`` (the mock sends only the documented values).

``strict_validator("SummaryReport")`` validates like ``spec_tools.schema_validator`` against that edition.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.support.spec_tools import format_checker, load_spec, pointer

STRICT_URI = "urn:lexer-activity:openapi.strict.yaml"
KNOWN_VALUES = "x-extensible-enum"


def tighten(node: Any) -> Any:
    """``node`` with the three rules above applied to every schema in it (a new object)."""
    if isinstance(node, list):
        return [tighten(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: tighten(value) for key, value in node.items()}
    properties = node.get("properties")
    if isinstance(properties, dict) and properties and node.get("type", "object") == "object":
        out["required"] = list(dict.fromkeys([*node.get("required", []), *properties]))
        out.setdefault("additionalProperties", False)
    if isinstance(node.get(KNOWN_VALUES), list) and "enum" not in node:
        out["enum"] = list(node[KNOWN_VALUES])
    return out


@cache
def strict_document() -> dict[str, Any]:
    """openapi.yaml with its schemas tightened (``paths`` and ``components``; ``info`` is left alone)."""
    document = load_spec()
    document["paths"] = tighten(document["paths"])
    document["components"] = tighten(document["components"])
    return document


@cache
def _registry() -> Registry[Any]:
    resource = Resource.from_contents(strict_document(), default_specification=DRAFT4)
    found: Registry[Any] = Registry().with_resource(STRICT_URI, resource)
    return found


@cache
def strict_validator_at(where: str) -> Validator:
    """A validator for the strict edition's schema at JSON pointer ``where``."""
    return OAS30Validator(
        {"$ref": f"{STRICT_URI}#{where}"}, registry=_registry(), format_checker=format_checker()
    )


def strict_validator(name: str) -> Validator:
    """A validator for ``components/schemas/<name>`` of the strict edition."""
    return strict_validator_at(pointer("components", "schemas", name))
