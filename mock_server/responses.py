"""The HTTP answers the mock's handlers send: JSON and CSV bodies, and absolute URLs back to the mock."""

from __future__ import annotations

from starlette.responses import Response

from mock_server import own_address

JSON = "application/json"
JSON_BYTES = JSON.encode("latin-1")
CSV = "text/csv; charset=utf-8"


class _Json(Response):
    """A JSON answer whose head is written directly: Starlette's Response works out the same two
    headers, in the same order, from its arguments on every answer."""

    media_type = JSON

    def __init__(self, body: bytes, status: int) -> None:
        self.status_code = status
        self.background = None
        self.body = body
        self.raw_headers = [
            (b"content-length", str(len(body)).encode("latin-1")),
            (b"content-type", JSON_BYTES),
        ]


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    if headers:
        return Response(body, status_code=status, media_type=JSON, headers=headers)
    return _Json(body, status)


def csv_response(body: bytes, filename: str) -> Response:
    return Response(
        body, media_type=CSV, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# Absolute URLs back to the mock: from its own address or --public-url, never from a foreign Host.
base_url = own_address.base_url
