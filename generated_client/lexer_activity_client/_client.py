"""The typed client of the Lexer Activity API: :class:`Lexer` and :class:`AsyncLexer`.

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.

::

    from lexer_activity_client import Lexer

    client = Lexer()  # the token from LEXER_API_TOKEN, the base URL from LEXER_API_BASE_URL (or the API's)
    client.users.list()  # List users
    client.groups.list()  # List groups
    client.forms.list()  # List forms

Every method returns the operation's model and raises a :class:`lexer_activity_client.LexerError` on failure; it
retries connection errors, 429 and 5xx answers (``max_retries``, per client or per call).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from typing import Any, Generic, Self, TypeAlias, TypeVar, overload

import httpx

from ._base_client import (
    API_KEY_HEADER,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_STATUS_BASE_URL,
    DEFAULT_TIMEOUT,
    MAX_RETRY_AFTER,
    NOT_GIVEN,
    STATUS_BASE_URL_ENV,
    TOKEN_ENV,
    Destination,
    NotGiven,
    Options,
    Progress,
    Timeout,
    build_request,
    send,
    send_async,
    stream_to,
    stream_to_async,
)
from .client import AuthenticatedClient
from .errors import APIResponseValidationError, ExportTimeoutError, LexerError, RateLimitError
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
from .models.form import Form
from .models.group import Group
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
from .models.user import User
from .models.user_summary_request import UserSummaryRequest
from .models.user_summary_row import UserSummaryRow
from .models.user_volume_request import UserVolumeRequest
from .models.user_volume_row import UserVolumeRow
from .models.workflow_states_request import WorkflowStatesRequest
from .models.workflow_states_row import WorkflowStatesRow

__all__ = [
    "AsyncLexer",
    "Lexer",
    "RawResponse",
    "Report",
    "ReportRequest",
    "REPORT_TYPES",
    "REQUEST_MODELS",
]

T = TypeVar("T", covariant=True)

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

REQUEST_MODELS: dict[str, type[ReportRequest]] = {
    "summary": SummaryRequest,
    "states_volume": StatesVolumeRequest,
    "workflow_states": WorkflowStatesRequest,
    "classifications": ClassificationsRequest,
    "response_volume": ResponseVolumeRequest,
    "user_summary": UserSummaryRequest,
    "user_volume": UserVolumeRequest,
    "case_summary": CaseSummaryRequest,
    "case_volume": CaseVolumeRequest,
    "case_classifications": CaseClassificationsRequest,
    "case_details": CaseDetailsRequest,
    "nps_summary": NpsSummaryRequest,
    "nps_volume": NpsVolumeRequest,
    "nps_submissions": NpsSubmissionsRequest,
    "mention_sla_export": MentionSlaExportRequest,
}
"""The request model of every report type."""

EXPORT_TYPES: frozenset[str] = frozenset(
    {
        "case_details",
        "nps_submissions",
        "mention_sla_export",
    }
)
"""The report types whose answer is an export job (a CSV file to download)."""

ListUsersAnswer: TypeAlias = list[User]
ListGroupsAnswer: TypeAlias = list[Group]
ListFormsAnswer: TypeAlias = list[Form]
GetReportStatusAnswer: TypeAlias = ExportJob


def _not_a(expected: str, data: object) -> TypeError:
    return TypeError(f"expected {expected} in the answer, got {type(data).__name__}")


def _parse_list_users(data: object) -> ListUsersAnswer:
    """The 200 answer of `listUsers`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    response_200 = []
    _response_200 = data
    for response_200_item_data in _response_200:
        response_200_item = User.from_dict(response_200_item_data)

        response_200.append(response_200_item)

    return response_200


def _parse_list_groups(data: object) -> ListGroupsAnswer:
    """The 200 answer of `listGroups`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    response_200 = []
    _response_200 = data
    for response_200_item_data in _response_200:
        response_200_item = Group.from_dict(response_200_item_data)

        response_200.append(response_200_item)

    return response_200


def _parse_list_forms(data: object) -> ListFormsAnswer:
    """The 200 answer of `listForms`."""
    if not isinstance(data, list):
        raise _not_a("list", data)
    response_200 = []
    _response_200 = data
    for response_200_item_data in _response_200:
        response_200_item = Form.from_dict(response_200_item_data)

        response_200.append(response_200_item)

    return response_200


def _parse_get_report_status(data: object) -> GetReportStatusAnswer:
    """The 200 answer of `getReportStatus`."""
    if not isinstance(data, dict):
        raise _not_a("ExportJob", data)
    response_200 = ExportJob.from_dict(data)

    return response_200


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


_REPORT_PARSERS: dict[type[Any], Callable[[object], Report]] = {
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


def report_parser(body: ReportRequest) -> Callable[[object], Report]:
    """The parser of the answer to ``body``: the model its report type names."""
    parse = _REPORT_PARSERS.get(type(body))
    if parse is None:
        for request_type, candidate in _REPORT_PARSERS.items():
            if isinstance(body, request_type):
                return candidate
        raise TypeError(f"not a report request: {type(body).__name__}")
    return parse


class RawResponse(Generic[T]):
    """An answer as it was received (``with_raw_response``), parsed into its model by :meth:`parse`.

    Attributes:
        http_response: the ``httpx.Response``; ``status_code``, ``headers``, ``content`` and ``request``
            are its own.
    """

    def __init__(self, response: httpx.Response, parse: Callable[[object], T]) -> None:
        self.http_response = response
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def request(self) -> httpx.Request:
        return self.http_response.request

    def json(self) -> object:
        """The body as JSON."""
        return self.http_response.json()

    def parse(self) -> T:
        """The body as the operation's model; raises APIResponseValidationError when it is not that shape."""
        try:
            data: object = json.loads(self.http_response.content)
        except ValueError as exc:
            raise APIResponseValidationError(self.http_response, f"not JSON ({exc})") from exc
        try:
            return self._parse(data)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise APIResponseValidationError(self.http_response, f"{type(exc).__name__}: {exc}") from exc


def _as_timeout(timeout: Timeout) -> httpx.Timeout | None:
    return timeout if timeout is None or isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def _status_base_url(base_url: str, status_base_url: str | None) -> str:
    """The status call's server: as given, else LEXER_API_STATUS_BASE_URL, else the documents' host when
    the client talks to the API's own server, else the client's server (a mock or proxy serves both)."""
    chosen = status_base_url or os.environ.get(STATUS_BASE_URL_ENV)
    if chosen:
        return chosen.rstrip("/")
    if base_url.rstrip("/") == DEFAULT_BASE_URL.rstrip("/"):
        return DEFAULT_STATUS_BASE_URL.rstrip("/")
    return base_url.rstrip("/")


def _authenticated_client(
    token: str | None, base_url: str | None, timeout: Timeout, httpx_args: dict[str, Any] | None
) -> AuthenticatedClient:
    token = token or os.environ.get(TOKEN_ENV)
    if not token:
        raise LexerError(f"no API token: pass token=... or set {TOKEN_ENV}")
    return AuthenticatedClient(
        base_url=(base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/"),
        token=token,
        prefix="",
        auth_header_name=API_KEY_HEADER,
        timeout=_as_timeout(timeout),
        httpx_args=dict(httpx_args or {}),
    )


class UsersWithRawResponse:
    """The `users` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer

    def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ListUsersAnswer]:
        """List users: `GET /users`."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = self._lexer._send(
            "GET",
            "/users",
            options,
        )
        return RawResponse(response, _parse_list_users)


class Users:
    """The `users` operations."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer
        self._raw = UsersWithRawResponse(lexer)

    def list(self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN) -> ListUsersAnswer:
        """List users.

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = self._raw.list(max_retries=max_retries, timeout=timeout)
        return raw.parse()


class GroupsWithRawResponse:
    """The `groups` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer

    def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ListGroupsAnswer]:
        """List groups: `GET /groups`."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = self._lexer._send(
            "GET",
            "/groups",
            options,
        )
        return RawResponse(response, _parse_list_groups)


class Groups:
    """The `groups` operations."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer
        self._raw = GroupsWithRawResponse(lexer)

    def list(self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN) -> ListGroupsAnswer:
        """List groups.

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = self._raw.list(max_retries=max_retries, timeout=timeout)
        return raw.parse()


class FormsWithRawResponse:
    """The `forms` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer

    def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ListFormsAnswer]:
        """List forms: `GET /forms`."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = self._lexer._send(
            "GET",
            "/forms",
            options,
        )
        return RawResponse(response, _parse_list_forms)


class Forms:
    """The `forms` operations."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer
        self._raw = FormsWithRawResponse(lexer)

    def list(self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN) -> ListFormsAnswer:
        """List forms.

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = self._raw.list(max_retries=max_retries, timeout=timeout)
        return raw.parse()


class ReportsWithRawResponse:
    """The `reports` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer

    @overload
    def run(
        self, body: SummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[SummaryReport]: ...

    @overload
    def run(
        self, body: StatesVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[StatesVolumeReport]: ...

    @overload
    def run(
        self, body: WorkflowStatesRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[WorkflowStatesRow]]: ...

    @overload
    def run(
        self, body: ClassificationsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[ClassificationsRow]]: ...

    @overload
    def run(
        self, body: ResponseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ResponseVolumeReport]: ...

    @overload
    def run(
        self, body: UserSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[UserSummaryRow]]: ...

    @overload
    def run(
        self, body: UserVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[UserVolumeRow]]: ...

    @overload
    def run(
        self, body: CaseSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[CaseSummaryReport]: ...

    @overload
    def run(
        self, body: CaseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[CaseVolumeReport]: ...

    @overload
    def run(
        self,
        body: CaseClassificationsRequest,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> RawResponse[list[CaseClassificationsRow]]: ...

    @overload
    def run(
        self, body: CaseDetailsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ExportJob]: ...

    @overload
    def run(
        self, body: NpsSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[NpsSummaryReport]: ...

    @overload
    def run(
        self, body: NpsVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[NpsVolumeRow]]: ...

    @overload
    def run(
        self, body: NpsSubmissionsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ExportJob]: ...

    @overload
    def run(
        self, body: MentionSlaExportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ExportJob]: ...

    def run(
        self, body: ReportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[Report]:
        """Run a report or start a CSV export: `POST /activity/reports`."""
        parse = report_parser(body)
        options = self._lexer.options.merge(max_retries, timeout)
        response = self._lexer._send("POST", "/activity/reports", options, json=body.to_dict())
        return RawResponse(response, parse)

    def status(
        self, token: str, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[GetReportStatusAnswer]:
        """Get the status of a CSV export: `GET /activity/reports/status` on ``status_base_url``."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = self._lexer._send(
            "GET",
            "/activity/reports/status",
            options,
            params={
                "token": token,
            },
            status_host=True,
        )
        return RawResponse(response, _parse_get_report_status)


class Reports:
    """The `reports` operations."""

    def __init__(self, lexer: Lexer) -> None:
        self._lexer = lexer
        self._raw = ReportsWithRawResponse(lexer)

    @overload
    def run(
        self, body: SummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> SummaryReport: ...

    @overload
    def run(
        self, body: StatesVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> StatesVolumeReport: ...

    @overload
    def run(
        self, body: WorkflowStatesRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[WorkflowStatesRow]: ...

    @overload
    def run(
        self, body: ClassificationsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[ClassificationsRow]: ...

    @overload
    def run(
        self, body: ResponseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ResponseVolumeReport: ...

    @overload
    def run(
        self, body: UserSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[UserSummaryRow]: ...

    @overload
    def run(
        self, body: UserVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[UserVolumeRow]: ...

    @overload
    def run(
        self, body: CaseSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> CaseSummaryReport: ...

    @overload
    def run(
        self, body: CaseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> CaseVolumeReport: ...

    @overload
    def run(
        self,
        body: CaseClassificationsRequest,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> list[CaseClassificationsRow]: ...

    @overload
    def run(
        self, body: CaseDetailsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ExportJob: ...

    @overload
    def run(
        self, body: NpsSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> NpsSummaryReport: ...

    @overload
    def run(
        self, body: NpsVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[NpsVolumeRow]: ...

    @overload
    def run(
        self, body: NpsSubmissionsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ExportJob: ...

    @overload
    def run(
        self, body: MentionSlaExportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ExportJob: ...

    def run(
        self, body: ReportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> Report:
        """Run a report or start a CSV export; the answer is parsed with the model the request's type names.

        Raises:
            BadRequestError: 400 (``.type`` says why); AuthenticationError: 401; NotFoundError: 404;
            RateLimitError: 429 after the retries; InternalServerError: 5xx after the retries;
            APIConnectionError / APITimeoutError: no answer after the retries.
        """
        raw: RawResponse[Report] = self._raw.run(body, max_retries=max_retries, timeout=timeout)
        return raw.parse()

    def status(
        self, token: str, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> GetReportStatusAnswer:
        """Get the status of a CSV export (on ``status_base_url``).

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = self._raw.status(token, max_retries=max_retries, timeout=timeout)
        return raw.parse()

    def wait(
        self,
        job: ExportJob,
        *,
        interval: float = 2.0,
        timeout: float = 600.0,
        on_poll: Callable[[ExportJob], None] | None = None,
    ) -> ExportJob:
        """Poll the export job every ``interval`` seconds until it is complete; returns the complete job.

        ``on_poll`` is called with the job after every poll. A poll still rate limited after its retries
        waits for ``Retry-After`` and goes on. Raises ExportTimeoutError (a TimeoutError) when the job is
        still pending after ``timeout`` seconds, and any other error of the status call.
        """
        deadline = time.monotonic() + timeout
        delay = interval
        while job.status != "complete":
            if time.monotonic() + delay > deadline:
                raise ExportTimeoutError(job, f"export {job.token} still {job.status} after {timeout} s")
            time.sleep(delay)
            delay = interval
            try:
                job = self.status(job.token)
            except RateLimitError as error:
                delay = float(error.retry_after) if error.retry_after is not None else interval
                continue
            if on_poll is not None:
                on_poll(job)
        return job

    def download(
        self,
        job: ExportJob,
        destination: Destination,
        *,
        progress: Progress | None = None,
        chunk_size: int = 65536,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> int:
        """Stream the CSV file of a complete export job into ``destination`` (a path or a binary file);
        returns the number of bytes written.

        The file is fetched with the client's own httpx client (its transport, timeout and proxies) but
        without the API token (the file's URL is its own credential), following redirects. A path is
        written to a temporary file next to it and renamed at the end, so a failure leaves nothing behind.
        ``progress(bytes_so_far, total_or_None)`` is called as chunks arrive.
        """
        if job.status != "complete" or not isinstance(job.url, str):
            raise ValueError(f"export {job.token} is {job.status}; wait for it first")
        options = self._lexer.options.merge(max_retries, timeout)
        http = self._lexer.client.get_httpx_client()
        request = build_request(http, "GET", job.url, options, token=False)
        return stream_to(http, request, options, destination, progress, chunk_size)


class LexerWithRawResponse:
    """``Lexer.with_raw_response``: the same operations, answering with :class:`RawResponse`."""

    def __init__(self, lexer: Lexer) -> None:
        self.users = UsersWithRawResponse(lexer)
        self.groups = GroupsWithRawResponse(lexer)
        self.forms = FormsWithRawResponse(lexer)
        self.reports = ReportsWithRawResponse(lexer)


class Lexer:
    """The Lexer Activity API.

    Args:
        token: The API token; default: the environment variable ``LEXER_API_TOKEN``.
        base_url: The API's server; default: ``LEXER_API_BASE_URL``, else ``DEFAULT_BASE_URL``.
        status_base_url: The server of the exports' status call; default: ``LEXER_API_STATUS_BASE_URL``,
            else ``DEFAULT_STATUS_BASE_URL`` (the documents' host) when ``base_url`` is the API's own,
            else ``base_url``.
        max_retries: Retries of a call that failed to connect or got a 429 or 5xx (default 2).
        timeout: Seconds (or an ``httpx.Timeout``, or None for none) for each request.
        max_retry_after: The longest ``Retry-After`` (seconds) a retry waits out; longer ones raise at once.
        httpx_args: Further arguments of the ``httpx.Client`` (``transport``, ``proxy``, ``verify``, ...).
        client: An ``AuthenticatedClient`` to use instead (token, base URL, timeout and httpx arguments
            are then its own).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        status_base_url: str | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retry_after: float = MAX_RETRY_AFTER,
        httpx_args: dict[str, Any] | None = None,
        client: AuthenticatedClient | None = None,
    ) -> None:
        self.client = client or _authenticated_client(token, base_url, timeout, httpx_args)
        self.base_url = str(self.client.get_httpx_client().base_url).rstrip("/")
        self.status_base_url = _status_base_url(self.base_url, status_base_url)
        self.options = Options(max_retries=max_retries, max_retry_after=max_retry_after)
        self.users = Users(self)
        self.groups = Groups(self)
        self.forms = Forms(self)
        self.reports = Reports(self)
        self.with_raw_response = LexerWithRawResponse(self)

    @property
    def max_retries(self) -> int:
        return self.options.max_retries

    def with_options(
        self,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        status_base_url: str | None = None,
    ) -> Self:
        """A copy of this client with other settings, sharing its connections."""
        other = type(self)(client=self.client, status_base_url=status_base_url or self.status_base_url)
        other.options = self.options.merge(max_retries, timeout)
        return other

    def _send(
        self,
        method: str,
        path: str,
        options: Options,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        status_host: bool = False,
    ) -> httpx.Response:
        http = self.client.get_httpx_client()
        url = f"{self.status_base_url}{path}" if status_host else path
        request = build_request(http, method, url, options, params=params, json=json)
        return send(http, request, options)

    def close(self) -> None:
        """Close the connections."""
        self.client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


class AsyncUsersWithRawResponse:
    """The `users` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer

    async def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ListUsersAnswer]:
        """List users: `GET /users`."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = await self._lexer._send(
            "GET",
            "/users",
            options,
        )
        return RawResponse(response, _parse_list_users)


class AsyncUsers:
    """The `users` operations."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer
        self._raw = AsyncUsersWithRawResponse(lexer)

    async def list(self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN) -> ListUsersAnswer:
        """List users.

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = await self._raw.list(max_retries=max_retries, timeout=timeout)
        return raw.parse()


class AsyncGroupsWithRawResponse:
    """The `groups` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer

    async def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ListGroupsAnswer]:
        """List groups: `GET /groups`."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = await self._lexer._send(
            "GET",
            "/groups",
            options,
        )
        return RawResponse(response, _parse_list_groups)


class AsyncGroups:
    """The `groups` operations."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer
        self._raw = AsyncGroupsWithRawResponse(lexer)

    async def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ListGroupsAnswer:
        """List groups.

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = await self._raw.list(max_retries=max_retries, timeout=timeout)
        return raw.parse()


class AsyncFormsWithRawResponse:
    """The `forms` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer

    async def list(
        self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ListFormsAnswer]:
        """List forms: `GET /forms`."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = await self._lexer._send(
            "GET",
            "/forms",
            options,
        )
        return RawResponse(response, _parse_list_forms)


class AsyncForms:
    """The `forms` operations."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer
        self._raw = AsyncFormsWithRawResponse(lexer)

    async def list(self, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN) -> ListFormsAnswer:
        """List forms.

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = await self._raw.list(max_retries=max_retries, timeout=timeout)
        return raw.parse()


class AsyncReportsWithRawResponse:
    """The `reports` operations, answering with the :class:`RawResponse` (still raising on errors)."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer

    @overload
    async def run(
        self, body: SummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[SummaryReport]: ...

    @overload
    async def run(
        self, body: StatesVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[StatesVolumeReport]: ...

    @overload
    async def run(
        self, body: WorkflowStatesRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[WorkflowStatesRow]]: ...

    @overload
    async def run(
        self, body: ClassificationsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[ClassificationsRow]]: ...

    @overload
    async def run(
        self, body: ResponseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ResponseVolumeReport]: ...

    @overload
    async def run(
        self, body: UserSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[UserSummaryRow]]: ...

    @overload
    async def run(
        self, body: UserVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[UserVolumeRow]]: ...

    @overload
    async def run(
        self, body: CaseSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[CaseSummaryReport]: ...

    @overload
    async def run(
        self, body: CaseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[CaseVolumeReport]: ...

    @overload
    async def run(
        self,
        body: CaseClassificationsRequest,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> RawResponse[list[CaseClassificationsRow]]: ...

    @overload
    async def run(
        self, body: CaseDetailsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ExportJob]: ...

    @overload
    async def run(
        self, body: NpsSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[NpsSummaryReport]: ...

    @overload
    async def run(
        self, body: NpsVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[list[NpsVolumeRow]]: ...

    @overload
    async def run(
        self, body: NpsSubmissionsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ExportJob]: ...

    @overload
    async def run(
        self, body: MentionSlaExportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[ExportJob]: ...

    async def run(
        self, body: ReportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[Report]:
        """Run a report or start a CSV export: `POST /activity/reports`."""
        parse = report_parser(body)
        options = self._lexer.options.merge(max_retries, timeout)
        response = await self._lexer._send("POST", "/activity/reports", options, json=body.to_dict())
        return RawResponse(response, parse)

    async def status(
        self, token: str, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> RawResponse[GetReportStatusAnswer]:
        """Get the status of a CSV export: `GET /activity/reports/status` on ``status_base_url``."""
        options = self._lexer.options.merge(max_retries, timeout)
        response = await self._lexer._send(
            "GET",
            "/activity/reports/status",
            options,
            params={
                "token": token,
            },
            status_host=True,
        )
        return RawResponse(response, _parse_get_report_status)


class AsyncReports:
    """The `reports` operations."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self._lexer = lexer
        self._raw = AsyncReportsWithRawResponse(lexer)

    @overload
    async def run(
        self, body: SummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> SummaryReport: ...

    @overload
    async def run(
        self, body: StatesVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> StatesVolumeReport: ...

    @overload
    async def run(
        self, body: WorkflowStatesRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[WorkflowStatesRow]: ...

    @overload
    async def run(
        self, body: ClassificationsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[ClassificationsRow]: ...

    @overload
    async def run(
        self, body: ResponseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ResponseVolumeReport: ...

    @overload
    async def run(
        self, body: UserSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[UserSummaryRow]: ...

    @overload
    async def run(
        self, body: UserVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[UserVolumeRow]: ...

    @overload
    async def run(
        self, body: CaseSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> CaseSummaryReport: ...

    @overload
    async def run(
        self, body: CaseVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> CaseVolumeReport: ...

    @overload
    async def run(
        self,
        body: CaseClassificationsRequest,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> list[CaseClassificationsRow]: ...

    @overload
    async def run(
        self, body: CaseDetailsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ExportJob: ...

    @overload
    async def run(
        self, body: NpsSummaryRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> NpsSummaryReport: ...

    @overload
    async def run(
        self, body: NpsVolumeRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> list[NpsVolumeRow]: ...

    @overload
    async def run(
        self, body: NpsSubmissionsRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ExportJob: ...

    @overload
    async def run(
        self, body: MentionSlaExportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> ExportJob: ...

    async def run(
        self, body: ReportRequest, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> Report:
        """Run a report or start a CSV export; the answer is parsed with the model the request's type names.

        Raises:
            BadRequestError: 400 (``.type`` says why); AuthenticationError: 401; NotFoundError: 404;
            RateLimitError: 429 after the retries; InternalServerError: 5xx after the retries;
            APIConnectionError / APITimeoutError: no answer after the retries.
        """
        raw: RawResponse[Report] = await self._raw.run(body, max_retries=max_retries, timeout=timeout)
        return raw.parse()

    async def status(
        self, token: str, *, max_retries: int | None = None, timeout: Timeout | NotGiven = NOT_GIVEN
    ) -> GetReportStatusAnswer:
        """Get the status of a CSV export (on ``status_base_url``).

        Raises:
            AuthenticationError: 401; NotFoundError: 404; RateLimitError: 429 after the retries;
            InternalServerError: 5xx after the retries; APIConnectionError / APITimeoutError: no answer.
        """
        raw = await self._raw.status(token, max_retries=max_retries, timeout=timeout)
        return raw.parse()

    async def wait(
        self,
        job: ExportJob,
        *,
        interval: float = 2.0,
        timeout: float = 600.0,
        on_poll: Callable[[ExportJob], None] | None = None,
    ) -> ExportJob:
        """Poll the export job every ``interval`` seconds until it is complete; returns the complete job.

        ``on_poll`` is called with the job after every poll. A poll still rate limited after its retries
        waits for ``Retry-After`` and goes on. Raises ExportTimeoutError (a TimeoutError) when the job is
        still pending after ``timeout`` seconds, and any other error of the status call.
        """
        deadline = time.monotonic() + timeout
        delay = interval
        while job.status != "complete":
            if time.monotonic() + delay > deadline:
                raise ExportTimeoutError(job, f"export {job.token} still {job.status} after {timeout} s")
            await asyncio.sleep(delay)
            delay = interval
            try:
                job = await self.status(job.token)
            except RateLimitError as error:
                delay = float(error.retry_after) if error.retry_after is not None else interval
                continue
            if on_poll is not None:
                on_poll(job)
        return job

    async def download(
        self,
        job: ExportJob,
        destination: Destination,
        *,
        progress: Progress | None = None,
        chunk_size: int = 65536,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> int:
        """Stream the CSV file of a complete export job into ``destination`` (a path or a binary file);
        returns the number of bytes written.

        The file is fetched with the client's own httpx client (its transport, timeout and proxies) but
        without the API token (the file's URL is its own credential), following redirects. A path is
        written to a temporary file next to it and renamed at the end, so a failure leaves nothing behind.
        ``progress(bytes_so_far, total_or_None)`` is called as chunks arrive.
        """
        if job.status != "complete" or not isinstance(job.url, str):
            raise ValueError(f"export {job.token} is {job.status}; wait for it first")
        options = self._lexer.options.merge(max_retries, timeout)
        http = self._lexer.client.get_async_httpx_client()
        request = build_request(http, "GET", job.url, options, token=False)
        return await stream_to_async(http, request, options, destination, progress, chunk_size)


class AsyncLexerWithRawResponse:
    """``AsyncLexer.with_raw_response``: the same operations, answering with :class:`RawResponse`."""

    def __init__(self, lexer: AsyncLexer) -> None:
        self.users = AsyncUsersWithRawResponse(lexer)
        self.groups = AsyncGroupsWithRawResponse(lexer)
        self.forms = AsyncFormsWithRawResponse(lexer)
        self.reports = AsyncReportsWithRawResponse(lexer)


class AsyncLexer:
    """The Lexer Activity API, with an async transport.

    Args:
        token: The API token; default: the environment variable ``LEXER_API_TOKEN``.
        base_url: The API's server; default: ``LEXER_API_BASE_URL``, else ``DEFAULT_BASE_URL``.
        status_base_url: The server of the exports' status call; default: ``LEXER_API_STATUS_BASE_URL``,
            else ``DEFAULT_STATUS_BASE_URL`` (the documents' host) when ``base_url`` is the API's own,
            else ``base_url``.
        max_retries: Retries of a call that failed to connect or got a 429 or 5xx (default 2).
        timeout: Seconds (or an ``httpx.Timeout``, or None for none) for each request.
        max_retry_after: The longest ``Retry-After`` (seconds) a retry waits out; longer ones raise at once.
        httpx_args: Further arguments of the ``httpx.AsyncClient`` (``transport``, ``proxy``, ``verify``, ...).
        client: An ``AuthenticatedClient`` to use instead (token, base URL, timeout and httpx arguments
            are then its own).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        status_base_url: str | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retry_after: float = MAX_RETRY_AFTER,
        httpx_args: dict[str, Any] | None = None,
        client: AuthenticatedClient | None = None,
    ) -> None:
        self.client = client or _authenticated_client(token, base_url, timeout, httpx_args)
        self.base_url = str(self.client.get_async_httpx_client().base_url).rstrip("/")
        self.status_base_url = _status_base_url(self.base_url, status_base_url)
        self.options = Options(max_retries=max_retries, max_retry_after=max_retry_after)
        self.users = AsyncUsers(self)
        self.groups = AsyncGroups(self)
        self.forms = AsyncForms(self)
        self.reports = AsyncReports(self)
        self.with_raw_response = AsyncLexerWithRawResponse(self)

    @property
    def max_retries(self) -> int:
        return self.options.max_retries

    def with_options(
        self,
        *,
        max_retries: int | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        status_base_url: str | None = None,
    ) -> Self:
        """A copy of this client with other settings, sharing its connections."""
        other = type(self)(client=self.client, status_base_url=status_base_url or self.status_base_url)
        other.options = self.options.merge(max_retries, timeout)
        return other

    async def _send(
        self,
        method: str,
        path: str,
        options: Options,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        status_host: bool = False,
    ) -> httpx.Response:
        http = self.client.get_async_httpx_client()
        url = f"{self.status_base_url}{path}" if status_host else path
        request = build_request(http, method, url, options, params=params, json=json)
        return await send_async(http, request, options)

    async def close(self) -> None:
        """Close the connections."""
        await self.client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.close()
