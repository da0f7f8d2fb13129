"""The runtime control API's staged faults (``/_mock/faults``), over real HTTP on 127.0.0.1.

One mock per module, served by uvicorn in a thread as ``python -m mock_server`` serves it; every
test starts from a reset of its token. Faults are scoped to the token that staged them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mock_server.app import create_app
from mock_server.control_input import CONTROL_ERROR
from tests.support.mock_helpers import (
    AUTH,
    OTHER,
    OTHER_TOKEN,
    REPORTS,
    TOKEN,
    assert_error,
    assert_fits,
    body,
    show,
)
from tests.support.servers import serve_in_thread

SUMMARY = body("summary", "2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")
USER_SUMMARY = body("user_summary", "2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    app = create_app(tokens=[TOKEN, OTHER_TOKEN], rate_limit="50/60", validate_responses=True, export_delay=0)
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture
def http(root: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=root, timeout=10.0) as client:
        for headers in (AUTH, OTHER):
            assert client.post("/_mock/reset", headers=headers).status_code == 200
        yield client


def stage(http: httpx.Client, headers: dict[str, str] = AUTH, **fault: Any) -> dict[str, Any]:
    response = http.post("/_mock/faults", headers=headers, json=fault)
    assert response.status_code == 201, show(response)
    staged: dict[str, Any] = response.json()
    return staged


def pending(http: httpx.Client, headers: dict[str, str] = AUTH) -> list[dict[str, Any]]:
    response = http.get("/_mock/faults", headers=headers)
    assert response.status_code == 200, show(response)
    found: list[dict[str, Any]] = response.json()
    return found


def test_a_staged_429_answers_the_documented_body_once(http: httpx.Client) -> None:
    staged = stage(http, operation="listUsers", status=429)
    assert staged["id"] >= 1
    assert staged["times"] == 1
    assert staged["retry_after"] == 60  # the rate limit's window (this mock: 50/60)
    assert pending(http) == [staged]

    limited = http.get("/v1/users", headers=AUTH)
    assert_error(limited, 429, "Rate limited exceeded")
    assert limited.json() == {"error": "Rate limited exceeded", "message": "You're making too many requests."}
    assert limited.headers["retry-after"] == "60"

    after = http.get("/v1/users", headers=AUTH)
    assert after.status_code == 200, show(after)
    assert pending(http) == []


def test_times_counts_down_and_report_type_narrows_the_match(http: httpx.Client) -> None:
    stage(http, operation="runReport", report_type="summary", status=500, times=2)
    other_type = http.post(REPORTS, headers=AUTH, json=USER_SUMMARY)
    assert other_type.status_code == 200, show(other_type)
    assert other_type.json() != []

    first = http.post(REPORTS, headers=AUTH, json=SUMMARY)
    assert_error(first, 500, "Internal server error")
    assert pending(http)[0]["times"] == 1
    assert_error(http.post(REPORTS, headers=AUTH, json=SUMMARY), 500, "Internal server error")

    answered = http.post(REPORTS, headers=AUTH, json=SUMMARY)
    assert answered.status_code == 200, show(answered)
    assert_fits("SummaryReport", answered.json(), answered)


def test_a_given_body_and_retry_after_are_answered_exactly(http: httpx.Client) -> None:
    error = {"error": "Service unavailable", "message": "Down for maintenance."}
    stage(http, operation="listForms", status=503, body=error, retry_after=7)
    answer = http.get("/v1/forms", headers=AUTH)
    assert answer.status_code == 503
    assert answer.json() == error
    assert answer.headers["retry-after"] == "7"


def test_each_documented_status_answers_its_documented_body(http: httpx.Client) -> None:
    expected = {
        400: "Invalid report - invalid type",
        401: "Unauthorized",
        404: "Not found",
        413: "Payload too large",
        429: "Rate limited exceeded",
    }
    for status, error in expected.items():
        stage(http, operation="runReport", status=status)
        assert_error(http.post(REPORTS, headers=AUTH, json=SUMMARY), status, error)


def test_faults_belong_to_the_token_that_staged_them(http: httpx.Client) -> None:
    stage(http, headers=OTHER, operation="listGroups", status=500)
    mine = http.get("/v1/groups", headers=AUTH)
    assert mine.status_code == 200, show(mine)
    assert pending(http) == []
    assert len(pending(http, OTHER)) == 1
    assert_error(http.get("/v1/groups", headers=OTHER), 500, "Internal server error")


def test_a_dropped_connection_gets_no_answer_and_the_server_serves_on(http: httpx.Client) -> None:
    stage(http, operation="listUsers", fault="drop")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        http.get("/v1/users", headers=AUTH)
    assert http.get("/v1/users", headers=AUTH).status_code == 200
    journal = http.get("/_mock/journal", headers=AUTH).json()
    assert [(e["path"], e["status"], e.get("fault")) for e in journal] == [
        ("/v1/users", None, "drop"),
        ("/v1/users", 200, None),
    ]


def test_a_truncated_body_ends_before_its_content_length(http: httpx.Client) -> None:
    stage(http, operation="runReport", fault="truncate")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        http.post(REPORTS, headers=AUTH, json=SUMMARY)
    whole = http.post(REPORTS, headers=AUTH, json=SUMMARY)
    assert whole.status_code == 200, show(whole)
    journal = http.get("/_mock/journal", headers=AUTH).json()
    assert [(e["status"], e.get("fault"), e["body"]) for e in journal] == [
        (200, "truncate", SUMMARY),
        (200, None, SUMMARY),
    ]


def test_a_delay_outlasts_a_short_client_timeout(http: httpx.Client) -> None:
    stage(http, operation="listUsers", delay=3)
    with pytest.raises(httpx.ReadTimeout):
        http.get("/v1/users", headers=AUTH, timeout=0.2)
    assert http.get("/v1/users", headers=AUTH).status_code == 200


def test_faulted_requests_are_not_counted_against_the_rate_limit(http: httpx.Client) -> None:
    stage(http, operation="listUsers", status=500, times=60)
    for _ in range(60):
        assert http.get("/v1/users", headers=AUTH).status_code == 500
    assert http.get("/v1/users", headers=AUTH).status_code == 200


def test_delete_and_reset_forget_the_callers_faults(http: httpx.Client) -> None:
    stage(http, operation="listUsers", status=500)
    stage(http, operation="listGroups", status=500)
    stage(http, headers=OTHER, operation="listUsers", status=500)
    deleted = http.delete("/_mock/faults", headers=AUTH)
    assert deleted.status_code == 200
    assert deleted.json() == {"deleted": 2}
    assert pending(http) == []
    assert len(pending(http, OTHER)) == 1
    assert http.post("/_mock/reset", headers=OTHER).status_code == 200
    assert pending(http, OTHER) == []


BAD_FAULTS: list[tuple[Any, str]] = [
    ([1], "JSON object"),
    ({}, "operation must be one of"),
    ({"operation": "deleteUsers", "status": 500}, "operation must be one of"),
    ({"operation": "listUsers", "status": 500, "colour": "red"}, "Unknown field"),
    ({"operation": "listUsers", "report_type": "summary", "status": 500}, "only for operation runReport"),
    ({"operation": "runReport", "report_type": "weekly", "status": 500}, "report_type must be one of"),
    ({"operation": "listUsers", "status": 500, "times": 0}, "times must be between"),
    ({"operation": "listUsers", "status": 500, "times": "2"}, "times must be a whole number"),
    ({"operation": "listUsers", "status": 500, "times": True}, "times must be a whole number"),
    ({"operation": "listUsers", "status": 418}, "status must be one listUsers documents"),
    ({"operation": "listUsers", "status": 400}, "status must be one listUsers documents"),
    ({"operation": "listUsers", "status": 500, "fault": "drop"}, "either status or fault"),
    ({"operation": "listUsers", "fault": "explode"}, "fault must be one of"),
    ({"operation": "listUsers"}, "Give a status"),
    ({"operation": "listUsers", "status": 500, "body": {"error": "x"}}, "Error shape"),
    ({"operation": "listUsers", "status": 500, "body": {"error": 1, "message": "m"}}, "must be string"),
    ({"operation": "listUsers", "body": {"error": "e", "message": "m"}}, "need a status"),
    ({"operation": "listUsers", "delay": -1}, "delay must be between"),
    ({"operation": "listUsers", "delay": 1e9}, "delay must be between"),
    ({"operation": "listUsers", "status": 429, "retry_after": -1}, "retry_after must be between"),
]


@pytest.mark.parametrize(("payload", "reason"), BAD_FAULTS)
def test_bad_fault_input_is_a_400_naming_the_problem_and_stores_nothing(
    http: httpx.Client, payload: Any, reason: str
) -> None:
    answer = http.post("/_mock/faults", headers=AUTH, json=payload)
    assert_error(answer, 400, CONTROL_ERROR)
    assert reason in answer.json()["message"], show(answer)
    assert pending(http) == []


def test_a_body_that_is_not_json_is_a_400(http: httpx.Client) -> None:
    answer = http.post("/_mock/faults", headers=AUTH, content=b"{operation")
    assert_error(answer, 400, CONTROL_ERROR)
    assert "not JSON" in answer.json()["message"]


def test_control_needs_a_token_the_mock_accepts(http: httpx.Client) -> None:
    fault = {"operation": "listUsers", "status": 500}
    assert_error(http.post("/_mock/faults", json=fault), 401, "Unauthorized")
    unknown = {"Auth-Api-Token": "not-a-token"}
    assert_error(
        http.post("/_mock/faults", headers=unknown, json=fault), 401, "Unauthorized - api token not matching"
    )
    assert_error(http.get("/_mock/faults"), 401, "Unauthorized")
    assert_error(http.put("/_mock/faults", headers=AUTH, json=fault), 405, "Method not allowed")
    assert http.get("/v1/users", headers=AUTH).status_code == 200
