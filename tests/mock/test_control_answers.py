"""The control API's answers and time: report overrides (``/_mock/reports``), export job states
(``/_mock/exports``), the token's clock (``/_mock/clock``) and the journal's filters, over real
HTTP on 127.0.0.1. Export jobs here take 5 s on the token's clock, so only a moved clock (or a
control call) completes them within a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from mock_server.app import create_app
from mock_server.control_input import CONTROL_ERROR
from tests.support.mock_helpers import (
    AUTH,
    OTHER,
    OTHER_TOKEN,
    REPORTS,
    STATUS,
    TOKEN,
    assert_error,
    assert_fits,
    body,
    show,
)
from tests.support.servers import serve_in_thread
from tests.support.spec_tools import SPEC_PATH

EXPORT_DELAY = 5.0
APRIL = ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")
SUMMARY = body("summary", *APRIL)
CASES = body("case_details", *APRIL)


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    app = create_app(
        tokens=[TOKEN, OTHER_TOKEN], rate_limit="0", validate_responses=True, export_delay=EXPORT_DELAY
    )
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture
def http(root: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=root, timeout=10.0) as client:
        for headers in (AUTH, OTHER):
            assert client.post("/_mock/reset", headers=headers).status_code == 200
        yield client


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, show(response)
    return response.json()


def refused(response: httpx.Response, reason: str) -> None:
    assert_error(response, 400, CONTROL_ERROR)
    assert reason in response.json()["message"], show(response)


# ---------------------------------------------------------------------- report overrides
def test_an_override_answers_the_matching_request_and_only_it(http: httpx.Client) -> None:
    computed = ok(http.post(REPORTS, headers=AUTH, json=SUMMARY))
    pinned = {**computed, "total_volume": 12345, "total_responded_to": 678}
    # The same instant as the request's date_from, written in UTC.
    match = {"type": "summary", "date_from": "2018-03-31T13:00:00Z"}
    staged = ok(http.post("/_mock/reports", headers=AUTH, json={"match": match, "answer": pinned}), 201)
    assert staged["times"] is None
    assert ok(http.get("/_mock/reports", headers=AUTH)) == [staged]

    for _ in range(2):  # every matching request, until forgotten
        answered = ok(http.post(REPORTS, headers=AUTH, json=SUMMARY))
        assert answered == pinned
        assert_fits("SummaryReport", answered)
    may = body("summary", "2018-05-01T00:00:00+10:00", "2018-05-31T23:59:59+10:00")
    assert ok(http.post(REPORTS, headers=AUTH, json=may))["total_volume"] != 12345
    assert ok(http.post(REPORTS, headers=OTHER, json=SUMMARY)) == computed

    assert ok(http.delete("/_mock/reports", headers=AUTH)) == {"deleted": 1}
    assert ok(http.post(REPORTS, headers=AUTH, json=SUMMARY)) == computed


def test_an_override_with_times_is_used_up(http: httpx.Client) -> None:
    rows = [{"id": 1, "name": "Billing", "all_states": 1, "states": {}}]
    override = {"match": {"type": "workflow_states"}, "answer": [], "times": 1}
    ok(http.post("/_mock/reports", headers=AUTH, json=override), 201)
    request = body("workflow_states", *APRIL)
    assert ok(http.post(REPORTS, headers=AUTH, json=request)) == []
    assert ok(http.post(REPORTS, headers=AUTH, json=request)) != []
    assert ok(http.get("/_mock/reports", headers=AUTH)) == []
    assert rows  # the shape a user would pin; the empty list is the edge case


def test_the_request_is_still_checked_before_an_override_answers(http: httpx.Client) -> None:
    computed = ok(http.post(REPORTS, headers=AUTH, json=SUMMARY))
    ok(
        http.post("/_mock/reports", headers=AUTH, json={"match": {"type": "summary"}, "answer": computed}),
        201,
    )
    too_long = body("summary", "2018-01-01T00:00:00Z", "2019-06-01T00:00:00Z")
    assert_error(
        http.post(REPORTS, headers=AUTH, json=too_long), 400, "Invalid report - date range is too long"
    )
    assert_error(http.post(REPORTS, json=SUMMARY), 401, "Unauthorized")


BAD_OVERRIDES: list[tuple[Any, str]] = [
    ({"match": {"type": "summary"}, "answer": {"total_volume": "many"}}, "SummaryReport"),
    ({"match": {"type": "summary"}, "answer": []}, "must be object"),
    ({"match": {"type": "summary"}}, "answer is required"),
    ({"match": {"date_from": "2018-04-01T00:00:00Z"}, "answer": {}}, "naming at least the report type"),
    ({"match": {"type": "weekly"}, "answer": {}}, "type must be one of"),
    ({"match": {"type": "summary", "colour": 1}, "answer": {}}, "does not have"),
    ({"match": {"type": "summary"}, "answer": {}, "times": 0}, "times must be between"),
    ({"match": {"type": "summary"}, "answer": {}, "extra": 1}, "Unknown field"),
    ("summary", "JSON object"),
]


@pytest.mark.parametrize(("payload", "reason"), BAD_OVERRIDES)
def test_a_bad_override_is_refused_with_the_reason(http: httpx.Client, payload: Any, reason: str) -> None:
    refused(http.post("/_mock/reports", headers=AUTH, json=payload), reason)
    assert ok(http.get("/_mock/reports", headers=AUTH)) == []


# ---------------------------------------------------------------------- the clock
def test_a_frozen_clock_moves_the_future_date_rule(http: httpx.Client) -> None:
    clock = ok(
        http.post("/_mock/clock", headers=AUTH, json={"now": "2018-05-01T00:00:00+10:00", "frozen": True})
    )
    assert clock == {"now": "2018-04-30T14:00:00Z", "frozen": True, "set": True}
    june = body("summary", "2018-06-01T00:00:00Z", "2018-06-30T00:00:00Z")
    future = http.post(REPORTS, headers=AUTH, json=june)
    assert_error(future, 400, "Invalid report - starting date is a future date")
    ok(http.post(REPORTS, headers=AUTH, json=SUMMARY))
    ok(http.post(REPORTS, headers=OTHER, json=june))  # another token keeps real time

    assert ok(http.post("/_mock/clock", headers=AUTH, json={"advance": 32 * 86_400}))["now"] == (
        "2018-06-01T14:00:00Z"
    )
    ok(http.post(REPORTS, headers=AUTH, json=june))
    assert ok(http.get("/_mock/clock", headers=AUTH))["frozen"] is True

    real = ok(http.delete("/_mock/clock", headers=AUTH))
    assert real["set"] is False
    assert real["frozen"] is False
    assert real["now"] > "2026"


def test_export_timing_follows_the_clock(http: httpx.Client) -> None:
    ok(http.post("/_mock/clock", headers=AUTH, json={"frozen": True}))
    job = ok(http.post(REPORTS, headers=AUTH, json=CASES))
    assert job["status"] == "pending"
    poll = {"token": job["token"]}
    assert ok(http.get(STATUS, headers=AUTH, params=poll))["status"] == "pending"
    ok(http.post("/_mock/clock", headers=AUTH, json={"advance": EXPORT_DELAY - 1}))
    assert ok(http.get(STATUS, headers=AUTH, params=poll))["status"] == "pending"
    ok(http.post("/_mock/clock", headers=AUTH, json={"advance": 1}))
    done = ok(http.get(STATUS, headers=AUTH, params=poll))
    assert done["status"] == "complete"
    csv = http.get(done["url"])
    assert csv.status_code == 200, show(csv)
    assert csv.text.startswith("case_id,")


BAD_CLOCKS: list[tuple[Any, str]] = [
    ({}, "Give now"),
    ({"now": "2018-05-01"}, "RFC 3339"),
    ({"now": "2018-05-01T00:00:00"}, "UTC offset"),
    ({"now": 1525132800}, "RFC 3339"),
    ({"now": "1960-01-01T00:00:00Z"}, "between 1970"),
    ({"advance": "1h"}, "number of seconds"),
    ({"advance": 1e12}, "advance must be between"),
    ({"frozen": "yes"}, "true or false"),
    ({"now": "2018-05-01T00:00:00Z", "advance": 5}, "either now or advance"),
    ({"now": "2018-05-01T00:00:00Z", "speed": 2}, "Unknown field"),
]


@pytest.mark.parametrize(("payload", "reason"), BAD_CLOCKS)
def test_bad_clock_input_is_refused_and_changes_nothing(
    http: httpx.Client, payload: Any, reason: str
) -> None:
    refused(http.post("/_mock/clock", headers=AUTH, json=payload), reason)
    assert ok(http.get("/_mock/clock", headers=AUTH))["set"] is False


# ---------------------------------------------------------------------- export states
def test_a_planned_pending_export_stays_pending_until_released(http: httpx.Client) -> None:
    plan = ok(
        http.post("/_mock/exports", headers=AUTH, json={"state": "pending", "report_type": "case_details"}),
        201,
    )
    assert plan["times"] == 1
    other_type = ok(http.post(REPORTS, headers=AUTH, json=body("mention_sla_export", *APRIL)))
    job = ok(http.post(REPORTS, headers=AUTH, json=CASES))
    ok(http.post("/_mock/clock", headers=AUTH, json={"advance": 3600}))
    poll = {"token": job["token"]}
    assert ok(http.get(STATUS, headers=AUTH, params=poll))["status"] == "pending"
    assert ok(http.get(STATUS, headers=AUTH, params={"token": other_type["token"]}))["status"] == "complete"
    listed = ok(http.get("/_mock/exports", headers=AUTH))
    assert listed["planned"] == []
    assert {(j["report_type"], j["status"]) for j in listed["jobs"]} == {
        ("mention_sla_export", "complete"),
        ("case_details", "pending"),
    }

    completed = ok(
        http.post("/_mock/exports", headers=AUTH, json={"job": job["token"], "state": "complete"}), 201
    )
    assert completed["status"] == "complete"
    done = ok(http.get(STATUS, headers=AUTH, params=poll))
    assert done["status"] == "complete"
    assert http.get(done["url"]).status_code == 200


def test_an_existing_job_is_kept_pending_and_released(http: httpx.Client) -> None:
    job = ok(http.post(REPORTS, headers=AUTH, json=CASES))
    ok(http.post("/_mock/exports", headers=AUTH, json={"job": job["token"], "state": "pending"}), 201)
    ok(http.post("/_mock/clock", headers=AUTH, json={"advance": 3600}))
    poll = {"token": job["token"]}
    assert ok(http.get(STATUS, headers=AUTH, params=poll))["status"] == "pending"
    assert ok(http.delete("/_mock/exports", headers=AUTH)) == {"deleted": 0, "released": 1}
    assert ok(http.get(STATUS, headers=AUTH, params=poll))["status"] == "complete"


def test_export_control_refuses_bad_input_and_other_tokens_jobs(http: httpx.Client) -> None:
    theirs = ok(http.post(REPORTS, headers=OTHER, json=CASES))
    refused(
        http.post("/_mock/exports", headers=AUTH, json={"job": theirs["token"], "state": "pending"}),
        "no export job",
    )
    refused(http.post("/_mock/exports", headers=AUTH, json={"state": "complete"}), "existing job")
    refused(http.post("/_mock/exports", headers=AUTH, json={"state": "done"}), "state must be one of")
    refused(
        http.post("/_mock/exports", headers=AUTH, json={"state": "pending", "report_type": "summary"}),
        "report_type must be one of",
    )
    refused(
        http.post(
            "/_mock/exports", headers=AUTH, json={"job": theirs["token"], "state": "pending", "times": 2}
        ),
        "either job",
    )
    assert ok(http.get("/_mock/exports", headers=AUTH)) == {"jobs": [], "planned": []}
    assert ok(http.get(STATUS, headers=OTHER, params={"token": theirs["token"]}))["status"] == "pending"


def spec_variant(tmp_path: Path, status_schema: dict[str, Any]) -> Path:
    document = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    document["components"]["schemas"]["ExportJob"]["properties"]["status"] = status_schema
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_failed_export_is_answered_where_the_spec_allows_one(tmp_path: Path) -> None:
    open_status = spec_variant(
        tmp_path, {"type": "string", "description": "pending, complete or another value"}
    )
    with (
        serve_in_thread(create_app(spec=open_status, validate_responses=True)) as url,
        httpx.Client(base_url=url) as http,
    ):
        ok(http.post("/_mock/exports", headers=AUTH, json={"state": "failed"}), 201)
        job = ok(http.post(REPORTS, headers=AUTH, json=CASES))
        failed = ok(http.get(STATUS, headers=AUTH, params={"token": job["token"]}))
        assert failed == {"status": "failed", "url": None, "token": job["token"]}
        missing = http.get(f"/_mock/exports/{job['token']}.csv")
        assert_error(missing, 404, "Not found")


def test_a_failed_state_is_refused_when_the_spec_allows_no_such_status(tmp_path: Path) -> None:
    closed = spec_variant(tmp_path, {"type": "string", "enum": ["pending", "complete"]})
    with serve_in_thread(create_app(spec=closed)) as url, httpx.Client(base_url=url) as http:
        refused(http.post("/_mock/exports", headers=AUTH, json={"state": "failed"}), "ExportJob")
        assert ok(http.get("/_mock/exports", headers=AUTH))["planned"] == []


# ---------------------------------------------------------------------- journal filters
def test_the_journal_names_operations_and_filters_by_them(http: httpx.Client) -> None:
    http.get("/v1/users", headers=AUTH)
    http.post(REPORTS, headers=AUTH, json=SUMMARY)
    http.post(REPORTS, headers=AUTH, json=body("user_summary", *APRIL))
    http.post(REPORTS, headers=AUTH, json={"type": "summary"})
    entries = ok(http.get("/_mock/journal", headers=AUTH))
    assert [(e["operation"], e["report_type"], e["status"]) for e in entries] == [
        ("listUsers", None, 200),
        ("runReport", "summary", 200),
        ("runReport", "user_summary", 200),
        ("runReport", "summary", 404),
    ]
    summaries = ok(
        http.get("/_mock/journal", headers=AUTH, params={"report_type": "summary", "status": "200"})
    )
    assert [e["body"] for e in summaries] == [SUMMARY]
    assert len(ok(http.get("/_mock/journal", headers=AUTH, params={"operation": "runReport"}))) == 3
    assert ok(http.get("/_mock/journal", headers=AUTH, params={"method": "DELETE"})) == []
    refused(http.get("/_mock/journal", headers=AUTH, params={"colour": "red"}), "Unknown journal filter")
    refused(http.get("/_mock/journal", headers=AUTH, params={"status": "ok"}), "status must be a number")
