"""Checks of openapi.yaml itself: it is valid OpenAPI 3.0.3, its examples fit its schemas, and it has
what the kit's fixed interface and the source documents require."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator, validate

from tests.support.spec_tools import (
    RUN_REPORT,
    Example,
    errors,
    get_at,
    iter_examples,
    load_spec,
    operation,
    operations,
    pointer,
    report_example,
    report_types,
    request_example,
    request_schema_name,
    resolve,
    response_schema_name,
    schema_validator,
    validator_at,
)

# The fixed interface: the report types, the export types and the documented errors,
# each error with the name of its example.
REPORT_TYPES = (
    "summary",
    "states_volume",
    "workflow_states",
    "classifications",
    "response_volume",
    "user_summary",
    "user_volume",
    "case_summary",
    "case_volume",
    "case_classifications",
    "case_details",
    "nps_summary",
    "nps_volume",
    "nps_submissions",
    "mention_sla_export",
)
EXPORT_TYPES = frozenset({"case_details", "nps_submissions", "mention_sla_export"})
NPS_TYPES = frozenset({"nps_summary", "nps_volume", "nps_submissions"})
DOCUMENTED_ERRORS = (
    ("400", "Invalid report - date range is too long", "dateRangeTooLong"),
    ("400", "Invalid report - starting date is a future date", "futureStartDate"),
    ("400", "Invalid report - invalid type", "invalidType"),
    ("401", "Unauthorized", "unauthorized"),
    ("401", "Unauthorized - api token not matching", "tokenNotMatching"),
    ("404", "Not found", "notFound"),
    ("429", "Rate limited exceeded", "rateLimited"),
)
OPERATION_IDS = frozenset({"listUsers", "listGroups", "listForms", "runReport", "getReportStatus"})

SPEC = load_spec()
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
EXAMPLES = list(iter_examples())
REPORT_RESULT_BRANCHES = [resolve(entry)[1].rsplit("/", 1)[1] for entry in SCHEMAS["ReportResult"]["anyOf"]]
REQUEST_VARIANTS = [resolve(entry)[1] for entry in SCHEMAS["RunReportRequest"]["oneOf"]]


def pascal(report_type: str) -> str:
    return "".join(part.capitalize() for part in report_type.split("_"))


def without(body: dict[str, Any], field: str) -> dict[str, Any]:
    return {key: value for key, value in body.items() if key != field}


def fitting_variants(body: Any) -> list[str]:
    """The RunReportRequest variants ``body`` fits under plain ``oneOf`` rules, as Connexion, Prism and
    Schemathesis apply them (they ignore the discriminator)."""
    return [where for where in REQUEST_VARIANTS if validator_at(where).is_valid(body)]


def _example_id(example: Example) -> str:
    return example.where


# ----------------------------------------------------------------------------- the document


def test_spec_is_valid_openapi_3_0_3() -> None:
    assert SPEC["openapi"] == "3.0.3"
    validate(SPEC, cls=OpenAPIV30SpecValidator)


@pytest.mark.parametrize("example", EXAMPLES, ids=_example_id)
def test_example_fits_its_schema(example: Example) -> None:
    assert errors(validator_at(example.schema), example.value) == []


def test_examples_are_all_found() -> None:
    names = {example.name for example in EXAMPLES}
    expected = {*REPORT_TYPES, "pending", "complete", *(name for _, _, name in DOCUMENTED_ERRORS)}
    assert expected <= names
    # Every component example is reached from some operation (and so was validated above).
    reached = {example.where for example in EXAMPLES}
    for name in SPEC["components"].get("examples", {}):
        assert pointer("components", "examples", name, "value") in reached, name


def test_operations_ids_security_and_servers() -> None:
    found = {op["operationId"] for _, _, op in operations()}
    assert found == OPERATION_IDS
    schemes = SPEC["components"]["securitySchemes"]
    for path, method, op in operations():
        requirements = op.get("security", SPEC.get("security"))
        assert requirements, f"{method} {path} has no security"
        for requirement in requirements:
            for scheme_name in requirement:
                scheme = schemes[scheme_name]
                assert scheme["type"] == "apiKey"
                assert (scheme["in"], scheme["name"]) == ("header", "Auth-Api-Token")
    assert [server["url"] for server in SPEC["servers"]] == ["https://api.lexer.io/v1"]
    # The documents' status host first (it is the default), then the export draft's.
    status_servers = [server["url"] for server in operation("/activity/reports/status", "get")["servers"]]
    assert status_servers == ["https://clients.lexer.io/api/public/v1", "https://api.lexer.io/v1"]


def test_export_job_links_to_its_status() -> None:
    link = operation(*RUN_REPORT)["responses"]["200"]["links"]["GetExportStatus"]
    assert link["operationId"] == "getReportStatus"
    assert link["parameters"] == {"token": "$response.body#/token"}


# ----------------------------------------------------------------------------- report types


def test_report_types_are_the_documented_ones() -> None:
    assert sorted(report_types()) == sorted(REPORT_TYPES)
    discriminator = SCHEMAS["RunReportRequest"]["discriminator"]
    assert discriminator["propertyName"] == "type"
    mapped = [resolve({"$ref": ref})[1] for ref in discriminator["mapping"].values()]
    assert sorted(REQUEST_VARIANTS) == sorted(mapped)
    assert sorted(REPORT_RESULT_BRANCHES) == sorted({response_schema_name(kind) for kind in REPORT_TYPES})


@pytest.mark.parametrize("report_type", REPORT_TYPES)
def test_report_type_has_request_and_response_schema(report_type: str) -> None:
    name = request_schema_name(report_type)
    assert name == f"{pascal(report_type)}Request"
    request = SCHEMAS[name]
    assert request["properties"]["type"]["enum"] == [report_type]
    assert request["additionalProperties"] is False
    assert {"type", "date_from", "date_to"} <= set(request["required"])
    for field in ("date_from", "date_to"):
        assert request["properties"][field]["format"] == "date-time"
    if report_type in NPS_TYPES:
        assert {"form", "nps_category"} <= set(request["required"])
    else:
        assert not {"form", "nps_category"} & set(request["properties"])
    expected = "ExportJob" if report_type in EXPORT_TYPES else f"{pascal(report_type)}Report"
    assert response_schema_name(report_type) == expected
    assert expected in SCHEMAS


@pytest.mark.parametrize("report_type", REPORT_TYPES)
def test_request_example_fits_exactly_its_own_variant(report_type: str) -> None:
    body = request_example(report_type)
    assert body["type"] == report_type
    assert errors(schema_validator("RunReportRequest"), body) == []
    assert fitting_variants(body) == [pointer("components", "schemas", request_schema_name(report_type))]


def ruled_out_bodies() -> list[tuple[str, Any]]:
    """Bodies the documents rule out, made from the spec's own request examples."""
    summary = request_example("summary")
    nps = request_example("nps_summary")
    return [
        ("unknown type", {**summary, "type": "summary_of_everything"}),
        ("missing type", without(summary, "type")),
        ("missing date_from", without(summary, "date_from")),
        ("missing date_to", without(summary, "date_to")),
        ("date_from not a date-time", {**summary, "date_from": "last April"}),
        ("extra unknown field", {**summary, "colour": "blue"}),
        ("form on a report that takes none", {**summary, "form": nps["form"]}),
        ("nps_summary without form", without(nps, "form")),
        ("nps_summary without nps_category", without(nps, "nps_category")),
        ("form not an integer", {**nps, "form": str(nps["form"])}),
        ("empty nps_category", {**nps, "nps_category": ""}),
        ("users not integer ids", {**summary, "users": ["Jane"]}),
        ("not an object", [summary]),
    ]


@pytest.mark.parametrize(("case", "body"), ruled_out_bodies(), ids=[case for case, _ in ruled_out_bodies()])
def test_ruled_out_body_fails(case: str, body: Any) -> None:
    assert errors(schema_validator("RunReportRequest"), body), case
    assert fitting_variants(body) == [], case


@pytest.mark.parametrize("report_type", REPORT_TYPES)
def test_report_example_fits_report_result_and_its_own_schema(report_type: str) -> None:
    body = report_example(report_type)
    own = response_schema_name(report_type)
    assert errors(schema_validator("ReportResult"), body) == []
    assert errors(schema_validator(own), body) == []
    # Clients that try the ReportResult branches in turn (openapi-python-client) land on the right one.
    first = next(name for name in REPORT_RESULT_BRANCHES if schema_validator(name).is_valid(body))
    assert first == own


def empty_report(name: str) -> Any:
    """The empty instance of report schema ``name`` ([] for arrays, {} for maps, empty series), or None."""
    schema, _ = resolve(SCHEMAS[name])
    if schema.get("type") == "array":
        return []
    required = schema.get("required", [])
    if not required and isinstance(schema.get("additionalProperties"), dict):
        return {}
    properties = schema.get("properties", {})
    if required and all(resolve(properties[field])[0].get("type") == "array" for field in required):
        return {field: [] for field in required}
    return None


EMPTY_REPORTS = [(name, body) for name in REPORT_RESULT_BRANCHES if (body := empty_report(name)) is not None]


def test_every_array_report_has_an_empty_case() -> None:
    arrays = {name for name in REPORT_RESULT_BRANCHES if SCHEMAS[name].get("type") == "array"}
    assert arrays
    assert arrays <= {name for name, _ in EMPTY_REPORTS}


@pytest.mark.parametrize(("name", "body"), EMPTY_REPORTS, ids=[name for name, _ in EMPTY_REPORTS])
def test_empty_report_is_valid(name: str, body: Any) -> None:
    assert errors(schema_validator(name), body) == []
    assert errors(schema_validator("ReportResult"), body) == []


# ----------------------------------------------------------------------------- errors


def test_error_statuses_on_every_operation() -> None:
    for path, method, op in operations():
        statuses = set(op["responses"])
        assert {"401", "404", "429"} <= statuses, f"{method} {path}"
        assert ("400" in statuses) == ((path, method) == RUN_REPORT), f"{method} {path}"
        headers = resolve(op["responses"]["429"])[0]["headers"]
        retry_after, _ = resolve(headers["Retry-After"])
        assert retry_after["schema"]["type"] == "integer", f"{method} {path}"


@pytest.mark.parametrize(("status", "error", "name"), DOCUMENTED_ERRORS)
def test_documented_error_is_a_named_example(status: str, error: str, name: str) -> None:
    for path, method, op in operations():
        if status not in op["responses"]:
            continue
        response, where = resolve(op["responses"][status])
        media = response["content"]["application/json"]
        example, _ = resolve(media["examples"][name])
        assert example["value"]["error"] == error, f"{method} {path}"
        assert errors(schema_validator("Error"), example["value"]) == []
        assert get_at(f"{where}/content/application~1json/schema") == {"$ref": "#/components/schemas/Error"}
