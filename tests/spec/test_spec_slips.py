"""openapi.yaml against the source documents, one resolved slip or choice at a time.

Each test holds one decision that the spec's list of resolved slips (``info.description``) states."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from tests.support.spec_tools import (
    SPEC_PATH,
    errors,
    get_at,
    load_spec,
    operation,
    pointer,
    report_example,
    report_types,
    request_example,
    schema_validator,
)
from tests.support.strict_spec import strict_document, strict_validator

SPEC = load_spec()
SPEC_TEXT = SPEC_PATH.read_text(encoding="utf-8")
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
STATUS_200 = pointer(
    "paths", "/activity/reports/status", "get", "responses", "200", "content", "application/json"
)
USERS_200 = pointer("paths", "/users", "get", "responses", "200", "content", "application/json")
SLIPS = SPEC["info"]["description"].split("## Where this contract resolves slips", 1)[1]

# Fields the documents print with fractions (or, for gmtoffset, whose values can be fractional).
FRACTIONAL_NAMES = frozenset(
    {
        "gmtoffset",
        "nps_score",
        "agent_interactions",
        "agents_involved",
        "first_reply_time",
        "resolution_time",
        "median_first_reply_time",
        "median_resolution_time",
    }
)


def number_fields(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema of type number or integer in ``node``, with its JSON pointer."""
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            yield where, node
        for key, value in node.items():
            yield from number_fields(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from number_fields(value, f"{where}/{index}")


def field_name(where: str) -> str:
    parts = where.split("/")
    return parts[-2] if parts[-1] == "items" else parts[-1]


def is_fractional(where: str) -> bool:
    name = field_name(where)
    return (
        name in FRACTIONAL_NAMES
        or "response_time" in name
        or name.startswith("fraction_")
        or where.endswith("/ResponseVolumePoint/properties/value")
    )


def test_every_fractional_figure_is_a_double_and_every_count_an_integer() -> None:
    fields = list(number_fields(SPEC["components"]))
    # 33 written in openapi.yaml; NPS Summary's nps_score is shared with the NPS Volume rows by a YAML anchor.
    assert SPEC_TEXT.count("type: number") == 33
    assert sum(schema["type"] == "number" for _, schema in fields) == 34
    for where, schema in fields:
        if is_fractional(where):
            assert schema == {**schema, "type": "number", "format": "double"}, where
        else:
            assert schema["type"] == "integer", where


def test_number_types_are_a_listed_choice() -> None:
    assert "**Number types.**" in SLIPS
    for name in ("gmtoffset", "agent_interactions", "nps_score", "format: double"):
        assert name in SLIPS, name


# ----------------------------------------------------------------------------- tolerant answers, strict mock


def test_answers_tolerate_what_the_sources_leave_open() -> None:
    summary_000 = {key: value for key, value in report_example("summary").items() if "median" not in key}
    case_draft = {key: value for key, value in report_example("case_summary").items() if "median" not in key}
    failed_job = {"status": "failed", "url": None, "token": "t"}
    never_signed_in = {**get_at(f"{USERS_200}/examples/users/value/0"), "last_sign_in_at": None}
    extra_field = {**report_example("nps_summary"), "response_rate": 0.75}
    for name, instance in (
        ("SummaryReport", summary_000),
        ("CaseSummaryReport", case_draft),
        ("ExportJob", failed_job),
        ("User", never_signed_in),
        ("NpsSummaryReport", extra_field),
    ):
        assert errors(schema_validator(name), instance) == [], name
        # The strict edition the mock's answers are held to refuses each of them.
        if name != "User":
            assert errors(strict_validator(name), instance), name
    assert errors(schema_validator("ReportResult"), summary_000) == []
    # Open strings, no closed enums: generated clients accept values the documents do not list.
    assert "enum" not in SCHEMAS["ExportJob"]["properties"]["status"]
    assert SCHEMAS["ExportJob"]["properties"]["status"]["x-extensible-enum"] == ["pending", "complete"]
    assert "enum" not in SCHEMAS["NpsCategory"]
    assert SCHEMAS["NpsCategory"]["x-extensible-enum"][0] == "all"
    assert errors(schema_validator("NpsCategory"), "fans") == []
    assert SCHEMAS["User"]["properties"]["last_sign_in_at"]["nullable"] is True


def test_strict_edition_requires_every_documented_field() -> None:
    for name, schema in SCHEMAS.items():
        properties = schema.get("properties")
        if not properties:
            continue
        strict = strict_document()["components"]["schemas"][name]
        assert set(strict["required"]) == set(properties), name


# ----------------------------------------------------------------------------- Schemathesis as users run it


def test_schemathesis_config_at_the_root_allows_only_documented_answers() -> None:
    config = tomllib.loads((SPEC_PATH.parent / "schemathesis.toml").read_text(encoding="utf-8"))
    (run_report,) = config["operations"]
    assert run_report["include-operation-id"] == "runReport"
    expected = run_report["checks"]["positive_data_acceptance"]["expected-statuses"]
    documented = set(operation("/activity/reports", "post")["responses"])
    assert "400" in expected  # the 12-month and future-start rules JSON Schema cannot state
    assert set(expected) - {"2xx"} <= documented


# ----------------------------------------------------------------------------- one test per resolved item

STATUS = ("/activity/reports/status", "get")
# The Responses CSV columns as Lexer's export draft lists them (2018-11-23), "Reponse" included.
DRAFT_MENTION_COLUMNS = [
    "Account Name", "Source Type", "Agent First Name", "Agent Last Name", "Last Action Date (UTC)",
    "Customer Wait Time (min)", "In Queue (min)", "Agent Response Time (min)", "Within Customer SLA",
    "Within Agent SLA", "State", "Customer Publish Date (UTC)", "Customer Username", "Customer Fullname",
    "Customer Message", "Agent Reponse Date (UTC)", "Agent Response", "Classifications", "Agent Notes",
    "Customer Note",
]  # fmt: skip


def slip(title: str) -> str:
    """The text of the resolved slip whose bold title is ``title``."""
    start = SLIPS.index(f"- **{title}**")
    end = SLIPS.find("\n    - **", start + 1)
    return " ".join(SLIPS[start : end if end > 0 else None].split())


def test_status_host_is_the_documents_first_and_each_alternative_says_its_source() -> None:
    servers = operation(*STATUS)["servers"]
    assert servers[0]["url"] == "https://clients.lexer.io/api/public/v1"
    assert "documentation" in servers[0]["description"]
    assert servers[1]["url"] == SPEC["servers"][0]["url"] == "https://api.lexer.io/v1"
    assert "export draft" in servers[1]["description"]
    assert "clients.lexer.io" in slip("Status host.")
    assert "export draft" in slip("Status host.")
    # The draft's ?status= form is not an operation of the contract, and the slip says so.
    assert "get" not in SPEC["paths"]["/activity/reports"]
    assert "?status=<token>" in slip("Status by `?status=`.")
    assert "GET /activity/reports/status?token=<token>" in slip("Status by `?status=`.")


def test_claims_found_in_no_source_are_marked_and_required_nowhere() -> None:
    responses = SPEC["components"]["responses"]
    retry_after = responses["RateLimited"]["headers"]["Retry-After"]
    assert retry_after["x-lexer-inferred"] is True
    assert retry_after["required"] is False
    assert "no source" in retry_after["description"]
    assert SCHEMAS["Error"]["x-lexer-inferred"] is True
    assert SCHEMAS["Error"]["required"] == ["error"]
    assert responses["NotFound"]["x-lexer-inferred"] is True
    assert responses["PayloadTooLarge"]["x-lexer-inferred"] is True
    assert SPEC["info"]["contact"]["x-lexer-inferred"] is True
    assert SPEC["info"]["license"]["x-lexer-inferred"] is True
    for claim in ("`Retry-After`", "{error, message}", "`404 Not found`", "`413`", "contact and licence"):
        assert claim in slip("Stated in no source."), claim
    # The contract speaks of the API only: no server implementation's settings.
    for word in ("mock", "--max-body", "connexion", "prism"):
        assert word not in SPEC_TEXT.lower(), word
    # Every x-lexer-inferred mark that can carry a sentence carries one saying so.
    for where, node in marked(SPEC):
        if where.startswith("/info/"):
            continue
        assert "inferred" in node.get("description", "").lower(), where


def marked(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("x-lexer-inferred") is True:
            yield where, node
        for key, value in node.items():
            yield from marked(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from marked(value, f"{where}/{index}")


def test_units_and_buckets_are_chosen_openly() -> None:
    value = SCHEMAS["ResponseVolumePoint"]["properties"]["value"]
    assert "in seconds" in value["description"]
    assert "seconds" in slip("Response Time unit.")
    assert "317691.388907962" in slip("Response Time unit.")
    hourly = slip("Hourly points.")
    for phrase in ("less than 4 days", "3 days or less", "shorter than 4 days", "Case Volume", "NPS Volume"):
        assert phrase in hourly, phrase
    assert "one point per day" in SCHEMAS["CaseVolumeReport"]["description"]
    assert "hourly" not in SCHEMAS["CaseVolumeReport"]["description"].replace("no hourly rule", "")


def test_nps_volume_rule_produces_the_documents_example() -> None:
    request = request_example("nps_volume")
    first = report_example("nps_volume")[0]
    start = datetime.fromisoformat(request["date_from"])
    # The stated rule: a row is labelled with the end of its day (the next midnight in date_from's offset).
    end = start.replace(hour=0, minute=0, second=0) + timedelta(days=1)
    assert first["date"] == end.astimezone(UTC).isoformat() == "2018-04-01T13:00:00+00:00"
    assert first["timestamp"] == int(end.timestamp()) == 1522587600
    assert "end of the day" in SCHEMAS["NpsVolumeRow"]["properties"]["date"]["description"]
    assert "the instant the day ends" in slip("NPS Volume dates.")


def test_csv_columns_are_the_export_drafts_and_the_others_are_said_to_be_unlisted() -> None:
    assert SCHEMAS["MentionSlaExportRequest"]["x-lexer-csv-columns"] == DRAFT_MENTION_COLUMNS
    for name in ("CaseDetailsRequest", "NpsSubmissionsRequest"):
        assert "x-lexer-csv-columns" not in SCHEMAS[name]
        assert "No source lists the columns" in SCHEMAS[name]["description"], name
    assert "storage link without a `.csv`" in slip("Export file location.")
    complete = get_at(f"{STATUS_200}/examples/complete/value")
    assert not complete["url"].endswith(".csv")


def test_date_times_without_seconds_are_decided() -> None:
    decision = slip("Date-times without seconds.")
    assert "2018-10-01T00%3A00Z" in decision
    assert "`404 Not found`" in decision
    date_from = SCHEMAS["SummaryRequest"]["properties"]["date_from"]
    assert date_from["format"] == "date-time"
    assert "with seconds" in date_from["description"]
    assert errors(
        schema_validator("SummaryRequest"), {**request_example("summary"), "date_from": "2018-10-01T00:00Z"}
    )


def test_rate_limits_of_every_source_are_recorded() -> None:
    text = " ".join(SPEC["info"]["description"].split())
    assert "**100 requests per 5 minutes per API token**" in text
    for phrase in (
        "10 requests per second per API key (2022)",
        "limits per minute (2024)",
        "5 active API tokens",
    ):
        assert phrase in text, phrase


def test_silent_fixes_of_the_tables_are_listed() -> None:
    fixes = slip("Fixes of the documentation's tables.")
    for phrase in ('"array"', '"String"', "is the minimum", 'read "type"', '"Date"', "unclosed quote"):
        assert phrase in fixes, phrase


def test_workflow_states_curl_is_explained_where_it_is_read() -> None:
    example = get_at(
        pointer("paths", "/activity/reports", "post", "requestBody", "content", "application/json")
    )
    described = example["examples"]["workflow_states"]["description"]
    assert '"type": "user_volume"' in described
    assert "Team Volume" in described
    assert "Team Volume rows" in SCHEMAS["WorkflowStatesRequest"]["description"]
    assert "Team Volume rows" in slip("Workflow States report type.")


def test_operation_servers_are_base_paths_the_api_also_serves() -> None:
    # The mock's Swagger UI points each operation server at its own mount of the same base path.
    paths = {urlparse(server["url"]).path for server in operation(*STATUS)["servers"]}
    assert paths == {"/api/public/v1", urlparse(SPEC["servers"][0]["url"]).path}


def test_every_report_type_has_its_own_named_answer_example() -> None:
    # make prism picks the answer example named by the request's type.
    answer = get_at(
        pointer("paths", "/activity/reports", "post", "responses", "200", "content", "application/json")
    )
    assert set(answer["examples"]) == set(report_types())
