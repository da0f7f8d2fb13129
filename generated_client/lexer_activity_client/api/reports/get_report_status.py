from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.export_job import ExportJob
from ...types import UNSET, Response


def _get_kwargs(
    *,
    token: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["token"] = token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/activity/reports/status",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | ExportJob | None:
    if response.status_code == 200:
        response_200 = ExportJob.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | ExportJob]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    token: str,
) -> Response[Error | ExportJob]:
    """Get the status of a CSV export

     Returns the export job that `runReport` started for a CSV export (`case_details`, `nps_submissions`
    or `mention_sla_export`). While the file is being prepared the job is `pending` and its `url` is
    null; once it is `complete`, `url` is the location of the CSV file, which you download with a plain
    GET. The documentation calls this endpoint only on `https://clients.lexer.io/api/public/v1`, the
    first and default server here; Lexer's export draft heads its status section with
    `https://api.lexer.io/v1/activity/reports/status`, the second. (The export draft's curl, `GET
    /activity/reports?status=<token>`, is not part of this contract: see the resolved slips.)

    Args:
        token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExportJob]
    """

    kwargs = _get_kwargs(
        token=token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    token: str,
) -> Error | ExportJob | None:
    """Get the status of a CSV export

     Returns the export job that `runReport` started for a CSV export (`case_details`, `nps_submissions`
    or `mention_sla_export`). While the file is being prepared the job is `pending` and its `url` is
    null; once it is `complete`, `url` is the location of the CSV file, which you download with a plain
    GET. The documentation calls this endpoint only on `https://clients.lexer.io/api/public/v1`, the
    first and default server here; Lexer's export draft heads its status section with
    `https://api.lexer.io/v1/activity/reports/status`, the second. (The export draft's curl, `GET
    /activity/reports?status=<token>`, is not part of this contract: see the resolved slips.)

    Args:
        token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExportJob
    """

    return sync_detailed(
        client=client,
        token=token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    token: str,
) -> Response[Error | ExportJob]:
    """Get the status of a CSV export

     Returns the export job that `runReport` started for a CSV export (`case_details`, `nps_submissions`
    or `mention_sla_export`). While the file is being prepared the job is `pending` and its `url` is
    null; once it is `complete`, `url` is the location of the CSV file, which you download with a plain
    GET. The documentation calls this endpoint only on `https://clients.lexer.io/api/public/v1`, the
    first and default server here; Lexer's export draft heads its status section with
    `https://api.lexer.io/v1/activity/reports/status`, the second. (The export draft's curl, `GET
    /activity/reports?status=<token>`, is not part of this contract: see the resolved slips.)

    Args:
        token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExportJob]
    """

    kwargs = _get_kwargs(
        token=token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    token: str,
) -> Error | ExportJob | None:
    """Get the status of a CSV export

     Returns the export job that `runReport` started for a CSV export (`case_details`, `nps_submissions`
    or `mention_sla_export`). While the file is being prepared the job is `pending` and its `url` is
    null; once it is `complete`, `url` is the location of the CSV file, which you download with a plain
    GET. The documentation calls this endpoint only on `https://clients.lexer.io/api/public/v1`, the
    first and default server here; Lexer's export draft heads its status section with
    `https://api.lexer.io/v1/activity/reports/status`, the second. (The export draft's curl, `GET
    /activity/reports?status=<token>`, is not part of this contract: see the resolved slips.)

    Args:
        token (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExportJob
    """

    return (
        await asyncio_detailed(
            client=client,
            token=token,
        )
    ).parsed
