"""Typed access to the reports of the Lexer Activity API: a request model in, its report model out.

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.

``runReport`` answers every report type with one ``anyOf`` schema, so the generated
``api.reports.run_report`` returns a union of all report shapes. Each
request schema names its answer's schema in ``x-lexer-response``; from that, this module gives every request
model its own overload, which parses the answer with that report's model only:

    report = run_report(client, SummaryRequest(type_="summary", date_from=..., date_to=...))
    # report is a SummaryReport, for the type checker and at run time.

Documented errors raise :class:`LexerApiError`; other unexpected statuses raise
:class:`lexer_activity_client.errors.UnexpectedStatus`.
"""

import asyncio
import json
import time
from collections.abc import Callable, MutableMapping
from http import HTTPStatus
from typing import Any, TypeAlias, overload

import httpx

from .api.reports import get_report_status as _status_endpoint
from .api.reports import run_report as _report_endpoint
from .client import AuthenticatedClient
from .errors import UnexpectedStatus
from .models.case_classifications_request import CaseClassificationsRequest
from .models.case_classifications_row import CaseClassificationsRow
from .models.case_details_request import CaseDetailsRequest
from .models.case_summary_report import CaseSummaryReport
from .models.case_summary_request import CaseSummaryRequest
from .models.case_volume_report import CaseVolumeReport
from .models.case_volume_request import CaseVolumeRequest
from .models.classifications_request import ClassificationsRequest
from .models.classifications_row import ClassificationsRow
from .models.error import Error
from .models.export_job import ExportJob
from .models.mention_sla_export_request import MentionSlaExportRequest
from .models.nps_submissions_request import NpsSubmissionsRequest
from .models.nps_summary_report import NpsSummaryReport
from .models.nps_summary_request import NpsSummaryRequest
from .models.nps_volume_request import NpsVolumeRequest
from .models.nps_volume_row import NpsVolumeRow
from .models.response_volume_report import ResponseVolumeReport
from .models.response_volume_request import ResponseVolumeRequest
from .models.states_volume_report import StatesVolumeReport
from .models.states_volume_request import StatesVolumeRequest
from .models.summary_report import SummaryReport
from .models.summary_request import SummaryRequest
from .models.user_summary_request import UserSummaryRequest
from .models.user_summary_row import UserSummaryRow
from .models.user_volume_request import UserVolumeRequest
from .models.user_volume_row import UserVolumeRow
from .models.workflow_states_request import WorkflowStatesRequest
from .models.workflow_states_row import WorkflowStatesRow
from .types import Response

__all__ = (
    "DEFAULT_BASE_URL",
    "REPORT_TYPES",
    "LexerApiError",
    "Report",
    "ReportRequest",
    "download_export",
    "download_export_async",
    "get_report_status",
    "get_report_status_async",
    "make_client",
    "run_report",
    "run_report_async",
    "wait_for_export",
    "wait_for_export_async",
)

DEFAULT_BASE_URL = "https://api.lexer.io/v1"
"""The first server of the OpenAPI document."""

API_KEY_HEADER = "Auth-Api-Token"
"""The header that carries the API token (the document's apiKey security scheme)."""

REPORT_TYPES: tuple[str, ...] = (
    "summary",
    "states_volume",
    "workflow_states",
    "classifications",
    "response_volume",
    "user_summary",
    "user_volume",
    "case_summary",
    "case_volume",
    "case_classifications",
    "case_details",
    "nps_summary",
    "nps_volume",
    "nps_submissions",
    "mention_sla_export",
)
"""Every report `type`, in the order of the request's discriminator mapping."""

ReportRequest: TypeAlias = (
    SummaryRequest
    | StatesVolumeRequest
    | WorkflowStatesRequest
    | ClassificationsRequest
    | ResponseVolumeRequest
    | UserSummaryRequest
    | UserVolumeRequest
    | CaseSummaryRequest
    | CaseVolumeRequest
    | CaseClassificationsRequest
    | CaseDetailsRequest
    | NpsSummaryRequest
    | NpsVolumeRequest
    | NpsSubmissionsRequest
    | MentionSlaExportRequest
)
"""Any report request model."""

Report: TypeAlias = (
    SummaryReport
    | StatesVolumeReport
    | list[WorkflowStatesRow]
    | list[ClassificationsRow]
    | ResponseVolumeReport
    | list[UserSummaryRow]
    | list[UserVolumeRow]
    | CaseSummaryReport
    | CaseVolumeReport
    | list[CaseClassificationsRow]
    | ExportJob
    | NpsSummaryReport
    | list[NpsVolumeRow]
)
"""Any report answer: the 200 body of every report type."""


class LexerApiError(Exception):
    """A documented error answer of the API.

    Attributes:
        status_code: The HTTP status (400, 401, 404 or 429).
        error: The parsed body: ``error`` is the documented error type, ``message`` a sentence (``UNSET``
            when the answer has none: the contract does not require it).
        retry_after: The ``Retry-After`` header in seconds (the contract does not require it), or None.
    """

    def __init__(self, status_code: int, error: Error, retry_after: int | None) -> None:
        message = error.message if isinstance(error.message, str) and error.message else None
        super().__init__(f"{status_code} {error.error}: {message}" if message else f"{status_code} {error.error}")
        self.status_code = status_code
        self.error = error
        self.retry_after = retry_after


def make_client(token: str, *, base_url: str = DEFAULT_BASE_URL, **kwargs: Any) -> AuthenticatedClient:
    """An ``AuthenticatedClient`` that sends ``token`` in the API's token header (no prefix).

    Further keyword arguments (``timeout``, ``httpx_args``, ...) go to ``AuthenticatedClient``.
    """
    return AuthenticatedClient(base_url=base_url, token=token, prefix="", auth_header_name=API_KEY_HEADER, **kwargs)


def _retry_after(headers: MutableMapping[str, str]) -> int | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _ok_json(response: Response[Any]) -> object:
    """The JSON of a 200 answer; raises for any other answer."""
    if response.status_code == HTTPStatus.OK:
        return json.loads(response.content)
    if isinstance(response.parsed, Error):
        raise LexerApiError(int(response.status_code), response.parsed, _retry_after(response.headers))
    raise UnexpectedStatus(int(response.status_code), response.content)


def _not_a(expected: str, data: object) -> TypeError:
    return TypeError(f"expected {expected} in the answer, got {type(data).__name__}")


def _parse_summary(data: object) -> SummaryReport:
    """The answer of a `summary` report, as `SummaryReport`."""
    if not isinstance(data, dict):
        raise _not_a("SummaryReport", data)
    componentsschemas_report_result_type_0 = SummaryReport.from_dict(data)

    return componentsschemas_report_result_type_0


def _parse_states_volume(data: object) -> StatesVolumeReport:
    """The answer of a `states_volume` report, as `StatesVolumeReport`."""
    if not isinstance(data, dict):
        raise _not_a("StatesVolumeReport", data)
    componentsschemas_report_result_type_12 = StatesVolumeReport.from_dict(data)

    return componentsschemas_report_result_type_12


def _parse_workflow_states(data: object) -> list[WorkflowStatesRow]:
    """The answer of a `workflow_states` report, as `WorkflowStatesReport`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    componentsschemas_report_result_type_11 = []
    _componentsschemas_report_result_type_11 = data
    for componentsschemas_workflow_states_report_item_data in _componentsschemas_report_result_type_11:
        componentsschemas_workflow_states_report_item = WorkflowStatesRow.from_dict(
            componentsschemas_workflow_states_report_item_data
        )

        componentsschemas_report_result_type_11.append(componentsschemas_workflow_states_report_item)

    return componentsschemas_report_result_type_11


def _parse_classifications(data: object) -> list[ClassificationsRow]:
    """The answer of a `classifications` report, as `ClassificationsReport`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    componentsschemas_report_result_type_9 = []
    _componentsschemas_report_result_type_9 = data
    for componentsschemas_classifications_report_item_data in _componentsschemas_report_result_type_9:
        componentsschemas_classifications_report_item = ClassificationsRow.from_dict(
            componentsschemas_classifications_report_item_data
        )

        componentsschemas_report_result_type_9.append(componentsschemas_classifications_report_item)

    return componentsschemas_report_result_type_9


def _parse_response_volume(data: object) -> ResponseVolumeReport:
    """The answer of a `response_volume` report, as `ResponseVolumeReport`."""
    if not isinstance(data, dict):
        raise _not_a("ResponseVolumeReport", data)
    componentsschemas_report_result_type_3 = ResponseVolumeReport.from_dict(data)

    return componentsschemas_report_result_type_3


def _parse_user_summary(data: object) -> list[UserSummaryRow]:
    """The answer of a `user_summary` report, as `UserSummaryReport`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    componentsschemas_report_result_type_6 = []
    _componentsschemas_report_result_type_6 = data
    for componentsschemas_user_summary_report_item_data in _componentsschemas_report_result_type_6:
        componentsschemas_user_summary_report_item = UserSummaryRow.from_dict(
            componentsschemas_user_summary_report_item_data
        )

        componentsschemas_report_result_type_6.append(componentsschemas_user_summary_report_item)

    return componentsschemas_report_result_type_6


def _parse_user_volume(data: object) -> list[UserVolumeRow]:
    """The answer of a `user_volume` report, as `UserVolumeReport`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    componentsschemas_report_result_type_7 = []
    _componentsschemas_report_result_type_7 = data
    for componentsschemas_user_volume_report_item_data in _componentsschemas_report_result_type_7:
        componentsschemas_user_volume_report_item = UserVolumeRow.from_dict(
            componentsschemas_user_volume_report_item_data
        )

        componentsschemas_report_result_type_7.append(componentsschemas_user_volume_report_item)

    return componentsschemas_report_result_type_7


def _parse_case_summary(data: object) -> CaseSummaryReport:
    """The answer of a `case_summary` report, as `CaseSummaryReport`."""
    if not isinstance(data, dict):
        raise _not_a("CaseSummaryReport", data)
    componentsschemas_report_result_type_1 = CaseSummaryReport.from_dict(data)

    return componentsschemas_report_result_type_1


def _parse_case_volume(data: object) -> CaseVolumeReport:
    """The answer of a `case_volume` report, as `CaseVolumeReport`."""
    if not isinstance(data, dict):
        raise _not_a("CaseVolumeReport", data)
    componentsschemas_report_result_type_4 = CaseVolumeReport.from_dict(data)

    return componentsschemas_report_result_type_4


def _parse_case_classifications(data: object) -> list[CaseClassificationsRow]:
    """The answer of a `case_classifications` report, as `CaseClassificationsReport`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    componentsschemas_report_result_type_10 = []
    _componentsschemas_report_result_type_10 = data
    for componentsschemas_case_classifications_report_item_data in _componentsschemas_report_result_type_10:
        componentsschemas_case_classifications_report_item = CaseClassificationsRow.from_dict(
            componentsschemas_case_classifications_report_item_data
        )

        componentsschemas_report_result_type_10.append(componentsschemas_case_classifications_report_item)

    return componentsschemas_report_result_type_10


def _parse_case_details(data: object) -> ExportJob:
    """The answer of a `case_details` report, as `ExportJob`."""
    if not isinstance(data, dict):
        raise _not_a("ExportJob", data)
    componentsschemas_report_result_type_5 = ExportJob.from_dict(data)

    return componentsschemas_report_result_type_5


def _parse_nps_summary(data: object) -> NpsSummaryReport:
    """The answer of a `nps_summary` report, as `NpsSummaryReport`."""
    if not isinstance(data, dict):
        raise _not_a("NpsSummaryReport", data)
    componentsschemas_report_result_type_2 = NpsSummaryReport.from_dict(data)

    return componentsschemas_report_result_type_2


def _parse_nps_volume(data: object) -> list[NpsVolumeRow]:
    """The answer of a `nps_volume` report, as `NpsVolumeReport`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    componentsschemas_report_result_type_8 = []
    _componentsschemas_report_result_type_8 = data
    for componentsschemas_nps_volume_report_item_data in _componentsschemas_report_result_type_8:
        componentsschemas_nps_volume_report_item = NpsVolumeRow.from_dict(componentsschemas_nps_volume_report_item_data)

        componentsschemas_report_result_type_8.append(componentsschemas_nps_volume_report_item)

    return componentsschemas_report_result_type_8


def _parse_nps_submissions(data: object) -> ExportJob:
    """The answer of a `nps_submissions` report, as `ExportJob`."""
    if not isinstance(data, dict):
        raise _not_a("ExportJob", data)
    componentsschemas_report_result_type_5 = ExportJob.from_dict(data)

    return componentsschemas_report_result_type_5


def _parse_mention_sla_export(data: object) -> ExportJob:
    """The answer of a `mention_sla_export` report, as `ExportJob`."""
    if not isinstance(data, dict):
        raise _not_a("ExportJob", data)
    componentsschemas_report_result_type_5 = ExportJob.from_dict(data)

    return componentsschemas_report_result_type_5


_PARSERS: dict[type[Any], Callable[[object], Report]] = {
    SummaryRequest: _parse_summary,
    StatesVolumeRequest: _parse_states_volume,
    WorkflowStatesRequest: _parse_workflow_states,
    ClassificationsRequest: _parse_classifications,
    ResponseVolumeRequest: _parse_response_volume,
    UserSummaryRequest: _parse_user_summary,
    UserVolumeRequest: _parse_user_volume,
    CaseSummaryRequest: _parse_case_summary,
    CaseVolumeRequest: _parse_case_volume,
    CaseClassificationsRequest: _parse_case_classifications,
    CaseDetailsRequest: _parse_case_details,
    NpsSummaryRequest: _parse_nps_summary,
    NpsVolumeRequest: _parse_nps_volume,
    NpsSubmissionsRequest: _parse_nps_submissions,
    MentionSlaExportRequest: _parse_mention_sla_export,
}


def _parser(body: ReportRequest) -> Callable[[object], Report]:
    for request_type, parse in _PARSERS.items():
        if isinstance(body, request_type):
            return parse
    raise TypeError(f"not a report request: {type(body).__name__}")


@overload
def run_report(client: AuthenticatedClient, body: SummaryRequest) -> SummaryReport: ...


@overload
def run_report(client: AuthenticatedClient, body: StatesVolumeRequest) -> StatesVolumeReport: ...


@overload
def run_report(client: AuthenticatedClient, body: WorkflowStatesRequest) -> list[WorkflowStatesRow]: ...


@overload
def run_report(client: AuthenticatedClient, body: ClassificationsRequest) -> list[ClassificationsRow]: ...


@overload
def run_report(client: AuthenticatedClient, body: ResponseVolumeRequest) -> ResponseVolumeReport: ...


@overload
def run_report(client: AuthenticatedClient, body: UserSummaryRequest) -> list[UserSummaryRow]: ...


@overload
def run_report(client: AuthenticatedClient, body: UserVolumeRequest) -> list[UserVolumeRow]: ...


@overload
def run_report(client: AuthenticatedClient, body: CaseSummaryRequest) -> CaseSummaryReport: ...


@overload
def run_report(client: AuthenticatedClient, body: CaseVolumeRequest) -> CaseVolumeReport: ...


@overload
def run_report(client: AuthenticatedClient, body: CaseClassificationsRequest) -> list[CaseClassificationsRow]: ...


@overload
def run_report(client: AuthenticatedClient, body: CaseDetailsRequest) -> ExportJob: ...


@overload
def run_report(client: AuthenticatedClient, body: NpsSummaryRequest) -> NpsSummaryReport: ...


@overload
def run_report(client: AuthenticatedClient, body: NpsVolumeRequest) -> list[NpsVolumeRow]: ...


@overload
def run_report(client: AuthenticatedClient, body: NpsSubmissionsRequest) -> ExportJob: ...


@overload
def run_report(client: AuthenticatedClient, body: MentionSlaExportRequest) -> ExportJob: ...


def run_report(client: AuthenticatedClient, body: ReportRequest) -> Report:
    """Run a report; the answer is parsed with the model the request's type names.

    Raises:
        LexerApiError: on a documented error answer (400, 401, 404, 429).
        UnexpectedStatus: on any other non-200 answer.
    """
    parse = _parser(body)
    return parse(_ok_json(_report_endpoint.sync_detailed(client=client, body=body)))


@overload
async def run_report_async(client: AuthenticatedClient, body: SummaryRequest) -> SummaryReport: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: StatesVolumeRequest) -> StatesVolumeReport: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: WorkflowStatesRequest) -> list[WorkflowStatesRow]: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: ClassificationsRequest) -> list[ClassificationsRow]: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: ResponseVolumeRequest) -> ResponseVolumeReport: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: UserSummaryRequest) -> list[UserSummaryRow]: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: UserVolumeRequest) -> list[UserVolumeRow]: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: CaseSummaryRequest) -> CaseSummaryReport: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: CaseVolumeRequest) -> CaseVolumeReport: ...


@overload
async def run_report_async(
    client: AuthenticatedClient, body: CaseClassificationsRequest
) -> list[CaseClassificationsRow]: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: CaseDetailsRequest) -> ExportJob: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: NpsSummaryRequest) -> NpsSummaryReport: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: NpsVolumeRequest) -> list[NpsVolumeRow]: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: NpsSubmissionsRequest) -> ExportJob: ...


@overload
async def run_report_async(client: AuthenticatedClient, body: MentionSlaExportRequest) -> ExportJob: ...


async def run_report_async(client: AuthenticatedClient, body: ReportRequest) -> Report:
    """Like :func:`run_report`, with the client's async transport."""
    parse = _parser(body)
    return parse(_ok_json(await _report_endpoint.asyncio_detailed(client=client, body=body)))


def _parse_job(data: object) -> ExportJob:
    if not isinstance(data, dict):
        raise _not_a("dict", data)
    return ExportJob.from_dict(data)


def get_report_status(client: AuthenticatedClient, token: str) -> ExportJob:
    """The current state of the export job with this token.

    Raises:
        LexerApiError: on a documented error answer (404 for an unknown token, 401, 429).
        UnexpectedStatus: on any other non-200 answer.
    """
    return _parse_job(_ok_json(_status_endpoint.sync_detailed(client=client, token=token)))


async def get_report_status_async(client: AuthenticatedClient, token: str) -> ExportJob:
    """Like :func:`get_report_status`, with the client's async transport."""
    return _parse_job(_ok_json(await _status_endpoint.asyncio_detailed(client=client, token=token)))


def _poll_delay(error: LexerApiError, interval: float) -> float:
    """How long to wait after an error while polling; re-raises what waiting cannot cure."""
    if error.status_code == HTTPStatus.TOO_MANY_REQUESTS:
        return float(error.retry_after) if error.retry_after is not None else interval
    raise error


def wait_for_export(
    client: AuthenticatedClient,
    job: ExportJob,
    *,
    interval: float = 2.0,
    timeout: float = 600.0,
) -> ExportJob:
    """Poll the export job every ``interval`` seconds until it is complete, and return the complete job.

    A rate-limited poll (429) waits for ``Retry-After`` and goes on. Raises ``TimeoutError`` when the job is
    still pending after ``timeout`` seconds, ``LexerApiError`` on any other documented error.
    """
    deadline = time.monotonic() + timeout
    delay = interval
    while job.status != "complete":
        if time.monotonic() + delay > deadline:
            raise TimeoutError(f"export {job.token} still {job.status} after {timeout} s")
        time.sleep(delay)
        delay = interval
        try:
            job = get_report_status(client, job.token)
        except LexerApiError as error:
            delay = _poll_delay(error, interval)
    return job


async def wait_for_export_async(
    client: AuthenticatedClient,
    job: ExportJob,
    *,
    interval: float = 2.0,
    timeout: float = 600.0,
) -> ExportJob:
    """Like :func:`wait_for_export`, with the client's async transport."""
    deadline = time.monotonic() + timeout
    delay = interval
    while job.status != "complete":
        if time.monotonic() + delay > deadline:
            raise TimeoutError(f"export {job.token} still {job.status} after {timeout} s")
        await asyncio.sleep(delay)
        delay = interval
        try:
            job = await get_report_status_async(client, job.token)
        except LexerApiError as error:
            delay = _poll_delay(error, interval)
    return job


def _export_url(job: ExportJob) -> str:
    if job.status != "complete" or job.url is None:
        raise ValueError(f"export {job.token} is {job.status}; wait_for_export() first")
    return job.url


def download_export(job: ExportJob, *, timeout: float = 60.0) -> bytes:
    """The CSV file of a complete export job, downloaded from its ``url`` with a plain GET.

    The API token is not sent: the file's location is a URL of its own.
    """
    response = httpx.get(_export_url(job), timeout=timeout, follow_redirects=True)
    response.raise_for_status()
    return response.content


async def download_export_async(job: ExportJob, *, timeout: float = 60.0) -> bytes:
    """Like :func:`download_export`, with an async transport."""
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as http:
        response = await http.get(_export_url(job))
    response.raise_for_status()
    return response.content
