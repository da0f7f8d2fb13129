"""How the typed client sends a request: retries with exponential backoff and jitter, ``Retry-After``, typed
errors, and streamed downloads through the client's own httpx client.

Generated from the OpenAPI document by scripts/generate_client.py (``make client``); do not edit.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Final

import httpx

from .errors import APIConnectionError, APIStatusError, APITimeoutError, status_error

__all__ = [
    "API_KEY_HEADER",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_STATUS_BASE_URL",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "STATUS_BASE_URL_ENV",
    "TOKEN_ENV",
    "Destination",
    "NotGiven",
    "Options",
    "Progress",
    "retry_delay",
]

DEFAULT_BASE_URL: Final = "https://api.lexer.io/v1"
"""The API's server (the OpenAPI document's first server)."""

DEFAULT_STATUS_BASE_URL: Final = "https://clients.lexer.io/api/public/v1"
"""Where the status call of the CSV exports goes by default (its operation's first server)."""

API_KEY_HEADER: Final = "Auth-Api-Token"
"""The header that carries the API token (the document's apiKey security scheme)."""

TOKEN_ENV: Final = "LEXER_API_TOKEN"
BASE_URL_ENV: Final = "LEXER_API_BASE_URL"
STATUS_BASE_URL_ENV: Final = "LEXER_API_STATUS_BASE_URL"

DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=10.0)
INITIAL_RETRY_DELAY: Final = 0.5
MAX_RETRY_DELAY: Final = 8.0
MAX_RETRY_AFTER: Final = 60.0
"""A ``Retry-After`` longer than this is not waited out: the error is raised at once (see ``retry_after``)."""

RETRIED_STATUSES: Final = frozenset({429}) | frozenset(range(500, 600))


class NotGiven:
    """The type of :data:`NOT_GIVEN`: "use the client's setting" (``None`` means "no timeout")."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Timeout = float | httpx.Timeout | None
Progress = Callable[[int, int | None], None]
"""A download's progress callback: ``progress(bytes_so_far, total_bytes_or_None)``."""
Destination = str | os.PathLike[str] | IO[bytes]
"""Where a download goes: a path (written to a temporary file next to it, then renamed) or a binary file."""


@dataclass(frozen=True)
class Options:
    """What a call is sent with: the retries, the timeout and the longest ``Retry-After`` waited out."""

    max_retries: int = DEFAULT_MAX_RETRIES
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retry_after: float = MAX_RETRY_AFTER

    def __post_init__(self) -> None:
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int) or self.max_retries < 0:
            raise ValueError(f"max_retries must be an integer >= 0, not {self.max_retries!r}")

    def merge(self, max_retries: int | None, timeout: Timeout | NotGiven) -> Options:
        """These options with a call's own ``max_retries`` and ``timeout`` (when given)."""
        changes: dict[str, Any] = {}
        if max_retries is not None:
            changes["max_retries"] = max_retries
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        return replace(self, **changes) if changes else self


def retry_delay(retries_taken: int, retry_after: int | None, max_retry_after: float = MAX_RETRY_AFTER) -> float | None:
    """Seconds to wait before the next attempt, or None when waiting is not worth it.

    ``Retry-After`` wins when it is sent and at most ``max_retry_after``; a longer one gives None (the caller
    raises at once and the error's ``retry_after`` says how long to wait). Otherwise the delay is exponential
    (0.5 s, 1 s, 2 s, ... up to 8 s) less up to 25% of random jitter.
    """
    if retry_after is not None:
        return float(retry_after) if retry_after <= max_retry_after else None
    delay = min(INITIAL_RETRY_DELAY * 2.0**retries_taken, MAX_RETRY_DELAY)
    return delay * (1.0 - 0.25 * random.random())


def _timeout_arg(options: Options) -> Any:
    return httpx.USE_CLIENT_DEFAULT if isinstance(options.timeout, NotGiven) else options.timeout


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    method: str,
    url: str,
    options: Options,
    *,
    params: dict[str, Any] | None = None,
    json: Any = None,
    token: bool = True,
) -> httpx.Request:
    """A request of ``http`` (its base URL, headers, cookies); without the token header if ``token`` is False."""
    request = http.build_request(method, url, params=params, json=json, timeout=_timeout_arg(options))
    if not token:
        request.headers.pop(API_KEY_HEADER, None)
    return request


def _redirects(follow_redirects: bool | None) -> Any:
    return httpx.USE_CLIENT_DEFAULT if follow_redirects is None else follow_redirects


def _connection_error(request: httpx.Request, exc: httpx.TransportError) -> APIConnectionError:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request)
    return APIConnectionError(request, f"connection error: {request.method} {request.url}: {exc}")


def send(
    http: httpx.Client,
    request: httpx.Request,
    options: Options,
    *,
    stream: bool = False,
    follow_redirects: bool | None = None,
) -> httpx.Response:
    """Send ``request`` until it gets a success, retrying connection errors, 429 and 5xx answers up to
    ``options.max_retries`` times; a success is returned, anything else raised as a LexerError.

    Waits between attempts with ``time.sleep`` (``asyncio.sleep`` in :func:`send_async`), looked up when
    called."""
    retries_taken = 0
    while True:
        delay: float | None
        try:
            response = http.send(request, stream=stream, follow_redirects=_redirects(follow_redirects))
        except httpx.TransportError as exc:
            error: APIConnectionError | APIStatusError = _connection_error(request, exc)
            delay = retry_delay(retries_taken, None) if retries_taken < options.max_retries else None
            if delay is None:
                raise error from exc
        else:
            if response.is_success:
                return response
            if stream:
                try:
                    response.read()
                except httpx.TransportError as exc:
                    raise _connection_error(request, exc) from exc
                finally:
                    response.close()
            error = status_error(response)
            delay = None
            if response.status_code in RETRIED_STATUSES and retries_taken < options.max_retries:
                delay = retry_delay(retries_taken, error.retry_after, options.max_retry_after)
            if delay is None:
                raise error
        time.sleep(delay)
        retries_taken += 1


async def send_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    options: Options,
    *,
    stream: bool = False,
    follow_redirects: bool | None = None,
) -> httpx.Response:
    """Like :func:`send`, with an async client."""
    retries_taken = 0
    while True:
        delay: float | None
        try:
            response = await http.send(request, stream=stream, follow_redirects=_redirects(follow_redirects))
        except httpx.TransportError as exc:
            error: APIConnectionError | APIStatusError = _connection_error(request, exc)
            delay = retry_delay(retries_taken, None) if retries_taken < options.max_retries else None
            if delay is None:
                raise error from exc
        else:
            if response.is_success:
                return response
            if stream:
                try:
                    await response.aread()
                except httpx.TransportError as exc:
                    raise _connection_error(request, exc) from exc
                finally:
                    await response.aclose()
            error = status_error(response)
            delay = None
            if response.status_code in RETRIED_STATUSES and retries_taken < options.max_retries:
                delay = retry_delay(retries_taken, error.retry_after, options.max_retry_after)
            if delay is None:
                raise error
        await asyncio.sleep(delay)
        retries_taken += 1


@contextlib.contextmanager
def _opened(destination: Destination) -> Iterator[IO[bytes]]:
    """A file object for ``destination``; a path is written to a temporary file renamed into place at the
    end, so a failed download leaves nothing half-written."""
    if not isinstance(destination, (str, os.PathLike)):
        yield destination
        return
    target = Path(destination)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _total(response: httpx.Response) -> int | None:
    length = response.headers.get("Content-Length")
    return int(length) if length is not None and length.isdigit() else None


def stream_to(
    http: httpx.Client,
    request: httpx.Request,
    options: Options,
    destination: Destination,
    progress: Progress | None,
    chunk_size: int,
) -> int:
    """Download the answer of ``request`` into ``destination`` in chunks; returns the number of bytes."""
    response = send(http, request, options, stream=True, follow_redirects=True)
    try:
        total = _total(response)
        done = 0
        if progress is not None:
            progress(0, total)
        with _opened(destination) as file:
            for chunk in response.iter_bytes(chunk_size):
                file.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        return done
    except httpx.TransportError as exc:
        raise _connection_error(request, exc) from exc
    finally:
        response.close()


async def stream_to_async(
    http: httpx.AsyncClient,
    request: httpx.Request,
    options: Options,
    destination: Destination,
    progress: Progress | None,
    chunk_size: int,
) -> int:
    """Like :func:`stream_to`, with an async client (the file is written synchronously, chunk by chunk)."""
    response = await send_async(http, request, options, stream=True, follow_redirects=True)
    try:
        total = _total(response)
        done = 0
        if progress is not None:
            progress(0, total)
        with _opened(destination) as file:
            chunks: AsyncIterator[bytes] = response.aiter_bytes(chunk_size)
            async for chunk in chunks:
                file.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        return done
    except httpx.TransportError as exc:
        raise _connection_error(request, exc) from exc
    finally:
        await response.aclose()
