"""Every use of Connexion's private names in the mock, in one place: the fast paths.

Connexion 3.3's AsyncApp redoes, on every request, work that depends only on the operation. The
mock must keep up with Prism (``make bench`` measures it, with and without these fast paths side
by side: ``--no-fast-paths``), so two steps of Connexion's pipeline are replaced here. Each keeps
Connexion's checks, in Connexion's order; only the per-request set-up is done once. Each is kept
because it buys more than 1.3x on the validated POST (docs/mock-internals.md has the figures).
The routing fast path (routing.py) needs no private name.

- ``CachedRequestValidationMiddleware`` replaces
  ``connexion.middleware.request_validation.RequestValidationMiddleware``. Connexion rebuilds the
  URI parser, the parameter validator, the media-type table and the body-schema lookup for every
  request. It relies on ``RequestValidationOperation._operation`` and ``._validator_map`` and on
  the operation's ``_uri_parser_class``, and on the constructor and method signatures of
  ``RequestValidationOperation`` (``extract_content_type``, ``validate_mime_type``).
- ``lean_operations`` swaps the app's private ``_middleware_app`` for one whose operations call
  a handler with the Starlette request and send the Response it returns. Connexion's own
  operation re-decorates the handler and re-inspects its signature on every call, and needs its
  ContextMiddleware (context variables) in the stack to reach the request.

tests/mock/test_connexion_internals.py checks that every private name above still exists with the
shape used here, so a Connexion upgrade that moves one fails there, by name, before anything else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

from connexion import utils as connexion_utils
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import UnsupportedMediaTypeProblem
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

# The private names this module relies on, checked by the upgrade test.
PRIVATE_NAMES = {
    "RequestValidationOperation instance": ["_operation", "_validator_map"],
    "AbstractOperation instance": ["_uri_parser_class"],
    "AsyncApp instance": ["_middleware_app"],
}

# Distinct Content-Type values remembered per operation (clients send one or two).
CONTENT_TYPE_CACHE = 64

Handler = Callable[[Request], Awaitable[Response]]


# ---------------------------------------------------------------------- request validation
class _CachedRequestValidationOperation(RequestValidationOperation):  # type: ignore[misc]
    """Connexion's request validation step with its per-operation work done once. The checks are
    Connexion's, in Connexion's order: parameters, media type, body."""

    def __init__(self, next_app: ASGIApp, *, operation: Any, **kwargs: Any) -> None:
        super().__init__(next_app, operation=operation, **kwargs)
        uri_parser = operation._uri_parser_class(operation.parameters, operation.body_definition())
        self._parameter_validator = self._validator_map["parameter"](
            operation.parameters,
            uri_parser=uri_parser,
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )
        # With no parameters and no strict mode, Connexion's parameter check has nothing to do.
        self._check_parameters = bool(operation.parameters) or self.strict_validation
        self._consumes = MediaTypeDict([(c.lower(), None) for c in operation.consumes])
        # Per media type and per header value: bounded by CONTENT_TYPE_CACHE (a full table is
        # simply not added to; the values are cheap to work out again).
        self._bodies: dict[str, tuple[Any, ...] | None] = {}
        self._content_types: dict[bytes | None, tuple[str, str]] = {}
        self._accepted: dict[str, bool] = {}
        # Connexion guesses the media type when the header is missing; a request body must say.
        self._needs_content_type = bool(operation.request_body)

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        first: bytes | None = None  # Connexion reads the first Content-Type header
        given = False  # any non-blank one
        for name, value in headers:  # ASGI header names are lower-case
            if name == b"content-type":
                if first is None:
                    first = value
                if value.strip():
                    given = True
                    break
        if self._needs_content_type and not given:
            raise UnsupportedMediaTypeProblem(
                detail=f"Content-type missing, expected {self._operation.consumes}"
            )
        found = self._content_types.get(first)
        if found is None:
            mime_type, encoding = super().extract_content_type(
                [] if first is None else [(b"content-type", first)]
            )
            found = (str(mime_type), str(encoding))
            if len(self._content_types) < CONTENT_TYPE_CACHE:
                self._content_types[first] = found
        return found

    def validate_mime_type(self, mime_type: str) -> None:
        accepted = self._accepted.get(mime_type)
        if accepted is None:
            accepted = not self._operation.consumes or mime_type.lower() in self._consumes
            if len(self._accepted) < CONTENT_TYPE_CACHE:
                self._accepted[mime_type] = accepted
        if not accepted:
            raise UnsupportedMediaTypeProblem(
                detail=f"Invalid Content-type ({mime_type}), expected {self._operation.consumes}"
            )

    def _body(self, mime_type: str) -> tuple[Any, ...] | None:
        if mime_type not in self._bodies:
            op = self._operation
            schema = op.body_schema(mime_type)
            found: tuple[Any, ...] | None = None
            if schema:
                try:
                    validator_cls = self._validator_map["body"][mime_type]
                except KeyError:
                    validator_cls = None
                if validator_cls is not None:
                    found = (
                        validator_cls,
                        schema,
                        op.request_body.get("required", False),
                        connexion_utils.is_nullable(op.body_definition(mime_type)),
                    )
            if len(self._bodies) < CONTENT_TYPE_CACHE:
                self._bodies[mime_type] = found
            return found
        return self._bodies[mime_type]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._check_parameters:
            self._parameter_validator.validate(scope)
        mime_type, encoding = self.extract_content_type(scope["headers"])
        self.validate_mime_type(mime_type)
        body = self._body(mime_type)
        if body is not None:
            validator_cls, schema, required, nullable = body
            validator = validator_cls(
                schema=schema,
                required=required,
                nullable=nullable,
                encoding=encoding,
                strict_validation=self.strict_validation,
            )
            receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)


class _CachedRequestValidationAPI(RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> _CachedRequestValidationOperation:
        return _CachedRequestValidationOperation(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class CachedRequestValidationMiddleware(RequestValidationMiddleware):  # type: ignore[misc]
    """Drop-in for Connexion's RequestValidationMiddleware (same checks, less per-request work)."""

    api_cls = _CachedRequestValidationAPI


# ---------------------------------------------------------------------- operations
class _LeanOperation:
    """Calls a handler with the Starlette request and sends the Response it returns."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handler(Request(scope, receive))
        await response(scope, receive, send)


class _LeanApi(AsyncApi):  # type: ignore[misc]  # connexion is untyped
    def make_operation(self, operation: Any) -> _LeanOperation:
        return _LeanOperation(operation.function)


class _LeanASGIApp(AsyncASGIApp):  # type: ignore[misc]
    api_cls = _LeanApi


def lean_operations(app: Any) -> None:
    """Make ``app`` (a connexion AsyncApp with no API or route added yet) call its handlers lean."""
    app._middleware_app = _LeanASGIApp()
    app.middleware.app = app._middleware_app
