"""The Connexion private names mock_server/connexion_internals.py relies on still exist, in the shape
it uses them: a Connexion upgrade that moves or reshapes one fails here, naming it, before anything else.

That the fast paths answer exactly as Connexion's own steps do is held in test_mock_fast_paths.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp
from connexion.middleware.request_validation import RequestValidationMiddleware, RequestValidationOperation
from connexion.operations import AbstractOperation
from starlette.testclient import TestClient

from mock_server import connexion_internals
from mock_server.app import MockApp, create_app
from mock_server.settings import FAST_PATHS


def parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def started() -> Iterator[MockApp]:
    """A fresh app with every fast path, started (Connexion builds its middleware stack then)."""
    app = create_app(rate_limit="0")
    with TestClient(app) as client:
        assert (
            client.get("/v1/users", headers={"Auth-Api-Token": app.mock.settings.tokens[0]}).status_code
            == 200
        )
        yield app


def validation_operations(app: MockApp) -> list[RequestValidationOperation]:
    stack = app.middleware.middleware_stack or []
    middlewares = [m for m in stack if isinstance(m, RequestValidationMiddleware)]
    assert len(middlewares) == 1, stack
    return [op for apis in middlewares[0].apis.values() for api in apis for op in api.operations.values()]


def test_the_module_names_what_it_relies_on() -> None:
    assert connexion_internals.PRIVATE_NAMES == {
        "RequestValidationOperation instance": ["_operation", "_validator_map"],
        "AbstractOperation instance": ["_uri_parser_class"],
        "AsyncApp instance": ["_middleware_app"],
    }
    assert {"routing", "request_validation", "operations"} == FAST_PATHS


def test_request_validation_operation_keeps_the_signatures_the_fast_path_overrides() -> None:
    assert parameters(RequestValidationOperation.__init__) == [
        "self",
        "next_app",
        "operation",
        "strict_validation",
        "validator_map",
    ]
    assert parameters(RequestValidationOperation.extract_content_type) == ["self", "headers"]
    assert parameters(RequestValidationOperation.__call__) == ["self", "scope", "receive", "send"]
    assert isinstance(RequestValidationOperation.security_query_params, property)


def test_request_validation_operations_carry_the_private_attributes(started: MockApp) -> None:
    operations = validation_operations(started)
    assert {type(op).__name__ for op in operations} == {"_CachedRequestValidationOperation"}
    assert len(operations) == len(started.mock.spec.operation_ids()) + 1  # + the status on its second path
    for op in operations:
        operation = connexion_internals.wrapped_operation(op)
        assert isinstance(operation, AbstractOperation)
        assert {"parameter", "body"} <= set(connexion_internals.validator_map(op))
        uri_parser = connexion_internals.uri_parser_class(operation)(
            operation.parameters, operation.body_definition()
        )
        assert hasattr(uri_parser, "resolve_params")


def test_the_lean_operations_swap_the_framework_app(started: MockApp) -> None:
    # Before start, ConnexionMiddleware wraps the swapped app; once started, it is the stack's end.
    fresh = create_app()
    swapped = connexion_internals.framework_app(fresh)
    assert type(swapped).__name__ == "_LeanASGIApp"
    assert fresh.middleware.app is swapped
    started_app = connexion_internals.framework_app(started)
    assert isinstance(started_app, AsyncASGIApp)
    assert started.middleware.middleware_stack[-1] is started_app
    assert issubclass(type(started_app).api_cls, AsyncApi)
    assert parameters(AsyncApi.make_operation) == ["self", "operation"]
    # Connexion's own app (no fast paths) keeps its own framework app.
    plain = create_app(fast_paths=False)
    assert type(connexion_internals.framework_app(plain)) is AsyncASGIApp
