"""The pytest plugin's fixture ``lexer_mock`` in this repository's own run (the plugin is loaded
from its ``pytest11`` entry point, as in a user's), and its in-process mode.

The user's side of it, installed from the wheels into a fresh venv, is tests/plugin/test_user_suite.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from lexer_activity_client.api.reports import get_report_status, run_report
from lexer_activity_client.models import CaseDetailsRequest, ExportJob, SummaryReport, SummaryRequest

from mock_server.cli import settings_from_flags
from mock_server.testing import ControlError, LexerMock, MockServer
from tests.support.mock_helpers import AUTH, REPORTS, TOKEN, body

APRIL = ("2018-04-01T00:00:00+11:00", "2018-04-30T23:59:59+11:00")


def test_the_fixture_names_the_mock_and_its_token(lexer_mock: LexerMock) -> None:
    assert lexer_mock.base_url.endswith("/v1")
    assert lexer_mock.base_url.startswith("http://127.0.0.1:")
    assert lexer_mock.token == TOKEN
    users = lexer_mock.http.get(lexer_mock.base_url + "/users", headers=lexer_mock.headers)
    assert users.status_code == 200
    entries = lexer_mock.journal()
    assert len(entries) == 1
    assert {key: entries[0][key] for key in ("method", "path", "status", "body")} == {
        "method": "GET",
        "path": "/v1/users",
        "status": 200,
        "body": None,
    }


def test_state_is_reset_before_each_test(
    lexer_mock_server: MockServer, request: pytest.FixtureRequest
) -> None:
    before = lexer_mock_server.handle()
    before.http.get("/v1/groups", headers=before.headers)
    before.fault("listUsers", status=500)
    before.freeze_clock("2018-05-01T00:00:00Z")
    assert before.journal()
    mock: LexerMock = request.getfixturevalue("lexer_mock")
    assert mock.journal() == []
    assert mock.faults() == []
    assert mock.now().year >= 2026
    assert mock.http.get("/v1/users", headers=mock.headers).status_code == 200


def test_the_ready_client_is_the_kits_own(lexer_mock: LexerMock) -> None:
    package = importlib.import_module("lexer_activity_client")
    assert isinstance(lexer_mock.client, getattr(package, "Lexer", package.AuthenticatedClient))
    request = SummaryRequest.from_dict(body("summary", *APRIL))
    answer = run_report.sync_detailed(client=lexer_mock.api_client, body=request)
    assert answer.status_code == 200
    assert isinstance(answer.parsed, SummaryReport)
    assert lexer_mock.assert_requested(operation="runReport", report_type="summary", status=200, times=1)


def test_a_staged_fault_reaches_the_client(lexer_mock: LexerMock) -> None:
    lexer_mock.fault("runReport", report_type="summary", status=429, retry_after=3)
    request = SummaryRequest.from_dict(body("summary", *APRIL))
    limited = run_report.sync_detailed(client=lexer_mock.api_client, body=request)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    assert run_report.sync_detailed(client=lexer_mock.api_client, body=request).status_code == 200
    assert [e["status"] for e in lexer_mock.journal(operation="runReport")] == [429, 200]


def test_a_refused_control_call_raises_with_the_reason(lexer_mock: LexerMock) -> None:
    with pytest.raises(ControlError, match="status must be one listUsers documents") as refused:
        lexer_mock.fault("listUsers", status=418)
    assert refused.value.status_code == 400
    assert refused.value.error == "Invalid mock control request"
    with pytest.raises(ControlError, match="api token not matching"):
        lexer_mock.for_token("not-accepted").faults()


def test_a_missing_request_is_shown_against_the_nearest(lexer_mock: LexerMock) -> None:
    lexer_mock.http.post(REPORTS, headers=AUTH, json=body("summary", *APRIL))
    lexer_mock.http.post(REPORTS, headers=AUTH, json=body("user_summary", *APRIL))
    lexer_mock.http.get("/v1/users", headers=AUTH)
    expected = body("summary", "2018-04-01T00:00:00+11:00", "2018-05-31T23:59:59+11:00")
    with pytest.raises(AssertionError) as missing:
        lexer_mock.assert_requested(operation="runReport", body=expected)
    message = str(missing.value)
    assert "The nearest of the 3 request(s) received" in message
    first = message.split("\n\n")[1]  # the nearest: same type and start, another end
    assert first.startswith("POST /v1/activity/reports -> 200")
    assert '-    "date_to": "2018-05-31T23:59:59+11:00"' in first
    assert '+    "date_to": "2018-04-30T23:59:59+11:00"' in first
    assert '"type": "summary"' in first
    # Date-times match as instants, and a dict matches the entries holding its items.
    utc_start = {"type": "summary", "date_from": "2018-03-31T13:00:00Z"}
    assert len(lexer_mock.assert_requested(body=utc_start)) == 1
    lexer_mock.assert_not_requested(operation="listGroups")


def test_the_clock_and_relative_ranges(lexer_mock: LexerMock) -> None:
    frozen = lexer_mock.freeze_clock("2018-05-01T00:00:00+10:00")
    assert frozen.isoformat() == "2018-04-30T14:00:00+00:00"
    start, end = lexer_mock.last(days=7)
    assert (start.isoformat(), end.isoformat()) == ("2018-04-23T14:00:00+00:00", "2018-04-30T14:00:00+00:00")
    week = {"type": "summary", "date_from": start.isoformat(), "date_to": end.isoformat()}
    assert lexer_mock.http.post(REPORTS, headers=AUTH, json=week).status_code == 200
    assert lexer_mock.advance_clock(3600).isoformat() == "2018-04-30T15:00:00+00:00"
    assert lexer_mock.release_clock().year >= 2026


# ---------------------------------------------------------------------- in process, no socket
@pytest.fixture(scope="module")
def in_process() -> Iterator[MockServer]:
    server = MockServer(settings_from_flags(["--rate-limit", "0"])[0], mode="in-process")
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def mock(in_process: MockServer) -> LexerMock:
    handle = in_process.handle()
    handle.reset()
    return handle


def test_in_process_reports_and_export_downloads_need_no_socket(mock: LexerMock) -> None:
    assert mock.base_url == "http://lexer-mock.test/v1"
    client: Any = mock.api_client
    answer = run_report.sync_detailed(
        client=client, body=CaseDetailsRequest.from_dict(body("case_details", *APRIL))
    )
    assert isinstance(answer.parsed, ExportJob)
    status = get_report_status.sync_detailed(client=client, token=answer.parsed.token)
    assert isinstance(status.parsed, ExportJob)
    assert status.parsed.status == "complete"
    assert isinstance(status.parsed.url, str)
    assert status.parsed.url.startswith("http://lexer-mock.test/_mock/exports/")
    # The job's URL, fetched through the client's own httpx client (its transport), as the kit's
    # client downloads it.
    downloaded = client.get_httpx_client().get(status.parsed.url)
    assert downloaded.status_code == 200
    assert downloaded.text.startswith("case_id,")
    assert mock.download(status.parsed) == downloaded.content


def test_in_process_faults_look_like_a_real_connection(mock: LexerMock) -> None:
    mock.fault("listUsers", fault="drop")
    mock.fault("listGroups", fault="truncate")
    mock.fault("listForms", delay=5)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        mock.http.get("/v1/users", headers=mock.headers)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        mock.http.get("/v1/groups", headers=mock.headers)
    with pytest.raises(httpx.ReadTimeout):
        mock.http.get("/v1/forms", headers=mock.headers, timeout=0.1)
    assert [(e["operation"], e.get("fault")) for e in mock.journal()] == [
        ("listUsers", "drop"),
        ("listGroups", "truncate"),
        ("listForms", "delay"),
    ]


async def _async_users(mock: LexerMock) -> int:
    async with httpx.AsyncClient(base_url=mock.root, **mock.server.async_httpx_args()) as client:
        answer = await client.get("/v1/users", headers=mock.headers)
        return answer.status_code


def test_in_process_async_transport(mock: LexerMock) -> None:
    import asyncio

    assert asyncio.run(_async_users(mock)) == 200
    assert mock.journal()[0]["path"] == "/v1/users"


def test_mock_flags_are_parsed_as_the_cli_parses_them() -> None:
    settings, host, port = settings_from_flags(["--rate-limit", "5/60", "--token", "t2", "--latency", "3"])
    assert (str(settings.rate_limit), settings.tokens, settings.latency_ms) == ("5/60", (TOKEN, "t2"), 3.0)
    assert (host, port, settings.export_delay) == ("127.0.0.1", 0, 0.0)
    with pytest.raises(ValueError, match="rate limit must be N/SECONDS"):
        settings_from_flags(["--rate-limit", "lots"])
    with pytest.raises(ValueError, match="unrecognized arguments: --colour"):
        settings_from_flags(["--colour", "red"])
