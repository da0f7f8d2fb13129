"""The HTTP answers the mock's handlers send: JSON and CSV bodies, and absolute URLs back to the mock."""

from __future__ import annotations

from starlette.responses import Response

from mock_server import own_address

JSON = "application/json"
CSV = "text/csv; charset=utf-8"


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=JSON, headers=headers)


def csv_response(body: bytes, filename: str) -> Response:
    return Response(
        body, media_type=CSV, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# Absolute URLs back to the mock: from its own address or --public-url, never from a foreign Host.
base_url = own_address.base_url
