"""Property tests of the generated models against the spec's schemas (Hypothesis).

- Every schema-valid answer of every report schema, served to the typed layer, parses into that report's
  model and ``to_dict()`` gives the same JSON back (extra, undocumented keys included).
- Every schema-valid request of every report type parses into its request model, whose ``to_dict()``
  validates against the request schema, and what the client puts on the wire validates against
  ``RunReportRequest``.
- The spec's own examples (errors included) parse into the right models, with nothing left unparsed.

Payloads come from the schemas in openapi.yaml through Schemathesis' JSON Schema strategies (its engine, as
pinned in uv.lock). ``date-time`` values of answers are drawn in the form Python's ``isoformat()`` writes
(``2018-04-01T13:00:00+00:00``): the models hold ``datetime`` values, so other spellings of the same instant
(``Z``, trailing zeros in fractions) come back in that form; the request test checks this normalisation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lexer_activity_client.reports import get_report_status, run_report
from schemathesis.generation.jsonschema.builder import build
from schemathesis.specs.openapi.converter import to_json_schema
from schemathesis.specs.openapi.formats import get_default_format_strategies

from tests.support.client_tools import (
    documented_extras,
    json_response,
    model_class,
    request_model,
    same_json,
    to_json,
    transport_client,
)
from tests.support.spec_tools import (
    errors,
    get_at,
    iter_examples,
    load_spec,
    report_example,
    report_types,
    request_schema_name,
    resolve,
    response_schema_name,
    schema_validator,
)

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _python_date_time() -> st.SearchStrategy[str]:
    offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
    return st.datetimes(timezones=offsets).map(dt.datetime.isoformat)


# One dict per generation mode: Schemathesis caches strategies by the identity of the formats mapping.
RFC3339_FORMATS: dict[str, st.SearchStrategy[Any]] = dict(get_default_format_strategies())
ISOFORMAT_FORMATS: dict[str, st.SearchStrategy[Any]] = {**RFC3339_FORMATS, "date-time": _python_date_time()}


@cache
def _json_schema_components() -> dict[str, Any]:
    """openapi.yaml's components as JSON Schema (OpenAPI 3.0 ``nullable`` spelled as a type list)."""
    converted = to_json_schema(
        {"components": load_spec()["components"]}, nullable_keyword="nullable", is_response_schema=True
    )
    assert isinstance(converted, dict)
    return converted


def payloads(schema_name: str, formats: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Every JSON value valid against ``components/schemas/<schema_name>``."""
    root = {"$ref": f"#/components/schemas/{schema_name}", **_json_schema_components()}
    strategy: st.SearchStrategy[Any] = build(root, draft=4, formats=formats)
    return strategy


def _first_type_per_answer_schema() -> list[str]:
    """One report type per distinct answer schema (the three exports share ExportJob)."""
    seen: dict[str, str] = {}
    for report_type in report_types():
        seen.setdefault(response_schema_name(report_type), report_type)
    return list(seen.values())


@pytest.mark.parametrize("report_type", _first_type_per_answer_schema())
def test_every_valid_answer_round_trips(report_type: str) -> None:
    schema = response_schema_name(report_type)
    request = request_model(report_type)
    served: list[Any] = []
    client = transport_client(lambda _request: json_response(200, served[-1]))
    validator = schema_validator(schema)

    @EXAMPLES
    @given(payloads(schema, ISOFORMAT_FORMATS))
    def round_trip(payload: Any) -> None:
        assert not errors(validator, payload)  # the strategy honours the schema
        served.append(payload)
        report = run_report(client, request)
        assert same_json(to_json(report), payload)

    round_trip()


def test_every_valid_export_job_round_trips_through_the_status_call() -> None:
    served: list[Any] = []
    client = transport_client(lambda _request: json_response(200, served[-1]))

    @EXAMPLES
    @given(payloads("ExportJob", ISOFORMAT_FORMATS))
    def round_trip(payload: Any) -> None:
        served.append(payload)
        assert same_json(get_report_status(client, "token").to_dict(), payload)

    round_trip()


def _date_time_properties(schema_name: str) -> set[str]:
    properties = get_at(f"/components/schemas/{schema_name}")["properties"]
    return {name for name, prop in properties.items() if resolve(prop)[0].get("format") == "date-time"}


@pytest.mark.parametrize("report_type", report_types())
def test_every_valid_request_validates_after_to_dict(report_type: str) -> None:
    schema = request_schema_name(report_type)
    model = model_class(schema)
    own_schema = schema_validator(schema)
    wire_schema = schema_validator("RunReportRequest")
    date_times = _date_time_properties(schema)
    sent: list[Any] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return json_response(200, report_example(report_type))

    client = transport_client(answer)

    @EXAMPLES
    @given(payloads(schema, RFC3339_FORMATS))
    def to_dict_is_valid(payload: Any) -> None:
        body = model.from_dict(payload).to_dict()
        assert not errors(own_schema, body)
        # The same request, up to the spelling of date-times (an offset always stays; Z becomes +00:00).
        expected = {
            key: dt.datetime.fromisoformat(value).isoformat() if key in date_times else value
            for key, value in payload.items()
        }
        assert same_json(body, expected)
        run_report(client, model.from_dict(payload))
        assert not errors(wire_schema, sent[-1])
        assert same_json(sent[-1], body)

    to_dict_is_valid()


@pytest.mark.parametrize("report_type", report_types())
def test_spec_example_parses_into_its_model_with_nothing_left_over(report_type: str) -> None:
    example = report_example(report_type)
    report = run_report(
        transport_client(lambda _request: json_response(200, example)), request_model(report_type)
    )
    assert not documented_extras(report)
    assert same_json(to_json(report), example)


def _answering(payload: Any) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _request: json_response(200, payload)


@pytest.mark.parametrize("report_type", _first_type_per_answer_schema())
def test_empty_answers_parse_into_empty_reports(report_type: str) -> None:
    """`{}` and `[]`, wherever the report's schema admits them (the States Volume map, the row arrays)."""
    schema_name = response_schema_name(report_type)
    validator = schema_validator(schema_name)
    candidates: list[Any] = [{}, []]
    empties = [candidate for candidate in candidates if not errors(validator, candidate)]
    schema = get_at(f"/components/schemas/{schema_name}")
    is_map = schema.get("type") == "object" and "properties" not in schema
    assert bool(empties) == (schema.get("type") == "array" or is_map)
    for empty in empties:
        client = transport_client(_answering(empty))
        report = run_report(client, request_model(report_type))
        assert same_json(to_json(report), empty)
        assert not documented_extras(report)
        if is_map:
            assert report.additional_keys == []


def _error_examples() -> list[Any]:
    return [
        example for example in iter_examples() if example.schema.endswith("/schema") and _is_error(example)
    ]


def _is_error(example: Any) -> bool:
    schema, _ = resolve(get_at(example.schema))
    return schema is get_at("/components/schemas/Error")


def test_every_documented_error_example_parses_into_error() -> None:
    error_model = model_class("Error")
    examples = _error_examples()
    assert examples, "openapi.yaml documents no error examples"
    for example in examples:
        parsed = error_model.from_dict(example.value)
        assert (parsed.error, parsed.message) == (example.value["error"], example.value["message"]), (
            example.where
        )
        assert not parsed.additional_properties, example.where
