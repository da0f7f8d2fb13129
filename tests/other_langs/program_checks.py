"""What every language's test program must show (its one JSON object on stdout).

The programs (tests/other_langs/<lang>/) call all 5 operations and all 15 report types through the
kit's typed layer, wait for and download the 3 exports, and meet a real 400, 401, 404 and 429; for each
answer they print the body as received (`raw`) and the decoded value serialised again (`decoded`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx

from tests.support.mock_helpers import OTHER_TOKEN
from tests.support.spec_tools import errors, operations, report_types, response_schema_name, schema_validator

# The schema each call's answer must fit: operations by name, reports by their x-lexer-response.
OPERATION_ANSWERS = {
    "listUsers": "User",
    "listGroups": "Group",
    "listForms": "Form",
    "getReportStatus": "ExportJob",
}
EXPECTED_ERRORS = {
    "400": "Invalid report - date range is too long",
    "401": "Unauthorized - api token not matching",
    "404": "Not found",
    "429": "Rate limited exceeded",
}


def exact(text: str) -> Any:
    """JSON with every number as a Decimal: `26.119402985074625` stays itself, `5.0` equals `5`."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def reset(root: str) -> None:
    """Forget every token's rate-limit count, export jobs and journal (each program run starts afresh)."""
    httpx.post(f"{root}/_mock/reset", timeout=10).raise_for_status()


def check_tolerant(output: str) -> None:
    """Through the extra-fields proxy: every answer still decodes, and re-serialises to exactly the
    JSON received, the field the spec does not know included."""
    result = json.loads(output)
    assert result["calls"]
    for call in result["calls"]:
        assert "added_by_api" in call["raw"], call["name"]
        assert exact(call["decoded"]) == exact(call["raw"]), call["name"]
    assert set(report_types()) <= {call["name"] for call in result["calls"]}
    for status, error in EXPECTED_ERRORS.items():
        assert result["errors"][status]["body"]["error"] == error


def check(output: str, root: str) -> dict[str, Any]:
    """Every assertion on a program's output; returns the parsed output."""
    result: dict[str, Any] = json.loads(output)
    types = report_types()
    assert result["report_types"] == types
    assert len(types) == 15

    calls = result["calls"]
    names = {call["name"] for call in calls}
    operation_ids = {op["operationId"] for _, _, op in operations()}
    assert operation_ids - {"runReport"} <= names, names
    assert set(types) <= names, set(types) - names
    for call in calls:
        name, raw = call["name"], call["raw"]
        assert raw, name
        # The decoded value, serialised again, is exactly the JSON received: no field lost, no digit.
        assert exact(call["decoded"]) == exact(raw), name
        answer = json.loads(raw)
        if name in OPERATION_ANSWERS:
            items = answer if isinstance(answer, list) else [answer]
            assert items, name
            validator = schema_validator(OPERATION_ANSWERS[name])
            for item in items:
                assert not errors(validator, item), (name, errors(validator, item))
        else:
            assert not errors(schema_validator(response_schema_name(name)), answer), name

    exports = result["exports"]
    export_types = [t for t in types if response_schema_name(t) == "ExportJob"]
    assert [e["type"] for e in exports] == export_types
    for export in exports:
        assert export["first_status"] == "pending", export["type"]
        assert export["polls"] >= 1
        csv = httpx.get(export["url"], timeout=30).text
        assert export["csv"] == csv, export["type"]
        assert len(csv.splitlines()) >= 2, export["type"]  # a header and at least one row
    assert result["status"]["status"] == "complete"

    seen = result["errors"]
    assert set(seen) == set(EXPECTED_ERRORS)
    for status, error in EXPECTED_ERRORS.items():
        assert seen[status]["status"] == int(status)
        assert seen[status]["body"]["error"] == error, status
        assert seen[status]["body"] == json.loads(seen[status]["raw"])
        assert seen[status]["body"]["message"]
    assert seen["429"]["retry_after"] >= 1
    for status in ("400", "401", "404"):
        assert seen[status]["retry_after"] is None

    # The wait for an export of the exhausted token met the 429, waited its Retry-After, then finished.
    events = result["wait_after_429"]["events"]
    assert events[0]["status"] == 429
    assert events[0]["wait_ms"] >= 1000
    assert events[-1]["job_status"] == "complete"
    assert result["wait_after_429"]["status"] == "complete"
    journal = httpx.get(f"{root}/_mock/journal", headers={"Auth-Api-Token": OTHER_TOKEN}, timeout=10).json()
    assert any(entry["status"] == 429 for entry in journal)
    return result
