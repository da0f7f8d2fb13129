"""``create_app()``: the Connexion AsyncApp that serves openapi.yaml.

Connexion routes, authenticates and validates every request from the loaded spec. Parts of its
pipeline are swapped for leaner ones because the mock must keep up with Prism on throughput
(``make bench`` measures it):

- the request body validator (see validation.py: discriminator + compiled schemas), and the
  request validation step around it (per-operation work and Content-Type parsing done once);
- the routing step (see routing.py: the operation found for a method and path is remembered);
- the apiKey security handler (see auth.py: the two documented 401s and the rate limit);
- the operation wrapper: Connexion re-decorates the handler and re-inspects its signature on
  every call; here a handler takes the Starlette request and returns a ready Response;
- two layers are left out: the context variables nothing here reads, and the response
  validation layer unless ``--validate-responses`` asks for it.

Error handlers replace Connexion's problem+json with the contract's Error shape everywhere.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import urlparse

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import ProblemException
from connexion.middleware import ConnexionMiddleware, MiddlewarePosition
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.response_validation import ResponseValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from mock_server import errors
from mock_server.auth import Auth, security_map_for
from mock_server.clocks import Clocks
from mock_server.control import Control
from mock_server.exports import Exports
from mock_server.faults import CLOSE_SCOPE_KEY, FaultMiddleware, operation_routes
from mock_server.fixtures import Team, load_team
from mock_server.handlers import Handlers
from mock_server.history import History
from mock_server.journal import Journal, JournalMiddleware
from mock_server.limits import RequestLimitsMiddleware
from mock_server.prefer import Examples
from mock_server.ratelimit import RateLimit, RateLimiter, parse_rate_limit
from mock_server.reports import Reports
from mock_server.routing import CachedRoutingMiddleware
from mock_server.server import close_connection
from mock_server.settings import Settings
from mock_server.spec import Spec, SpecError
from mock_server.validation import CachedRequestValidationMiddleware, ReportRequests, body_validator_for

log = logging.getLogger("mock_server")


class _LeanOperation:
    """Calls a handler with the Starlette request and sends the Response it returns."""

    def __init__(self, handler: Any) -> None:
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = await self.handler(Request(scope, receive))
        await response(scope, receive, send)


class _SwaggerUIOnlyWhenAsked(SwaggerUIMiddleware):  # type: ignore[misc]
    """Connexion's Swagger UI middleware, skipped for paths it cannot serve: it would otherwise
    try each of its routes on every API request before passing it on."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and "/ui" not in path and "openapi" not in path:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class _LeanApi(AsyncApi):  # type: ignore[misc]  # connexion is untyped
    def make_operation(self, operation: Any) -> _LeanOperation:
        return _LeanOperation(operation.function)


class _LeanASGIApp(AsyncASGIApp):  # type: ignore[misc]
    api_cls = _LeanApi


@dataclass
class Mock:
    """The mock's state behind one app, reachable as ``app.mock`` (tests use it)."""

    settings: Settings
    spec: Spec
    team: Team
    history: History
    reports: Reports
    exports: Exports
    journal: Journal
    limiter: RateLimiter
    handlers: Handlers
    control: Control


class MockApp(AsyncApp):  # type: ignore[misc]
    mock: Mock

    def __init__(self, mock: Mock, **kwargs: Any) -> None:
        super().__init__("mock_server", **kwargs)
        # Swap the framework app before any API or route is registered on it.
        self._middleware_app = _LeanASGIApp()
        self.middleware.app = self._middleware_app
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # For the control API's dropped connections (control.py): uvicorn's own send can close one.
        if CLOSE_SCOPE_KEY not in scope:
            scope[CLOSE_SCOPE_KEY] = partial(close_connection, send)
        await super().__call__(scope, receive, send)


def base_paths(spec: Spec) -> tuple[str, list[str]]:
    """The API's base path (from ``servers``) and the extra ones getReportStatus names."""
    servers = spec.document.get("servers") or [{"url": "/"}]
    main = urlparse(servers[0]["url"]).path.rstrip("/")
    _, _, op = spec.operation("getReportStatus")
    extra = []
    for server in op.get("servers", []):
        path = urlparse(server["url"]).path.rstrip("/")
        if path != main and path not in extra:
            extra.append(path)
    return main, extra


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*map(_refs, node)) if node else set()
    return set()


def status_only(spec: Spec) -> dict[str, Any]:
    """A copy of the spec holding only getReportStatus and the components it references, for the
    extra base paths (Connexion validates every spec it loads: the smaller, the faster)."""
    path = spec.report_status_path()
    document = {key: value for key, value in spec.document.items() if key not in ("paths", "components")}
    document["paths"] = {path: spec.document["paths"][path]}
    components: dict[str, dict[str, Any]] = {}
    pending = _refs(document["paths"])
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        seen.add(ref)
        _, _, section, name = ref.split("/", 3)
        target = spec.get(ref)
        components.setdefault(section, {})[name] = target
        pending |= _refs(target) - seen
    components["securitySchemes"] = spec.document["components"].get("securitySchemes", {})
    document["components"] = components
    return copy.deepcopy(document)


def _settings(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    rate = overrides.get("rate_limit")
    if isinstance(rate, str):
        overrides["rate_limit"] = parse_rate_limit(rate)
    elif isinstance(rate, int):
        overrides["rate_limit"] = RateLimit(rate, 300.0) if rate else RateLimit(0, 0.0)
    if "tokens" in overrides:
        overrides["tokens"] = tuple(overrides["tokens"])
    return replace(settings or Settings(), **overrides)


def create_app(settings: Settings | None = None, **overrides: Any) -> MockApp:
    """The mock as an ASGI app. Keyword arguments override fields of :class:`Settings`, e.g.
    ``create_app(validate_responses=True, rate_limit="5/60", tokens=["t1", "t2"])``.

    Raises SpecError or fixtures.FixtureError when the spec or the fixture set is unusable.
    """
    settings = _settings(settings, overrides)
    spec = Spec.load(settings.spec)
    team = load_team(spec, settings.fixtures)
    history = History(team)
    reports = Reports(team, history)
    clocks = Clocks(settings.clock, settings.monotonic)
    exports = Exports(reports, settings.export_delay, settings.monotonic, clocks.monotonic)
    journal = Journal(settings.tokens)
    limiter = RateLimiter(settings.rate_limit, settings.monotonic)
    auth = Auth(settings.tokens, limiter)
    requests = ReportRequests(spec)
    main, extra = base_paths(spec)
    routes = operation_routes(spec, main, extra)
    control = Control(
        spec=spec,
        team=team,
        tokens=settings.tokens,
        clocks=clocks,
        exports=exports,
        report_types=requests.types,
        rate_window=lambda: limiter.rate.window if limiter.rate.enabled else 0.0,
        routes=routes,
    )
    missing = set(requests.types) - set(reports.types) - set(spec.export_types())
    if missing:
        raise SpecError(f"the mock cannot answer report type(s) {', '.join(sorted(missing))}")
    handlers = Handlers(
        team=team,
        requests=requests,
        reports=reports,
        exports=exports,
        journal=journal,
        auth=auth,
        examples=Examples(spec),
        control=control,
    )
    mock = Mock(settings, spec, team, history, reports, exports, journal, limiter, handlers, control)

    replacements = {
        RoutingMiddleware: CachedRoutingMiddleware,
        RequestValidationMiddleware: CachedRequestValidationMiddleware,
        SwaggerUIMiddleware: _SwaggerUIOnlyWhenAsked,
    }
    # Not needed per request: the context variables (handlers read the Starlette request, not
    # connexion.request) and, unless asked for, the response validation layer (a pass-through then).
    dropped: set[type] = {ContextMiddleware}
    if not settings.validate_responses:
        dropped.add(ResponseValidationMiddleware)
    middlewares = [
        replacements.get(m, m) for m in ConnexionMiddleware.default_middlewares if m not in dropped
    ]
    app = MockApp(
        mock,
        middlewares=middlewares,
        resolver=Resolver(function_resolver=handlers.operation),
        security_map=security_map_for(auth),
        validator_map={"body": MediaTypeDict({"*/*json": body_validator_for(requests)})},
        validate_responses=settings.validate_responses,
        swagger_ui_options=SwaggerUIOptions(swagger_ui=settings.swagger_ui),
    )
    app.add_api(spec.copy(), base_path=main)
    for path in extra:
        app.add_api(
            status_only(spec),
            base_path=path,
            name=f"status{path.replace('/', '_')}",
            swagger_ui_options=SwaggerUIOptions(swagger_ui=False, serve_spec=False),
        )
    app.add_error_handler(errors.ApiError, errors.handle_api_error)
    app.add_error_handler(ProblemException, errors.handle_problem)
    app.add_error_handler(HTTPException, errors.handle_http_exception)
    app.add_error_handler(Exception, errors.handle_unexpected)
    app.add_middleware(
        JournalMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        journal=journal,
        latency_ms=settings.latency_ms,
    )
    # Inside the journal (which records the 413), outside Connexion (which would read the body).
    app.add_middleware(
        RequestLimitsMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        max_bytes=settings.max_body_bytes,
    )
    # Inside the body limit: staged faults answer before Connexion authenticates or validates.
    app.add_middleware(
        FaultMiddleware,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        faults=control.faults,
        routes=routes,
    )
    app.add_url_rule("/_mock/journal", "mock_journal", handlers.journal_entries, methods=["GET"])
    app.add_url_rule("/_mock/reset", "mock_reset", handlers.reset, methods=["POST"])
    for name, route in (
        ("faults", control.faults_route),
        ("reports", control.reports_route),
        ("exports", control.exports_route),
        ("clock", control.clock_route),
    ):
        app.add_url_rule(f"/_mock/{name}", f"mock_{name}", route, methods=["GET", "POST", "DELETE"])
    app.add_url_rule("/_mock/exports/{token}.csv", "mock_export", handlers.export_csv, methods=["GET"])
    return app
