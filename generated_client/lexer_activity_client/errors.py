"""The errors of the client.

Every error of the typed layer (``Lexer``, ``AsyncLexer``, ``lexer_activity_client.reports`` and the
``lexer-activity`` command) is a :class:`LexerError`::

    LexerError
    ├── APIResponseValidationError  a success whose body is not the documented shape
    ├── ExportTimeoutError          an export still pending when the wait ran out (also a TimeoutError)
    ├── APIConnectionError          no answer (connection refused, reset, dropped, bad TLS, ...)
    │   └── APITimeoutError         no answer within the timeout
    └── APIStatusError              an answer that is not a success (.status_code, .error, .body, .headers,
        │                           .request, .response)
        ├── BadRequestError         400 (.type: a BadRequestType when the API documents it)
        ├── AuthenticationError     401
        ├── NotFoundError           404
        ├── RateLimitError          429 (.retry_after)
        └── InternalServerError     5xx

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.
"""

from __future__ import annotations

import datetime as dt
import json
from email.utils import parsedate_to_datetime
from enum import StrEnum

import httpx

from .models.error import Error

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BadRequestType",
    "ExportTimeoutError",
    "InternalServerError",
    "LexerError",
    "NotFoundError",
    "RateLimitError",
    "UnexpectedStatus",
]


class UnexpectedStatus(Exception):
    """Raised by the generated endpoint modules (``lexer_activity_client.api``) on an undocumented status when
    ``Client.raise_on_unexpected_status`` is True."""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class LexerError(Exception):
    """Every error of the typed client and of the command-line tool."""


class APIConnectionError(LexerError):
    """The request got no answer: the connection failed, was dropped, or the answer was cut short.

    ``__cause__`` is the httpx error; ``request`` is the request that failed.
    """

    def __init__(self, request: httpx.Request, message: str | None = None) -> None:
        super().__init__(message or f"connection error: {request.method} {request.url}")
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request got no answer within the client's (or the call's) timeout."""

    def __init__(self, request: httpx.Request, message: str | None = None) -> None:
        super().__init__(request, message or f"request timed out: {request.method} {request.url}")


class APIResponseValidationError(LexerError):
    """A success whose body is not what the API documents (not JSON, or not the documented shape)."""

    def __init__(self, response: httpx.Response, detail: str) -> None:
        super().__init__(f"{response.request.method} {response.request.url}: unexpected answer: {detail}")
        self.response = response
        self.request = response.request
        self.status_code = response.status_code


class ExportTimeoutError(LexerError, TimeoutError):
    """An export job was still pending when the wait for it ran out (``job`` is its last state)."""

    def __init__(self, job: object, message: str) -> None:
        super().__init__(message)
        self.job = job


class BadRequestType(StrEnum):
    """The documented error types of a 400 answer (the ``error`` field of its body)."""

    INVALID_TYPE = "Invalid report - invalid type"
    DATE_RANGE_TOO_LONG = "Invalid report - date range is too long"
    FUTURE_START_DATE = "Invalid report - starting date is a future date"


def _json_or_none(response: httpx.Response) -> object | None:
    try:
        body: object = json.loads(response.content)
    except ValueError:
        return None
    return body


class APIStatusError(LexerError):
    """An answer whose status is not a success.

    Attributes:
        status_code: The HTTP status.
        error: The body parsed as the documented ``Error`` (``error``, ``message``). An answer
            that is not in that shape (a proxy's HTML page, say) gets one made from its status and text.
        type: ``error.error``, the documented error type.
        message: ``error.message`` ("" when the answer has none).
        body: The JSON of the answer as received, or None when it is not JSON.
        headers: The answer's headers.
        request: The request that was answered.
        response: The answer itself.
        retry_after: The ``Retry-After`` header in whole seconds, or None.
    """

    status_code: int

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.request = response.request
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = _json_or_none(response)
        self.error = _as_error(response, self.body)
        self.retry_after = parse_retry_after(response.headers)
        text = f"{self.status_code} {self.error.error}"
        super().__init__(f"{text}: {self.message}" if self.message else text)

    @property
    def type(self) -> str:
        return self.error.error

    @property
    def message(self) -> str:
        """``error.message``, or "" when the answer has none."""
        message: object = self.error.message
        return message if isinstance(message, str) else ""


class BadRequestError(APIStatusError):
    """400: the report cannot be run. ``type`` is a :class:`BadRequestType` when the API documents it."""

    @property
    def type(self) -> BadRequestType | str:
        try:
            return BadRequestType(self.error.error)
        except ValueError:
            return self.error.error


class AuthenticationError(APIStatusError):
    """401: no API token, or one the API does not know."""


class NotFoundError(APIStatusError):
    """404: a malformed request, an unknown export token or an unknown path."""


class RateLimitError(APIStatusError):
    """429: too many requests with this token; ``retry_after`` says how many seconds to wait."""


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


def parse_retry_after(headers: httpx.Headers) -> int | None:
    """``Retry-After`` in whole seconds (a number of seconds or an HTTP date), or None."""
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0, int(value.strip()))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0, int((when - dt.datetime.now(dt.UTC)).total_seconds() + 0.999))


def _as_error(response: httpx.Response, body: object | None) -> Error:
    if isinstance(body, dict) and isinstance(body.get("error"), str) and isinstance(body.get("message", ""), str):
        return Error.from_dict(body)
    text = response.content[:200].decode("utf-8", "replace").strip()
    return Error(error=response.reason_phrase or f"HTTP {response.status_code}", message=text or "(no body)")


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    429: RateLimitError,
}


def status_error(response: httpx.Response) -> APIStatusError:
    """The error class for an answer's status (APIStatusError itself for a status without a class)."""
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(response)
