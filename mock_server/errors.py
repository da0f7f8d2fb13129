"""The documented errors and the handlers that turn every failure into one of them.

Every error answer has the contract's Error shape ``{"error": <type>, "message": <sentence>}``;
Connexion's ``application/problem+json`` never reaches a client (the generated client would crash
on it). The type strings are the documents' error table, verbatim (users compare them); the tests
check that the spec's named examples use exactly these.
"""

from __future__ import annotations

import logging
from typing import Any

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

import orjson
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException

log = logging.getLogger("mock_server")

DATE_RANGE_TOO_LONG = "Invalid report - date range is too long"
FUTURE_START_DATE = "Invalid report - starting date is a future date"
INVALID_TYPE = "Invalid report - invalid type"
UNAUTHORIZED = "Unauthorized"
TOKEN_NOT_MATCHING = "Unauthorized - api token not matching"
NOT_FOUND = "Not found"
RATE_LIMITED = "Rate limited exceeded"
# Not in the documents' table: answers the mock needs beyond it, still in the Error shape.
METHOD_NOT_ALLOWED = "Method not allowed"
PAYLOAD_TOO_LARGE = "Payload too large"  # runReport's 413 in openapi.yaml (x-lexer-inferred)
INTERNAL_ERROR = "Internal server error"
FORBIDDEN = "Forbidden"  # 403: POST /_mock/reset?all=true on a mock started with --no-reset-all
# Connection limits of the mock's HTTP layer (mock_server/http_protocol.py), not operations of the API.
REQUEST_TIMEOUT = "Request timeout"  # 408
HEADERS_TOO_LARGE = "Request header fields too large"  # 431
SERVICE_UNAVAILABLE = "Service unavailable"  # 503

JSON = "application/json"


class ApiError(Exception):
    """An error answer: status, the documented type string, a sentence, extra headers."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(f"{status} {error}: {message}")
        self.status_code = status  # the attribute Connexion's security layer ranks errors by
        self.error = error
        self.message = message
        self.headers = headers or {}


def error_body(error: str, message: str) -> bytes:
    """The Error shape's bytes: the one place that writes it."""
    return orjson.dumps({"error": error, "message": message})


def not_found(message: str = "General error for malformed request.") -> ApiError:
    return ApiError(404, NOT_FOUND, message)


def bad_request(error: str, message: str) -> ApiError:
    return ApiError(400, error, message)


def _response(status: int, error: str, message: str, headers: Any = None) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=status,
        mimetype=JSON,
        content_type=JSON,
        body=error_body(error, message),
        headers=dict(headers or {}),
    )


async def handle_api_error(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, ApiError)
    return _response(exc.status_code, exc.error, exc.message, exc.headers)


def _first_line(text: str, limit: int = 300) -> str:
    """jsonschema's messages go on to quote the schema and the whole offending value."""
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 3] + "..."


async def handle_problem(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """Connexion's own problems: parameter validation, missing token, wrong media type, ..."""
    assert isinstance(exc, ProblemException)
    status = exc.status
    detail = _first_line(str(exc.detail or exc.title or ""))
    if status == 401:
        # Connexion raises this when the Auth-Api-Token header is absent.
        return _response(401, UNAUTHORIZED, "Missing authentication data.", exc.headers)
    if 400 <= status < 500:
        # Every other client-side problem (bad query parameter, unsupported media type, bad body)
        # is what the documents call a malformed request.
        return _response(404, NOT_FOUND, f"Malformed request: {detail}" if detail else "Malformed request.")
    log.error("%s: %s", exc.title, detail)
    return _response(status, INTERNAL_ERROR, detail or "The mock failed to answer.", exc.headers)


# Lexer's export draft reads an export's status with GET /activity/reports?status=<token>, which the
# contract does not have (openapi.yaml's resolved slips): the 405 says where the status is.
STATUS_BY_QUERY = (
    "GET /activity/reports is not part of the API (Lexer's export draft shows ?status=<token> here): "
    "read an export's status with GET /activity/reports/status?token=<token>."
)


async def handle_http_exception(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """Starlette's routing errors: unknown path (404) and wrong method (405, with ``Allow``)."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _response(404, NOT_FOUND, "No such resource.", exc.headers)
    if exc.status_code == 405:
        if request.method == "GET" and request.url.path.rstrip("/").endswith("/activity/reports"):
            return _response(405, METHOD_NOT_ALLOWED, STATUS_BY_QUERY, exc.headers)
        return _response(405, METHOD_NOT_ALLOWED, "This method is not allowed here.", exc.headers)
    if 400 <= exc.status_code < 500:
        return _response(404, NOT_FOUND, f"Malformed request: {exc.detail}")
    return _response(exc.status_code, INTERNAL_ERROR, str(exc.detail), exc.headers)


async def handle_unexpected(_request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """A bug in the mock: still the Error shape, and logged with its traceback."""
    log.error("unhandled error: %r", exc, exc_info=exc)
    return _response(500, INTERNAL_ERROR, f"The mock failed to answer: {type(exc).__name__}.")
