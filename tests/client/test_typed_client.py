"""The typed client (``Lexer``, ``AsyncLexer``) end to end against the mock over HTTP.

Every operation returns its model (``assert_type`` is checked by mypy --strict as user code, and
``isinstance`` at run time), raw responses keep the answer, errors are raised as their classes with the
status, parsed body, headers and request, the status call goes to its own server, and exports are streamed
to a path or a file object through the client's own httpx client.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from pathlib import Path
from typing import assert_type

import httpx
import pytest
from lexer_activity_client import (
    DEFAULT_BASE_URL,
    DEFAULT_STATUS_BASE_URL,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncLexer,
    AuthenticationError,
    BadRequestError,
    BadRequestType,
    ExportTimeoutError,
    Lexer,
    LexerError,
    NotFoundError,
    RawResponse,
)
from lexer_activity_client.models import (
    CaseDetailsRequest,
    Error,
    ExportJob,
    Form,
    Group,
    NpsSummaryReport,
    NpsSummaryRequest,
    SummaryReport,
    SummaryRequest,
    User,
    WorkflowStatesRequest,
    WorkflowStatesRow,
)

from mock_server.app import create_app
from tests.support.control import journal
from tests.support.mock_helpers import NPS_FORM, TOKEN
from tests.support.servers import free_port
from tests.support.spec_tools import operation

AEST = dt.timezone(dt.timedelta(hours=11))
START = dt.datetime(2018, 4, 1, tzinfo=AEST)
END = dt.datetime(2018, 4, 30, 23, 59, 59, tzinfo=AEST)
POLL_S = 0.05


def _paths(root: str) -> list[str]:
    return [entry["path"] for entry in journal(root)]


def test_list_operations_return_their_models(lexer: Lexer) -> None:
    users = lexer.users.list()
    assert_type(users, list[User])
    groups = lexer.groups.list()
    assert_type(groups, list[Group])
    forms = lexer.forms.list()
    assert_type(forms, list[Form])
    assert users
    assert groups
    assert forms
    assert all(isinstance(user, User) for user in users)
    assert all(isinstance(group, Group) for group in groups)
    assert all(isinstance(form, Form) for form in forms)


def test_reports_run_returns_the_model_of_the_requests_type(lexer: Lexer) -> None:
    summary = lexer.reports.run(SummaryRequest(date_from=START, date_to=END))
    assert_type(summary, SummaryReport)
    assert isinstance(summary, SummaryReport)
    rows = lexer.reports.run(WorkflowStatesRequest(date_from=START, date_to=END))
    assert_type(rows, list[WorkflowStatesRow])
    assert all(isinstance(row, WorkflowStatesRow) for row in rows)
    nps = lexer.reports.run(
        NpsSummaryRequest(date_from=START, date_to=END, form=NPS_FORM, nps_category="promoters")
    )
    assert_type(nps, NpsSummaryReport)
    assert isinstance(nps, NpsSummaryReport)
    job = lexer.reports.run(CaseDetailsRequest(date_from=START, date_to=END))
    assert_type(job, ExportJob)
    assert job.status == "pending"
    status = lexer.reports.status(job.token)
    assert_type(status, ExportJob)
    assert status.token == job.token


def test_raw_responses_keep_the_answer(lexer: Lexer) -> None:
    raw = lexer.with_raw_response.users.list()
    assert_type(raw, RawResponse[list[User]])
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.request.url.path == "/v1/users"
    users = raw.parse()
    assert_type(users, list[User])
    body = raw.json()
    assert isinstance(body, list)
    assert [user.id for user in users] == [item["id"] for item in body]
    report = lexer.with_raw_response.reports.run(SummaryRequest(date_from=START, date_to=END))
    assert_type(report, RawResponse[SummaryReport])
    assert isinstance(report.parse(), SummaryReport)


def test_async_client_has_the_same_operations(client_mock: str) -> None:
    async def flow() -> tuple[list[User], SummaryReport, ExportJob, int]:
        async with AsyncLexer(TOKEN, base_url=f"{client_mock}/v1") as client:
            users = await client.users.list()
            assert_type(users, list[User])
            summary = await client.reports.run(SummaryRequest(date_from=START, date_to=END))
            assert_type(summary, SummaryReport)
            job = await client.reports.run(CaseDetailsRequest(date_from=START, date_to=END))
            assert_type(job, ExportJob)
            done = await client.reports.wait(job, interval=POLL_S)
            buffer = io.BytesIO()
            size = await client.reports.download(done, buffer)
            assert buffer.getvalue().startswith(b"case_id,")
            raw = await client.with_raw_response.groups.list()
            assert_type(raw, RawResponse[list[Group]])
            return users, summary, done, size

    users, summary, done, size = asyncio.run(flow())
    assert users
    assert isinstance(summary, SummaryReport)
    assert done.status == "complete"
    assert size > 0


def test_bad_request_error_carries_the_documented_type(lexer: Lexer) -> None:
    too_long = SummaryRequest(date_from=START - dt.timedelta(days=400), date_to=END)
    with pytest.raises(BadRequestError) as caught:
        lexer.reports.run(too_long)
    error = caught.value
    assert isinstance(error, APIStatusError)
    assert isinstance(error, LexerError)
    assert error.status_code == 400
    assert error.type == BadRequestType.DATE_RANGE_TOO_LONG
    assert error.type == "Invalid report - date range is too long"
    assert_type(error.error, Error)
    assert error.error.error == "Invalid report - date range is too long"
    assert error.body == error.response.json()
    assert error.headers["content-type"].startswith("application/json")
    assert (error.request.method, error.request.url.path) == ("POST", "/v1/activity/reports")
    assert error.retry_after is None
    assert str(error).startswith("400 Invalid report - date range is too long")


def test_future_start_is_a_bad_request_of_its_own_type(lexer: Lexer) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    with pytest.raises(BadRequestError) as caught:
        lexer.reports.run(SummaryRequest(date_from=soon, date_to=soon + dt.timedelta(days=1)))
    assert caught.value.type is BadRequestType.FUTURE_START_DATE


def test_unknown_token_is_an_authentication_error(client_mock: str) -> None:
    client = Lexer("not-a-known-token", base_url=f"{client_mock}/v1")
    with client, pytest.raises(AuthenticationError) as caught:
        client.users.list()
    assert caught.value.status_code == 401
    assert caught.value.type == "Unauthorized - api token not matching"
    assert caught.value.request.headers["Auth-Api-Token"] == "not-a-known-token"


def test_unknown_export_token_is_not_found(lexer: Lexer) -> None:
    with pytest.raises(NotFoundError) as caught:
        lexer.reports.status("no-such-export")
    assert (caught.value.status_code, caught.value.type) == (404, "Not found")
    assert caught.value.request.url.params["token"] == "no-such-export"


def test_no_server_is_a_connection_error_wrapping_httpx() -> None:
    client = Lexer(TOKEN, base_url=f"http://127.0.0.1:{free_port()}/v1", max_retries=0)
    with client, pytest.raises(APIConnectionError) as caught:
        client.users.list()
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request.url.path == "/v1/users"


def test_no_token_at_all_is_refused_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEXER_API_TOKEN", raising=False)
    with pytest.raises(LexerError, match="LEXER_API_TOKEN"):
        Lexer()


def test_token_and_base_url_come_from_the_environment(
    client_mock: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEXER_API_TOKEN", TOKEN)
    monkeypatch.setenv("LEXER_API_BASE_URL", f"{client_mock}/v1")
    monkeypatch.delenv("LEXER_API_STATUS_BASE_URL", raising=False)
    with Lexer() as client:
        assert client.base_url == f"{client_mock}/v1"
        # A client pointed elsewhere than the API asks its own server for the exports' status too.
        assert client.status_base_url == f"{client_mock}/v1"
        assert client.users.list()


def test_the_status_call_goes_to_the_documents_host_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LEXER_API_BASE_URL", raising=False)
    monkeypatch.delenv("LEXER_API_STATUS_BASE_URL", raising=False)
    servers = [server["url"] for server in operation("/activity/reports/status", "get")["servers"]]
    assert DEFAULT_STATUS_BASE_URL == servers[0] == "https://clients.lexer.io/api/public/v1"
    with Lexer(TOKEN) as client:
        assert client.base_url == DEFAULT_BASE_URL
        assert client.status_base_url == DEFAULT_STATUS_BASE_URL
    with Lexer(TOKEN, status_base_url="https://status.example/v1/") as client:
        assert client.status_base_url == "https://status.example/v1"


def test_the_status_call_uses_the_status_host_and_it_can_be_set(lexer: Lexer, client_mock: str) -> None:
    job = lexer.reports.run(CaseDetailsRequest(date_from=START, date_to=END))
    lexer.reports.status(job.token)
    lexer.with_options(status_base_url=f"{client_mock}/v1").reports.status(job.token)
    paths = _paths(client_mock)
    assert paths[-2:] == ["/api/public/v1/activity/reports/status", "/v1/activity/reports/status"]


def test_export_streams_to_a_path_with_progress(lexer: Lexer, tmp_path: Path) -> None:
    job = lexer.reports.run(CaseDetailsRequest(date_from=START, date_to=END))
    polled: list[ExportJob] = []
    done = lexer.reports.wait(job, interval=POLL_S, on_poll=polled.append)
    assert_type(done, ExportJob)
    assert done.status == "complete"
    assert polled[-1] is done
    seen: list[tuple[int, int | None]] = []
    target = tmp_path / "cases.csv"
    size = lexer.reports.download(
        done, target, progress=lambda got, total: seen.append((got, total)), chunk_size=1024
    )
    assert_type(size, int)
    data = target.read_bytes()
    assert size == len(data) > 1024
    assert data.startswith(b"case_id,")
    assert seen[0][0] == 0
    assert seen[-1][0] == size
    assert [got for got, _ in seen] == sorted(got for got, _ in seen)
    assert len(seen) > 2  # more than one chunk
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cases.csv"]  # no temporary file left


def test_download_goes_through_the_clients_own_transport() -> None:
    """With an ASGI transport (the mock app in-process, no socket), the file comes through it as well."""
    app = create_app(rate_limit="0", export_delay=0)

    async def flow() -> bytes:
        transport = httpx.ASGITransport(app=app)
        client = AsyncLexer(TOKEN, base_url="http://mock.test/v1", httpx_args={"transport": transport})
        async with client:
            job = await client.reports.run(CaseDetailsRequest(date_from=START, date_to=END))
            done = await client.reports.wait(job, interval=POLL_S)
            assert done.url is not None
            assert done.url.startswith("http://mock.test/")
            buffer = io.BytesIO()
            await client.reports.download(done, buffer)
            return buffer.getvalue()

    assert asyncio.run(flow()).startswith(b"case_id,")


def test_a_failed_download_leaves_nothing(lexer: Lexer, client_mock: str, tmp_path: Path) -> None:
    missing = ExportJob(status="complete", url=f"{client_mock}/_mock/exports/no-such-job.csv", token="x")
    with pytest.raises(NotFoundError):
        lexer.reports.download(missing, tmp_path / "cases.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_pending_job_cannot_be_downloaded_and_its_wait_can_run_out(lexer: Lexer) -> None:
    job = lexer.reports.run(CaseDetailsRequest(date_from=START, date_to=END))
    with pytest.raises(ValueError, match="pending"):
        lexer.reports.download(job, io.BytesIO())
    with pytest.raises(ExportTimeoutError) as caught:
        lexer.reports.wait(job, interval=POLL_S, timeout=0)
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.job is job
