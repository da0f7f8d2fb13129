from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.case_classifications_request import CaseClassificationsRequest
from ...models.case_classifications_row import CaseClassificationsRow
from ...models.case_details_request import CaseDetailsRequest
from ...models.case_summary_report import CaseSummaryReport
from ...models.case_summary_request import CaseSummaryRequest
from ...models.case_volume_report import CaseVolumeReport
from ...models.case_volume_request import CaseVolumeRequest
from ...models.classifications_request import ClassificationsRequest
from ...models.classifications_row import ClassificationsRow
from ...models.error import Error
from ...models.export_job import ExportJob
from ...models.mention_sla_export_request import MentionSlaExportRequest
from ...models.nps_submissions_request import NpsSubmissionsRequest
from ...models.nps_summary_report import NpsSummaryReport
from ...models.nps_summary_request import NpsSummaryRequest
from ...models.nps_volume_request import NpsVolumeRequest
from ...models.nps_volume_row import NpsVolumeRow
from ...models.response_volume_report import ResponseVolumeReport
from ...models.response_volume_request import ResponseVolumeRequest
from ...models.states_volume_report import StatesVolumeReport
from ...models.states_volume_request import StatesVolumeRequest
from ...models.summary_report import SummaryReport
from ...models.summary_request import SummaryRequest
from ...models.user_summary_request import UserSummaryRequest
from ...models.user_summary_row import UserSummaryRow
from ...models.user_volume_request import UserVolumeRequest
from ...models.user_volume_row import UserVolumeRow
from ...models.workflow_states_request import WorkflowStatesRequest
from ...models.workflow_states_row import WorkflowStatesRow
from ...types import Response


def _get_kwargs(
    *,
    body: CaseClassificationsRequest
    | CaseDetailsRequest
    | CaseSummaryRequest
    | CaseVolumeRequest
    | ClassificationsRequest
    | MentionSlaExportRequest
    | NpsSubmissionsRequest
    | NpsSummaryRequest
    | NpsVolumeRequest
    | ResponseVolumeRequest
    | StatesVolumeRequest
    | SummaryRequest
    | UserSummaryRequest
    | UserVolumeRequest
    | WorkflowStatesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/activity/reports",
    }

    if isinstance(body, SummaryRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, StatesVolumeRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, WorkflowStatesRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ClassificationsRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, ResponseVolumeRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, UserSummaryRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, UserVolumeRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CaseSummaryRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CaseVolumeRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CaseClassificationsRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, CaseDetailsRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NpsSummaryRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NpsVolumeRequest):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, NpsSubmissionsRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    CaseSummaryReport
    | CaseVolumeReport
    | ExportJob
    | list[CaseClassificationsRow]
    | list[ClassificationsRow]
    | list[NpsVolumeRow]
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | list[WorkflowStatesRow]
    | NpsSummaryReport
    | ResponseVolumeReport
    | StatesVolumeReport
    | SummaryReport
    | Error
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            CaseSummaryReport
            | CaseVolumeReport
            | ExportJob
            | list[CaseClassificationsRow]
            | list[ClassificationsRow]
            | list[NpsVolumeRow]
            | list[UserSummaryRow]
            | list[UserVolumeRow]
            | list[WorkflowStatesRow]
            | NpsSummaryReport
            | ResponseVolumeReport
            | StatesVolumeReport
            | SummaryReport
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_report_result_type_0 = SummaryReport.from_dict(data)

                return componentsschemas_report_result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_report_result_type_1 = CaseSummaryReport.from_dict(data)

                return componentsschemas_report_result_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_report_result_type_2 = NpsSummaryReport.from_dict(data)

                return componentsschemas_report_result_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_report_result_type_3 = ResponseVolumeReport.from_dict(data)

                return componentsschemas_report_result_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_report_result_type_4 = CaseVolumeReport.from_dict(data)

                return componentsschemas_report_result_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_report_result_type_5 = ExportJob.from_dict(data)

                return componentsschemas_report_result_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_report_result_type_6 = []
                _componentsschemas_report_result_type_6 = data
                for componentsschemas_user_summary_report_item_data in _componentsschemas_report_result_type_6:
                    componentsschemas_user_summary_report_item = UserSummaryRow.from_dict(
                        componentsschemas_user_summary_report_item_data
                    )

                    componentsschemas_report_result_type_6.append(componentsschemas_user_summary_report_item)

                return componentsschemas_report_result_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_report_result_type_7 = []
                _componentsschemas_report_result_type_7 = data
                for componentsschemas_user_volume_report_item_data in _componentsschemas_report_result_type_7:
                    componentsschemas_user_volume_report_item = UserVolumeRow.from_dict(
                        componentsschemas_user_volume_report_item_data
                    )

                    componentsschemas_report_result_type_7.append(componentsschemas_user_volume_report_item)

                return componentsschemas_report_result_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_report_result_type_8 = []
                _componentsschemas_report_result_type_8 = data
                for componentsschemas_nps_volume_report_item_data in _componentsschemas_report_result_type_8:
                    componentsschemas_nps_volume_report_item = NpsVolumeRow.from_dict(
                        componentsschemas_nps_volume_report_item_data
                    )

                    componentsschemas_report_result_type_8.append(componentsschemas_nps_volume_report_item)

                return componentsschemas_report_result_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_report_result_type_9 = []
                _componentsschemas_report_result_type_9 = data
                for componentsschemas_classifications_report_item_data in _componentsschemas_report_result_type_9:
                    componentsschemas_classifications_report_item = ClassificationsRow.from_dict(
                        componentsschemas_classifications_report_item_data
                    )

                    componentsschemas_report_result_type_9.append(componentsschemas_classifications_report_item)

                return componentsschemas_report_result_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_report_result_type_10 = []
                _componentsschemas_report_result_type_10 = data
                for componentsschemas_case_classifications_report_item_data in _componentsschemas_report_result_type_10:
                    componentsschemas_case_classifications_report_item = CaseClassificationsRow.from_dict(
                        componentsschemas_case_classifications_report_item_data
                    )

                    componentsschemas_report_result_type_10.append(componentsschemas_case_classifications_report_item)

                return componentsschemas_report_result_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, list):
                    raise TypeError()
                componentsschemas_report_result_type_11 = []
                _componentsschemas_report_result_type_11 = data
                for componentsschemas_workflow_states_report_item_data in _componentsschemas_report_result_type_11:
                    componentsschemas_workflow_states_report_item = WorkflowStatesRow.from_dict(
                        componentsschemas_workflow_states_report_item_data
                    )

                    componentsschemas_report_result_type_11.append(componentsschemas_workflow_states_report_item)

                return componentsschemas_report_result_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_report_result_type_12 = StatesVolumeReport.from_dict(data)

            return componentsschemas_report_result_type_12

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    CaseSummaryReport
    | CaseVolumeReport
    | ExportJob
    | list[CaseClassificationsRow]
    | list[ClassificationsRow]
    | list[NpsVolumeRow]
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | list[WorkflowStatesRow]
    | NpsSummaryReport
    | ResponseVolumeReport
    | StatesVolumeReport
    | SummaryReport
    | Error
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CaseClassificationsRequest
    | CaseDetailsRequest
    | CaseSummaryRequest
    | CaseVolumeRequest
    | ClassificationsRequest
    | MentionSlaExportRequest
    | NpsSubmissionsRequest
    | NpsSummaryRequest
    | NpsVolumeRequest
    | ResponseVolumeRequest
    | StatesVolumeRequest
    | SummaryRequest
    | UserSummaryRequest
    | UserVolumeRequest
    | WorkflowStatesRequest,
) -> Response[
    CaseSummaryReport
    | CaseVolumeReport
    | ExportJob
    | list[CaseClassificationsRow]
    | list[ClassificationsRow]
    | list[NpsVolumeRow]
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | list[WorkflowStatesRow]
    | NpsSummaryReport
    | ResponseVolumeReport
    | StatesVolumeReport
    | SummaryReport
    | Error
]:
    """Run a report or start a CSV export

     Runs the report named by `type` over the period from `date_from` to `date_to` (at most 12 months,
    starting in the past). Twelve report types answer with their data. The three CSV exports
    (`case_details`, `nps_submissions`, `mention_sla_export`) answer with a pending export job; poll
    `getReportStatus` with its `token` until the job is complete, then download the CSV file from its
    `url`. The shape of the answer follows from the request's `type`; each request schema names its
    answer's schema in `x-lexer-response`.

    Args:
        body (CaseClassificationsRequest | CaseDetailsRequest | CaseSummaryRequest |
            CaseVolumeRequest | ClassificationsRequest | MentionSlaExportRequest |
            NpsSubmissionsRequest | NpsSummaryRequest | NpsVolumeRequest | ResponseVolumeRequest |
            StatesVolumeRequest | SummaryRequest | UserSummaryRequest | UserVolumeRequest |
            WorkflowStatesRequest): The body of `runReport`: one schema per report type, chosen by
            `type`. Each request schema names the schema of its 200 answer in `x-lexer-response`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseSummaryReport | CaseVolumeReport | ExportJob | list[CaseClassificationsRow] | list[ClassificationsRow] | list[NpsVolumeRow] | list[UserSummaryRow] | list[UserVolumeRow] | list[WorkflowStatesRow] | NpsSummaryReport | ResponseVolumeReport | StatesVolumeReport | SummaryReport | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CaseClassificationsRequest
    | CaseDetailsRequest
    | CaseSummaryRequest
    | CaseVolumeRequest
    | ClassificationsRequest
    | MentionSlaExportRequest
    | NpsSubmissionsRequest
    | NpsSummaryRequest
    | NpsVolumeRequest
    | ResponseVolumeRequest
    | StatesVolumeRequest
    | SummaryRequest
    | UserSummaryRequest
    | UserVolumeRequest
    | WorkflowStatesRequest,
) -> (
    CaseSummaryReport
    | CaseVolumeReport
    | ExportJob
    | list[CaseClassificationsRow]
    | list[ClassificationsRow]
    | list[NpsVolumeRow]
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | list[WorkflowStatesRow]
    | NpsSummaryReport
    | ResponseVolumeReport
    | StatesVolumeReport
    | SummaryReport
    | Error
    | None
):
    """Run a report or start a CSV export

     Runs the report named by `type` over the period from `date_from` to `date_to` (at most 12 months,
    starting in the past). Twelve report types answer with their data. The three CSV exports
    (`case_details`, `nps_submissions`, `mention_sla_export`) answer with a pending export job; poll
    `getReportStatus` with its `token` until the job is complete, then download the CSV file from its
    `url`. The shape of the answer follows from the request's `type`; each request schema names its
    answer's schema in `x-lexer-response`.

    Args:
        body (CaseClassificationsRequest | CaseDetailsRequest | CaseSummaryRequest |
            CaseVolumeRequest | ClassificationsRequest | MentionSlaExportRequest |
            NpsSubmissionsRequest | NpsSummaryRequest | NpsVolumeRequest | ResponseVolumeRequest |
            StatesVolumeRequest | SummaryRequest | UserSummaryRequest | UserVolumeRequest |
            WorkflowStatesRequest): The body of `runReport`: one schema per report type, chosen by
            `type`. Each request schema names the schema of its 200 answer in `x-lexer-response`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseSummaryReport | CaseVolumeReport | ExportJob | list[CaseClassificationsRow] | list[ClassificationsRow] | list[NpsVolumeRow] | list[UserSummaryRow] | list[UserVolumeRow] | list[WorkflowStatesRow] | NpsSummaryReport | ResponseVolumeReport | StatesVolumeReport | SummaryReport | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CaseClassificationsRequest
    | CaseDetailsRequest
    | CaseSummaryRequest
    | CaseVolumeRequest
    | ClassificationsRequest
    | MentionSlaExportRequest
    | NpsSubmissionsRequest
    | NpsSummaryRequest
    | NpsVolumeRequest
    | ResponseVolumeRequest
    | StatesVolumeRequest
    | SummaryRequest
    | UserSummaryRequest
    | UserVolumeRequest
    | WorkflowStatesRequest,
) -> Response[
    CaseSummaryReport
    | CaseVolumeReport
    | ExportJob
    | list[CaseClassificationsRow]
    | list[ClassificationsRow]
    | list[NpsVolumeRow]
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | list[WorkflowStatesRow]
    | NpsSummaryReport
    | ResponseVolumeReport
    | StatesVolumeReport
    | SummaryReport
    | Error
]:
    """Run a report or start a CSV export

     Runs the report named by `type` over the period from `date_from` to `date_to` (at most 12 months,
    starting in the past). Twelve report types answer with their data. The three CSV exports
    (`case_details`, `nps_submissions`, `mention_sla_export`) answer with a pending export job; poll
    `getReportStatus` with its `token` until the job is complete, then download the CSV file from its
    `url`. The shape of the answer follows from the request's `type`; each request schema names its
    answer's schema in `x-lexer-response`.

    Args:
        body (CaseClassificationsRequest | CaseDetailsRequest | CaseSummaryRequest |
            CaseVolumeRequest | ClassificationsRequest | MentionSlaExportRequest |
            NpsSubmissionsRequest | NpsSummaryRequest | NpsVolumeRequest | ResponseVolumeRequest |
            StatesVolumeRequest | SummaryRequest | UserSummaryRequest | UserVolumeRequest |
            WorkflowStatesRequest): The body of `runReport`: one schema per report type, chosen by
            `type`. Each request schema names the schema of its 200 answer in `x-lexer-response`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaseSummaryReport | CaseVolumeReport | ExportJob | list[CaseClassificationsRow] | list[ClassificationsRow] | list[NpsVolumeRow] | list[UserSummaryRow] | list[UserVolumeRow] | list[WorkflowStatesRow] | NpsSummaryReport | ResponseVolumeReport | StatesVolumeReport | SummaryReport | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CaseClassificationsRequest
    | CaseDetailsRequest
    | CaseSummaryRequest
    | CaseVolumeRequest
    | ClassificationsRequest
    | MentionSlaExportRequest
    | NpsSubmissionsRequest
    | NpsSummaryRequest
    | NpsVolumeRequest
    | ResponseVolumeRequest
    | StatesVolumeRequest
    | SummaryRequest
    | UserSummaryRequest
    | UserVolumeRequest
    | WorkflowStatesRequest,
) -> (
    CaseSummaryReport
    | CaseVolumeReport
    | ExportJob
    | list[CaseClassificationsRow]
    | list[ClassificationsRow]
    | list[NpsVolumeRow]
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | list[WorkflowStatesRow]
    | NpsSummaryReport
    | ResponseVolumeReport
    | StatesVolumeReport
    | SummaryReport
    | Error
    | None
):
    """Run a report or start a CSV export

     Runs the report named by `type` over the period from `date_from` to `date_to` (at most 12 months,
    starting in the past). Twelve report types answer with their data. The three CSV exports
    (`case_details`, `nps_submissions`, `mention_sla_export`) answer with a pending export job; poll
    `getReportStatus` with its `token` until the job is complete, then download the CSV file from its
    `url`. The shape of the answer follows from the request's `type`; each request schema names its
    answer's schema in `x-lexer-response`.

    Args:
        body (CaseClassificationsRequest | CaseDetailsRequest | CaseSummaryRequest |
            CaseVolumeRequest | ClassificationsRequest | MentionSlaExportRequest |
            NpsSubmissionsRequest | NpsSummaryRequest | NpsVolumeRequest | ResponseVolumeRequest |
            StatesVolumeRequest | SummaryRequest | UserSummaryRequest | UserVolumeRequest |
            WorkflowStatesRequest): The body of `runReport`: one schema per report type, chosen by
            `type`. Each request schema names the schema of its 200 answer in `x-lexer-response`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaseSummaryReport | CaseVolumeReport | ExportJob | list[CaseClassificationsRow] | list[ClassificationsRow] | list[NpsVolumeRow] | list[UserSummaryRow] | list[UserVolumeRow] | list[WorkflowStatesRow] | NpsSummaryReport | ResponseVolumeReport | StatesVolumeReport | SummaryReport | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
