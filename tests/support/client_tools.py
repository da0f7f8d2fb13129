"""Helpers for the tests of the generated client (lexer_activity_client).

Model classes are looked up by the spec's schema names (openapi-python-client names a model after its
schema), so nothing here lists report types or models by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import attrs
import httpx
from lexer_activity_client import AuthenticatedClient, models
from lexer_activity_client.reports import make_client

from tests.support.mock_helpers import TOKEN
from tests.support.spec_tools import request_example, request_schema_name


def model_class(schema_name: str) -> Any:
    """The generated model class of component schema ``schema_name``."""
    found = getattr(models, schema_name, None)
    if found is None:
        raise LookupError(f"lexer_activity_client.models has no {schema_name}")
    return found


def request_model(report_type: str) -> Any:
    """The request model of ``report_type``, built from the spec's request example of that type."""
    return model_class(request_schema_name(report_type)).from_dict(request_example(report_type))


def to_json(value: Any) -> Any:
    """What a parsed answer serialises back to: ``to_dict()`` of models, element-wise for lists."""
    if isinstance(value, list):
        return [to_json(item) for item in value]
    return value.to_dict()


def same_json(left: Any, right: Any) -> bool:
    """Equal as JSON documents, telling apart what Python's == mixes up (True/1, 1/1.0)."""
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)


_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def normalise_date_times(value: Any) -> Any:
    """``value`` with every RFC 3339 date-time string written as ``datetime.isoformat()`` writes it (same
    instant, same offset; ``Z`` becomes ``+00:00``): the form the models' ``to_dict()`` gives back."""
    if isinstance(value, list):
        return [normalise_date_times(item) for item in value]
    if isinstance(value, dict):
        return {key: normalise_date_times(item) for key, item in value.items()}
    if isinstance(value, str) and _DATE_TIME.match(value):
        return dt.datetime.fromisoformat(value).isoformat()
    return value


def documented_extras(value: Any, where: str = "$") -> list[str]:
    """Places where a parsed answer kept a documented field in ``additional_properties`` instead of an
    attribute, or kept unknown fields at all, except in maps (models whose extra values are typed)."""
    found: list[str] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += documented_extras(item, f"{where}[{index}]")
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += documented_extras(item, f"{where}.{key}")
        return found
    if not attrs.has(type(value)):
        return found
    fields = {field.name for field in attrs.fields(type(value)) if field.name != "additional_properties"}
    extras: dict[str, Any] = value.additional_properties
    if fields:
        # An object schema with properties: every key of the answer should have become an attribute.
        found += [f"{where}.{key} (unparsed)" for key in extras]
    for name in fields:
        found += documented_extras(getattr(value, name), f"{where}.{name}")
    if not fields:
        # A map (additionalProperties with a schema, like StatesVolumeReport): its values are parsed models.
        for key, item in extras.items():
            found += documented_extras(item, f"{where}[{key!r}]")
    return found


Responder = Callable[[httpx.Request], httpx.Response]


def transport_client(responder: Responder, base_url: str = "http://lexer.test/v1") -> AuthenticatedClient:
    """A client whose requests go to ``responder`` in-process (httpx.MockTransport), sync and async."""
    return make_client(TOKEN, base_url=base_url, httpx_args={"transport": httpx.MockTransport(responder)})


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    """An answer carrying ``payload`` as JSON (ASCII-escaped, so any Python string survives)."""
    return httpx.Response(
        status,
        content=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
