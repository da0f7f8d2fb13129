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
  the operation's ``_uri_parser_class``, and on the signatures of ``RequestValidationOperation``'s
  constructor and ``extract_content_type`` (Connexion's Content-Type parsing, called once per
  distinct header value).
- ``lean_operations`` swaps the app's private ``_middleware_app`` for one whose operations call
  a handler with the Starlette request and send the Response it returns. Connexion's own
  operation re-decorates the handler and re-inspects its signature on every call, and needs its
  ContextMiddleware (context variables) in the stack to reach the request.

tests/mock/test_connexion_internals.py checks that every private name above still exists with the
shape used here, so a Connexion upgrade that moves one fails there, by name, before anything else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

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

from mock_server.cache import BoundedCache

# The private names this module relies on, checked by the upgrade test.
PRIVATE_NAMES = {
    "RequestValidationOperation instance": ["_operation", "_validator_map"],
    "AbstractOperation instance": ["_uri_parser_class"],
    "AsyncApp instance": ["_middleware_app"],
}

# Distinct Content-Type values remembered per operation (clients send one or two).
CONTENT_TYPE_CACHE = 64

Handler = Callable[[Request], Awaitable[Response]]


class Media(NamedTuple):
    """What one Content-Type header value means for one operation."""

    mime_type: str
    accepted: bool  # one of the operation's ``consumes``
    # The body validator, if the body has a schema and a validator class: Connexion's validators keep
    # only their settings (schema, required, nullable, encoding), so one serves every request.
    body: Any


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
        # What a Content-Type header value means for this operation, per distinct value.
        self._media: BoundedCache[bytes | None, Media] = BoundedCache(CONTENT_TYPE_CACHE)
        # Connexion guesses the media type when the header is missing; a request body must say.
        self._needs_content_type = bool(operation.request_body)

    def _content_type(self, headers: list[tuple[bytes, bytes]]) -> bytes | None:
        """The first Content-Type header (the one Connexion reads); none given is an error here
        when the operation takes a body."""
        first: bytes | None = None
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
        return first

    def _media_of(self, header: bytes | None) -> Media:
        # Connexion's own parsing and matching, once per header value.
        parsed, encoding = self.extract_content_type([] if header is None else [(b"content-type", header)])
        mime_type, op = str(parsed), self._operation
        accepted = not op.consumes or mime_type.lower() in self._consumes
        body: Any = None
        schema = op.body_schema(mime_type) if accepted else None
        if schema:
            try:  # a MediaTypeDict: matching media ranges is its __getitem__'s
                validator_cls = self._validator_map["body"][mime_type]
            except KeyError:
                validator_cls = None
            if validator_cls is not None:
                body = validator_cls(
                    schema=schema,
                    required=op.request_body.get("required", False),
                    nullable=connexion_utils.is_nullable(op.body_definition(mime_type)),
                    encoding=str(encoding),
                    strict_validation=self.strict_validation,
                )
        return Media(mime_type, accepted, body)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._check_parameters:
            self._parameter_validator.validate(scope)
        media = self._media.get_or_make(self._content_type(scope["headers"]), self._media_of)
        if not media.accepted:
            raise UnsupportedMediaTypeProblem(
                detail=f"Invalid Content-type ({media.mime_type}), expected {self._operation.consumes}"
            )
        if media.body is not None:
            receive, scope = await media.body.wrap_receive(receive, scope=scope)
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


# ---------------------------------------------------------------------- for the upgrade test
# The private attributes above, read here so that nothing outside this module names them.
def framework_app(app: Any) -> Any:
    """An AsyncApp's framework app (``_middleware_app``)."""
    return app._middleware_app


def wrapped_operation(validation_operation: Any) -> Any:
    """The AbstractOperation a RequestValidationOperation validates for (``_operation``)."""
    return validation_operation._operation


def validator_map(validation_operation: Any) -> Any:
    """A RequestValidationOperation's validator classes (``_validator_map``)."""
    return validation_operation._validator_map


def uri_parser_class(operation: Any) -> Any:
    """An AbstractOperation's URI parser class (``_uri_parser_class``)."""
    return operation._uri_parser_class
