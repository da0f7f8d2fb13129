"""The HTTP answers the mock's handlers send: JSON and CSV bodies, and absolute URLs back to the mock."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

JSON = "application/json"
CSV = "text/csv; charset=utf-8"


def json_response(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=JSON, headers=headers)


def csv_response(body: bytes, filename: str) -> Response:
    return Response(
        body, media_type=CSV, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def base_url(request: Request) -> str:
    """``scheme://host[:port]`` as the client addressed the mock, for absolute download URLs."""
    host = request.headers.get("host")
    if not host:
        server = request.scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{request.url.scheme}://{host}"
