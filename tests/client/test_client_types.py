"""The typed report layer gives every report request its own answer type, statically and at run time.

mypy (`make lint`, strict) checks every ``assert_type`` below against the installed lexer_activity_client,
as a user's code would see it: a regression to a union or to ``Any`` fails type checking. At run time the
same calls go through an in-process transport that answers with the spec's example of the requested type.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import assert_type

import httpx
import pytest
from lexer_activity_client import AuthenticatedClient
from lexer_activity_client.models import (
    CaseClassificationsRequest,
    CaseClassificationsRow,
    CaseDetailsRequest,
    CaseSummaryReport,
    CaseSummaryRequest,
    CaseVolumeReport,
    CaseVolumeRequest,
    ClassificationsRequest,
    ClassificationsRow,
    Error,
    ExportJob,
    MentionSlaExportRequest,
    NpsSubmissionsRequest,
    NpsSummaryReport,
    NpsSummaryRequest,
    NpsVolumeRequest,
    NpsVolumeRow,
    ResponseVolumeReport,
    ResponseVolumeRequest,
    StatesVolumePoint,
    StatesVolumeReport,
    StatesVolumeRequest,
    SummaryReport,
    SummaryRequest,
    UserSummaryRequest,
    UserSummaryRow,
    UserVolumeRequest,
    UserVolumeRow,
    WorkflowStatesRequest,
    WorkflowStatesRow,
)
from lexer_activity_client.reports import (
    REPORT_TYPES,
    LexerApiError,
    get_report_status,
    run_report,
    run_report_async,
)
from lexer_activity_client.types import Unset

from tests.support.client_tools import json_response, transport_client
from tests.support.spec_tools import report_example, report_types

AEST = dt.timezone(dt.timedelta(hours=11))
START = dt.datetime(2018, 4, 1, tzinfo=AEST)
END = dt.datetime(2018, 4, 30, 23, 59, 59, tzinfo=AEST)
FORM = 123


def _answer_with_example(request: httpx.Request) -> httpx.Response:
    """runReport answered with the spec's 200 example named by the request's type."""
    body = json.loads(request.content)
    return json_response(200, report_example(body["type"]))


@pytest.fixture
def client() -> AuthenticatedClient:
    return transport_client(_answer_with_example)


def test_the_typed_layer_covers_every_report_type() -> None:
    assert list(REPORT_TYPES) == report_types()


def test_summary(client: AuthenticatedClient) -> None:
    report = run_report(client, SummaryRequest(type_="summary", date_from=START, date_to=END))
    assert_type(report, SummaryReport)
    assert isinstance(report, SummaryReport)
    assert_type(report.total_volume, int)


def test_states_volume(client: AuthenticatedClient) -> None:
    report = run_report(client, StatesVolumeRequest(type_="states_volume", date_from=START, date_to=END))
    assert_type(report, StatesVolumeReport)
    assert isinstance(report, StatesVolumeReport)
    assert report.additional_keys
    for key in report.additional_keys:
        series = report[key]
        assert_type(series, list[StatesVolumePoint])
        assert all(isinstance(point, StatesVolumePoint) for point in series)


def test_workflow_states(client: AuthenticatedClient) -> None:
    report = run_report(client, WorkflowStatesRequest(type_="workflow_states", date_from=START, date_to=END))
    assert_type(report, list[WorkflowStatesRow])
    assert report
    assert all(isinstance(row, WorkflowStatesRow) for row in report)


def test_classifications(client: AuthenticatedClient) -> None:
    report = run_report(client, ClassificationsRequest(type_="classifications", date_from=START, date_to=END))
    assert_type(report, list[ClassificationsRow])
    assert report
    assert all(isinstance(row, ClassificationsRow) for row in report)


def test_response_volume(client: AuthenticatedClient) -> None:
    report = run_report(client, ResponseVolumeRequest(type_="response_volume", date_from=START, date_to=END))
    assert_type(report, ResponseVolumeReport)
    assert isinstance(report, ResponseVolumeReport)


def test_user_summary(client: AuthenticatedClient) -> None:
    report = run_report(client, UserSummaryRequest(type_="user_summary", date_from=START, date_to=END))
    assert_type(report, list[UserSummaryRow])
    assert report
    assert all(isinstance(row, UserSummaryRow) for row in report)
    assert_type(report[0].user_id, str)


def test_user_volume(client: AuthenticatedClient) -> None:
    report = run_report(client, UserVolumeRequest(type_="user_volume", date_from=START, date_to=END))
    assert_type(report, list[UserVolumeRow])
    assert report
    assert all(isinstance(row, UserVolumeRow) for row in report)
    assert_type(report[0].user_id, int)


def test_case_summary(client: AuthenticatedClient) -> None:
    report = run_report(client, CaseSummaryRequest(type_="case_summary", date_from=START, date_to=END))
    assert_type(report, CaseSummaryReport)
    assert isinstance(report, CaseSummaryReport)


def test_case_volume(client: AuthenticatedClient) -> None:
    report = run_report(client, CaseVolumeRequest(type_="case_volume", date_from=START, date_to=END))
    assert_type(report, CaseVolumeReport)
    assert isinstance(report, CaseVolumeReport)


def test_case_classifications(client: AuthenticatedClient) -> None:
    request = CaseClassificationsRequest(type_="case_classifications", date_from=START, date_to=END)
    report = run_report(client, request)
    assert_type(report, list[CaseClassificationsRow])
    assert report
    assert all(isinstance(row, CaseClassificationsRow) for row in report)


def test_case_details(client: AuthenticatedClient) -> None:
    report = run_report(client, CaseDetailsRequest(type_="case_details", date_from=START, date_to=END))
    assert_type(report, ExportJob)
    assert isinstance(report, ExportJob)


def test_nps_summary(client: AuthenticatedClient) -> None:
    request = NpsSummaryRequest(
        type_="nps_summary", date_from=START, date_to=END, form=FORM, nps_category="all"
    )
    report = run_report(client, request)
    assert_type(report, NpsSummaryReport)
    assert isinstance(report, NpsSummaryReport)


def test_nps_volume(client: AuthenticatedClient) -> None:
    request = NpsVolumeRequest(
        type_="nps_volume", date_from=START, date_to=END, form=FORM, nps_category="all"
    )
    report = run_report(client, request)
    assert_type(report, list[NpsVolumeRow])
    assert report
    assert all(isinstance(row, NpsVolumeRow) for row in report)
    assert_type(report[0].date, dt.datetime)


def test_nps_submissions(client: AuthenticatedClient) -> None:
    request = NpsSubmissionsRequest(
        type_="nps_submissions", date_from=START, date_to=END, form=FORM, nps_category="all"
    )
    report = run_report(client, request)
    assert_type(report, ExportJob)
    assert isinstance(report, ExportJob)


def test_mention_sla_export(client: AuthenticatedClient) -> None:
    report = run_report(
        client, MentionSlaExportRequest(type_="mention_sla_export", date_from=START, date_to=END)
    )
    assert_type(report, ExportJob)
    assert isinstance(report, ExportJob)


async def _all_async(client: AuthenticatedClient) -> int:
    """Every report type through run_report_async; returns how many answers had the right class."""
    right = 0
    summary = await run_report_async(client, SummaryRequest(type_="summary", date_from=START, date_to=END))
    assert_type(summary, SummaryReport)
    right += isinstance(summary, SummaryReport)
    states = await run_report_async(
        client, StatesVolumeRequest(type_="states_volume", date_from=START, date_to=END)
    )
    assert_type(states, StatesVolumeReport)
    right += isinstance(states, StatesVolumeReport)
    workflow = await run_report_async(
        client, WorkflowStatesRequest(type_="workflow_states", date_from=START, date_to=END)
    )
    assert_type(workflow, list[WorkflowStatesRow])
    right += all(isinstance(row, WorkflowStatesRow) for row in workflow)
    classifications = await run_report_async(
        client, ClassificationsRequest(type_="classifications", date_from=START, date_to=END)
    )
    assert_type(classifications, list[ClassificationsRow])
    right += all(isinstance(row, ClassificationsRow) for row in classifications)
    response_volume = await run_report_async(
        client, ResponseVolumeRequest(type_="response_volume", date_from=START, date_to=END)
    )
    assert_type(response_volume, ResponseVolumeReport)
    right += isinstance(response_volume, ResponseVolumeReport)
    user_summary = await run_report_async(
        client, UserSummaryRequest(type_="user_summary", date_from=START, date_to=END)
    )
    assert_type(user_summary, list[UserSummaryRow])
    right += all(isinstance(row, UserSummaryRow) for row in user_summary)
    user_volume = await run_report_async(
        client, UserVolumeRequest(type_="user_volume", date_from=START, date_to=END)
    )
    assert_type(user_volume, list[UserVolumeRow])
    right += all(isinstance(row, UserVolumeRow) for row in user_volume)
    case_summary = await run_report_async(
        client, CaseSummaryRequest(type_="case_summary", date_from=START, date_to=END)
    )
    assert_type(case_summary, CaseSummaryReport)
    right += isinstance(case_summary, CaseSummaryReport)
    case_volume = await run_report_async(
        client, CaseVolumeRequest(type_="case_volume", date_from=START, date_to=END)
    )
    assert_type(case_volume, CaseVolumeReport)
    right += isinstance(case_volume, CaseVolumeReport)
    case_classifications = await run_report_async(
        client, CaseClassificationsRequest(type_="case_classifications", date_from=START, date_to=END)
    )
    assert_type(case_classifications, list[CaseClassificationsRow])
    right += all(isinstance(row, CaseClassificationsRow) for row in case_classifications)
    case_details = await run_report_async(
        client, CaseDetailsRequest(type_="case_details", date_from=START, date_to=END)
    )
    assert_type(case_details, ExportJob)
    right += isinstance(case_details, ExportJob)
    nps_summary = await run_report_async(
        client,
        NpsSummaryRequest(type_="nps_summary", date_from=START, date_to=END, form=FORM, nps_category="all"),
    )
    assert_type(nps_summary, NpsSummaryReport)
    right += isinstance(nps_summary, NpsSummaryReport)
    nps_volume = await run_report_async(
        client,
        NpsVolumeRequest(type_="nps_volume", date_from=START, date_to=END, form=FORM, nps_category="all"),
    )
    assert_type(nps_volume, list[NpsVolumeRow])
    right += all(isinstance(row, NpsVolumeRow) for row in nps_volume)
    nps_submissions = await run_report_async(
        client,
        NpsSubmissionsRequest(
            type_="nps_submissions", date_from=START, date_to=END, form=FORM, nps_category="all"
        ),
    )
    assert_type(nps_submissions, ExportJob)
    right += isinstance(nps_submissions, ExportJob)
    mention_sla = await run_report_async(
        client, MentionSlaExportRequest(type_="mention_sla_export", date_from=START, date_to=END)
    )
    assert_type(mention_sla, ExportJob)
    right += isinstance(mention_sla, ExportJob)
    return right


def test_every_type_async(client: AuthenticatedClient) -> None:
    assert asyncio.run(_all_async(client)) == len(report_types())


def test_error_attributes_are_typed() -> None:
    def rate_limited(request: httpx.Request) -> httpx.Response:
        body = {"error": "Rate limited exceeded", "message": "You're making too many requests."}
        return json_response(429, body, {"Retry-After": "120"})

    with pytest.raises(LexerApiError) as caught:
        get_report_status(transport_client(rate_limited), "5f2b8c1e")
    assert_type(caught.value.status_code, int)
    assert_type(caught.value.error, Error)
    assert_type(caught.value.error.error, str)
    assert_type(caught.value.error.message, str | Unset)
    assert_type(caught.value.retry_after, int | None)
    assert (caught.value.status_code, caught.value.error.error, caught.value.retry_after) == (
        429,
        "Rate limited exceeded",
        120,
    )
