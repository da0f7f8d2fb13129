"""openapi.yaml against the source documents, one resolved slip or choice at a time.

Each test holds one decision that the spec's list of resolved slips (``info.description``) states."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any

from tests.support.spec_tools import (
    SPEC_PATH,
    errors,
    get_at,
    load_spec,
    operation,
    pointer,
    report_example,
    schema_validator,
)
from tests.support.strict_spec import strict_document, strict_validator

SPEC = load_spec()
SPEC_TEXT = SPEC_PATH.read_text(encoding="utf-8")
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
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
