"""A client library for accessing Lexer Activity API.

``Lexer`` / ``AsyncLexer`` are the typed client (every operation returns its model and raises a
``LexerError``); ``AuthenticatedClient`` and ``lexer_activity_client.api`` are the generated layer below it.
"""

from ._base_client import DEFAULT_BASE_URL, DEFAULT_STATUS_BASE_URL, NOT_GIVEN, NotGiven
from ._client import AsyncLexer, Lexer, RawResponse
from .client import AuthenticatedClient, Client
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BadRequestType,
    ExportTimeoutError,
    InternalServerError,
    LexerError,
    NotFoundError,
    RateLimitError,
)

__all__ = (
    "DEFAULT_BASE_URL",
    "DEFAULT_STATUS_BASE_URL",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncLexer",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "BadRequestType",
    "Client",
    "ExportTimeoutError",
    "InternalServerError",
    "Lexer",
    "LexerError",
    "NotFoundError",
    "NotGiven",
    "RateLimitError",
    "RawResponse",
)
