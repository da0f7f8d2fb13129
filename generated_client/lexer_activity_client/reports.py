"""Typed access to the reports of the Lexer Activity API: a request model in, its report model out.

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.

The functions of this module take the generated ``AuthenticatedClient``; they are the typed client
(:class:`lexer_activity_client.Lexer`) called on that client::

    report = run_report(client, SummaryRequest(date_from=..., date_to=...))
    # report is a SummaryReport, for the type checker and at run time.

Error answers raise the errors of :mod:`lexer_activity_client.errors` (``LexerApiError`` is
:class:`lexer_activity_client.APIStatusError`); connection errors, 429 and 5xx answers are retried twice first.
"""

import io
from typing import Any, overload

import httpx

from ._base_client import (
    API_KEY_HEADER,
    DEFAULT_BASE_URL,
    DEFAULT_STATUS_BASE_URL,
    Options,
    build_request,
    stream_to,
    stream_to_async,
)
from ._client import REPORT_TYPES, AsyncLexer, Lexer, Report, ReportRequest
from .client import AuthenticatedClient
from .errors import APIStatusError
from .models.case_classifications_request import CaseClassificationsRequest
from .models.case_classifications_row import CaseClassificationsRow
from .models.case_details_request import CaseDetailsRequest
from .models.case_summary_report import CaseSummaryReport
from .models.case_summary_request import CaseSummaryRequest
from .models.case_volume_report import CaseVolumeReport
from .models.case_volume_request import CaseVolumeRequest
from .models.classifications_request import ClassificationsRequest
from .models.classifications_row import ClassificationsRow
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

__all__ = (
    "API_KEY_HEADER",
    "DEFAULT_BASE_URL",
    "DEFAULT_STATUS_BASE_URL",
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

LexerApiError = APIStatusError
"""The first releases' name of :class:`lexer_activity_client.APIStatusError` (``.status_code``, ``.error``,
``.retry_after``); its subclasses tell the statuses apart."""


def make_client(token: str, *, base_url: str = DEFAULT_BASE_URL, **kwargs: Any) -> AuthenticatedClient:
    """An ``AuthenticatedClient`` that sends ``token`` in the API's token header (no prefix).

    Further keyword arguments (``timeout``, ``httpx_args``, ...) go to ``AuthenticatedClient``.
    """
    return AuthenticatedClient(base_url=base_url, token=token, prefix="", auth_header_name=API_KEY_HEADER, **kwargs)


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
    """Run a report; the answer is parsed with the model the request's type names (``Lexer.reports.run``)."""
    return Lexer(client=client).reports.run(body)


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
    return await AsyncLexer(client=client).reports.run(body)


def get_report_status(client: AuthenticatedClient, token: str, *, status_base_url: str | None = None) -> ExportJob:
    """The current state of the export job with this token, asked of ``status_base_url`` (default: the
    documents' host when ``client`` talks to the API's own server, else the client's server)."""
    return Lexer(client=client, status_base_url=status_base_url).reports.status(token)


async def get_report_status_async(
    client: AuthenticatedClient, token: str, *, status_base_url: str | None = None
) -> ExportJob:
    """Like :func:`get_report_status`, with the client's async transport."""
    return await AsyncLexer(client=client, status_base_url=status_base_url).reports.status(token)


def wait_for_export(
    client: AuthenticatedClient,
    job: ExportJob,
    *,
    interval: float = 2.0,
    timeout: float = 600.0,
    status_base_url: str | None = None,
) -> ExportJob:
    """Poll the export job every ``interval`` seconds until it is complete, and return the complete job.

    A rate-limited poll (429) waits for ``Retry-After`` and goes on. Raises ``ExportTimeoutError`` (a
    ``TimeoutError``) when the job is still pending after ``timeout`` seconds.
    """
    lexer = Lexer(client=client, status_base_url=status_base_url)
    return lexer.reports.wait(job, interval=interval, timeout=timeout)


async def wait_for_export_async(
    client: AuthenticatedClient,
    job: ExportJob,
    *,
    interval: float = 2.0,
    timeout: float = 600.0,
    status_base_url: str | None = None,
) -> ExportJob:
    """Like :func:`wait_for_export`, with the client's async transport."""
    lexer = AsyncLexer(client=client, status_base_url=status_base_url)
    return await lexer.reports.wait(job, interval=interval, timeout=timeout)


def _export_url(job: ExportJob) -> str:
    if job.status != "complete" or not isinstance(job.url, str):
        raise ValueError(f"export {job.token} is {job.status}; wait_for_export() first")
    return job.url


def download_export(job: ExportJob, client: AuthenticatedClient | None = None, *, timeout: float = 60.0) -> bytes:
    """The CSV file of a complete export job, in memory. With ``client``, it is fetched through that client's
    httpx client (its transport, timeout and proxies); the API token is not sent. ``Lexer.reports.download``
    streams to a file instead."""
    buffer = io.BytesIO()
    if client is not None:
        Lexer(client=client).reports.download(job, buffer)
        return buffer.getvalue()
    options = Options(timeout=timeout)
    with httpx.Client() as http:
        stream_to(
            http, build_request(http, "GET", _export_url(job), options, token=False), options, buffer, None, 65536
        )
    return buffer.getvalue()


async def download_export_async(
    job: ExportJob, client: AuthenticatedClient | None = None, *, timeout: float = 60.0
) -> bytes:
    """Like :func:`download_export`, with an async transport."""
    buffer = io.BytesIO()
    if client is not None:
        await AsyncLexer(client=client).reports.download(job, buffer)
        return buffer.getvalue()
    options = Options(timeout=timeout)
    async with httpx.AsyncClient() as http:
        request = build_request(http, "GET", _export_url(job), options, token=False)
        await stream_to_async(http, request, options, buffer, None, 65536)
    return buffer.getvalue()
