"""Retries of the typed client, against the mock's staged faults (``POST /_mock/faults``) over real HTTP.

429s, 5xx answers, dropped connections, cut-short bodies and slow answers are staged on the running mock,
and the mock's journal shows every attempt the client made. The waits between attempts are recorded
instead of slept (``time.sleep`` / ``asyncio.sleep`` of ``lexer_activity_client._base_client`` replaced
by a recorder), so the tests check the chosen delays without taking them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import types

import httpx
import pytest
from lexer_activity_client import (
    APIConnectionError,
    APITimeoutError,
    AsyncLexer,
    BadRequestError,
    InternalServerError,
    Lexer,
    RateLimitError,
    _base_client,
)
from lexer_activity_client.models import SummaryRequest, WorkflowStatesRequest
from lexer_activity_client.reports import make_client, run_report

from tests.support.control import journal, pending_faults, stage
from tests.support.mock_helpers import TOKEN

START = dt.datetime(2018, 4, 1, tzinfo=dt.UTC)
END = dt.datetime(2018, 4, 30, tzinfo=dt.UTC)
SUMMARY = SummaryRequest(date_from=START, date_to=END)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the client waited between attempts (recorded, not slept)."""
    delays: list[float] = []

    async def asleep(delay: float) -> None:
        delays.append(delay)

    monkeypatch.setattr(_base_client, "time", types.SimpleNamespace(sleep=delays.append))
    monkeypatch.setattr(_base_client, "asyncio", types.SimpleNamespace(sleep=asleep))
    return delays


def _statuses(root: str, path: str = "/v1/users") -> list[int]:
    return [entry["status"] for entry in journal(root) if entry["path"] == path]


def test_5xx_is_retried_with_exponential_backoff_and_jitter(
    lexer: Lexer, client_mock: str, slept: list[float]
) -> None:
    stage(client_mock, "listUsers", status=503, times=2)
    assert lexer.users.list()
    assert _statuses(client_mock) == [503, 503, 200]
    assert len(slept) == 2
    assert 0.375 <= slept[0] <= 0.5  # 0.5 s less up to 25% jitter
    assert 0.75 <= slept[1] <= 1.0  # then twice that
    assert pending_faults(client_mock) == []


def test_429_waits_what_retry_after_says(lexer: Lexer, client_mock: str, slept: list[float]) -> None:
    stage(client_mock, "runReport", status=429, retry_after=3)
    assert lexer.reports.run(SUMMARY)
    assert _statuses(client_mock, "/v1/activity/reports") == [429, 200]
    assert slept == [3.0]


def test_a_retry_after_too_long_to_wait_raises_at_once(
    lexer: Lexer, client_mock: str, slept: list[float]
) -> None:
    stage(client_mock, "listGroups", status=429, retry_after=120)
    with pytest.raises(RateLimitError) as caught:
        lexer.groups.list()
    assert caught.value.retry_after == 120
    assert caught.value.type == "Rate limited exceeded"
    assert _statuses(client_mock, "/v1/groups") == [429]
    assert slept == []
    # Waiting that long is the caller's choice: max_retry_after raises the bound.
    stage(client_mock, "listGroups", status=429, retry_after=120)
    with Lexer(TOKEN, base_url=lexer.base_url, max_retry_after=300) as patient:
        assert patient.groups.list()
    assert slept == [120.0]


def test_retries_run_out_after_max_retries(lexer: Lexer, client_mock: str, slept: list[float]) -> None:
    stage(client_mock, "listForms", status=500, times=3)
    with pytest.raises(InternalServerError) as caught:
        lexer.forms.list()
    assert lexer.max_retries == 2
    assert caught.value.status_code == 500
    assert caught.value.type == "Internal server error"
    assert _statuses(client_mock, "/v1/forms") == [500, 500, 500]
    assert len(slept) == 2


def test_max_retries_per_client_and_per_call(lexer: Lexer, client_mock: str, slept: list[float]) -> None:
    stage(client_mock, "listUsers", status=502, times=1)
    with pytest.raises(InternalServerError):
        lexer.users.list(max_retries=0)
    assert lexer.users.list(max_retries=0)
    stage(client_mock, "listUsers", status=504, times=4)
    assert lexer.with_options(max_retries=4).users.list()
    assert lexer.max_retries == 2  # with_options made a copy
    with Lexer(TOKEN, base_url=lexer.base_url, max_retries=0) as no_retries:
        stage(client_mock, "listUsers", status=500)
        with pytest.raises(InternalServerError):
            no_retries.users.list()
        stage(client_mock, "listUsers", status=500)
        assert no_retries.users.list(max_retries=1)
    assert _statuses(client_mock) == [502, 200, 504, 504, 504, 504, 200, 500, 500, 200]


def test_a_fault_of_one_report_type_leaves_the_others(
    lexer: Lexer, client_mock: str, slept: list[float]
) -> None:
    stage(client_mock, "runReport", report_type="summary", status=500, times=5)
    assert lexer.reports.run(WorkflowStatesRequest(date_from=START, date_to=END)) is not None
    with pytest.raises(InternalServerError):
        lexer.reports.run(SUMMARY)


def test_client_errors_are_not_retried(lexer: Lexer, client_mock: str, slept: list[float]) -> None:
    with pytest.raises(BadRequestError):
        lexer.reports.run(SummaryRequest(date_from=START - dt.timedelta(days=800), date_to=END))
    assert _statuses(client_mock, "/v1/activity/reports") == [400]
    assert slept == []


@pytest.mark.parametrize("fault", ["drop", "truncate"])
def test_broken_connections_are_retried(
    lexer: Lexer, client_mock: str, slept: list[float], fault: str
) -> None:
    stage(client_mock, "listUsers", fault=fault)
    assert lexer.users.list()
    assert len(slept) == 1
    stage(client_mock, "listUsers", fault=fault)
    with pytest.raises(APIConnectionError) as caught:
        lexer.users.list(max_retries=0)
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert caught.value.request.url.path == "/v1/users"


def test_no_answer_in_time_is_a_timeout_error(lexer: Lexer, client_mock: str, slept: list[float]) -> None:
    stage(client_mock, "getReportStatus", delay=2)
    with pytest.raises(APITimeoutError) as caught:
        lexer.reports.status("5f2b8c1e", max_retries=0, timeout=0.3)
    assert isinstance(caught.value, APIConnectionError)
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)


def test_the_async_client_retries_too(client_mock: str, slept: list[float]) -> None:
    stage(client_mock, "listUsers", status=503, times=2)

    async def users() -> int:
        async with AsyncLexer(TOKEN, base_url=f"{client_mock}/v1") as client:
            return len(await client.users.list())

    assert asyncio.run(users()) > 0
    assert len(slept) == 2
    assert _statuses(client_mock) == [503, 503, 200]


def test_the_reports_module_retries_with_the_default(client_mock: str, slept: list[float]) -> None:
    stage(client_mock, "runReport", status=503, times=2)
    with make_client(TOKEN, base_url=f"{client_mock}/v1") as client:
        assert run_report(client, SUMMARY).total_volume >= 0
    assert _statuses(client_mock, "/v1/activity/reports") == [503, 503, 200]


def test_backoff_grows_to_its_cap_and_retry_after_wins() -> None:
    for attempt, (low, high) in enumerate([(0.375, 0.5), (0.75, 1), (1.5, 2), (3, 4), (6, 8), (6, 8)]):
        for _ in range(20):
            assert low <= (_base_client.retry_delay(attempt, None) or 0) <= high
    assert _base_client.retry_delay(5, 0) == 0.0
    assert _base_client.retry_delay(0, 60) == 60.0
    assert _base_client.retry_delay(0, 61) is None
    assert _base_client.retry_delay(0, 61, max_retry_after=61) == 61.0
