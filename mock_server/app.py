"""``create_app()``: the Connexion AsyncApp that serves openapi.yaml, wired from the mock's parts.

Connexion routes, authenticates and validates every request from the loaded spec, through its
public extension points: the ``validator_map`` (report_requests.py: the discriminator picks the
runReport variant, compiled once), the ``security_map`` (auth.py: the two documented 401s and the
rate limit), the resolver (handlers.py) and the ``middlewares`` list. Error handlers
(errors.py) replace Connexion's problem+json with the contract's Error shape everywhere.

Fast paths, each a setting (``fast_paths``; ``--no-fast-paths`` turns them all off, and
``make bench`` shows the mock both ways): ``routing`` (routing.py, public subclasses of Connexion's
middleware), ``request_validation`` and ``operations`` (connexion_internals.py, the one module that
touches Connexion's private names). Each buys at least 1.3x on the validated POST.

Two layers are left out whatever the fast paths: the context variables nothing here reads (unless
the ``operations`` fast path is off: Connexion's own operations need them), and the response
validation layer unless ``--validate-responses`` asks for it.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlparse

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

from connexion import AsyncApp, context
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
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mock_server import connexion_internals, errors, routing
from mock_server.admin import Admin
from mock_server.auth import Auth, security_map_for
from mock_server.clocks import Clocks
from mock_server.control import Control
from mock_server.export_rows import ExportRows
from mock_server.exports import Exports
from mock_server.faults import CLOSE_SCOPE_KEY, FaultMiddleware, operation_routes
from mock_server.fixtures import Team, load_team
from mock_server.handlers import Handlers
from mock_server.history import History
from mock_server.http_protocol import connection_closer
from mock_server.journal import Journal, JournalMiddleware
from mock_server.limits import RequestLimitsMiddleware
from mock_server.own_address import parse_public_url
from mock_server.prefer import Examples
from mock_server.ratelimit import RateLimit, RateLimiter, parse_rate_limit
from mock_server.recording.replay import Replay
from mock_server.rendering import Renderer
from mock_server.report_requests import ReportRequests, body_validator_for
from mock_server.reports import Reports
from mock_server.settings import FAST_PATHS, Settings
from mock_server.spec import Spec, SpecError

log = logging.getLogger("mock_server")


def _through_connexion(handlers: Handlers) -> Any:
    """The resolver for Connexion's own operations (the ``operations`` fast path off): they pass
    the parameters by name; the handlers read them from the Starlette request instead."""

    def resolve(operation_id: str) -> Any:
        handler = handlers.operation(operation_id)

        async def call(*_args: Any, **_params: Any) -> Response:
            response: Response = await handler(Request(context.scope, context.receive))
            return response

        return call

    return resolve


@dataclass
class Mock:
    """The mock's state behind one app, reachable as ``app.mock`` (tests use it)."""

    settings: Settings
    spec: Spec
    team: Team
    history: History
    reports: Reports
    renderer: Renderer
    exports: Exports
    journal: Journal
    limiter: RateLimiter
    handlers: Handlers
    admin: Admin
    control: Control


class MockApp(AsyncApp):  # type: ignore[misc]
    mock: Mock

    def __init__(self, mock: Mock, **kwargs: Any) -> None:
        super().__init__("mock_server", **kwargs)
        if "operations" in mock.settings.fast_paths:
            connexion_internals.lean_operations(self)  # before any API or route is added
        self.mock = mock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # For the control API's dropped connections (faults.py): uvicorn's own send can close one.
        if CLOSE_SCOPE_KEY not in scope:
            scope[CLOSE_SCOPE_KEY] = connection_closer(send)
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


def served_document(spec: Spec) -> dict[str, Any]:
    """The copy of the spec the mock serves (``/v1/openapi.json``, its Swagger UI at ``/v1/ui/``).

    An operation's own ``servers`` override the document's in Swagger UI, and getReportStatus names
    Lexer's hosts: "Try it out" would send the request, and the token the user authorised, to
    production. Here each of those servers is the path the mock serves it under (``/api/public/v1``,
    ``/v1``), relative to the page, so the UI only ever calls the mock.
    """
    document = spec.copy()
    for item in document.get("paths", {}).values():
        for op in item.values() if isinstance(item, dict) else ():
            if isinstance(op, dict) and isinstance(op.get("servers"), list):
                op["servers"] = [
                    {**server, "url": urlparse(server["url"]).path.rstrip("/") or "/",
                     "description": f"This mock (as {server['url']})"}
                    for server in op["servers"]
                ]  # fmt: skip
    return document


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
    fast = overrides.get("fast_paths")
    if isinstance(fast, bool):
        overrides["fast_paths"] = FAST_PATHS if fast else frozenset()
    elif fast is not None:
        overrides["fast_paths"] = frozenset(fast)
        unknown = overrides["fast_paths"] - FAST_PATHS
        if unknown:
            raise ValueError(f"unknown fast path(s) {', '.join(sorted(unknown))}")
    return replace(settings or Settings(), **overrides)


def _middlewares(settings: Settings) -> list[type]:
    fast = settings.fast_paths
    replacements: dict[type, type] = {}
    if "routing" in fast:
        replacements[SwaggerUIMiddleware] = routing.UIOnlyWhenAsked
        replacements[RoutingMiddleware] = routing.RememberedRouting
    if "request_validation" in fast:
        replacements[RequestValidationMiddleware] = connexion_internals.CachedRequestValidationMiddleware
    dropped: set[type] = set()
    if "operations" in fast:
        dropped.add(ContextMiddleware)  # the lean operations hand the handlers the request
    if not settings.validate_responses:
        dropped.add(ResponseValidationMiddleware)  # a pass-through then
    return [replacements.get(m, m) for m in ConnexionMiddleware.default_middlewares if m not in dropped]


def create_app(settings: Settings | None = None, **overrides: Any) -> MockApp:
    """The mock as an ASGI app. Keyword arguments override fields of :class:`Settings`, e.g.
    ``create_app(validate_responses=True, rate_limit="5/60", tokens=["t1", "t2"])``;
    ``fast_paths`` takes True, False or a set of names of :data:`settings.FAST_PATHS`.

    Raises SpecError or fixtures.FixtureError when the spec or the fixture set is unusable, and
    recording.store.RecordingError when the ``replay`` folder is.
    """
    settings = _settings(settings, overrides)
    spec = Spec.load(settings.spec)
    team = load_team(spec, settings.fixtures)
    history = History(team)
    reports = Reports(team, history)
    export_rows = ExportRows(reports, spec.csv_columns("mention_sla_export"))
    renderer = Renderer(team, reports, export_rows)
    clocks = Clocks(settings.clock, settings.monotonic)
    exports = Exports(settings.export_delay, settings.monotonic, clocks.monotonic)
    journal = Journal(settings.tokens)
    limiter = RateLimiter(settings.rate_limit, settings.monotonic)
    auth = Auth(settings.tokens, limiter)
    requests = ReportRequests(spec)
    missing = set(requests.types) - set(reports.types) - set(export_rows.types)
    if missing:
        raise SpecError(f"the mock cannot answer report type(s) {', '.join(sorted(missing))}")
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
    handlers = Handlers(
        team=team,
        requests=requests,
        renderer=renderer,
        exports=exports,
        examples=Examples(spec),
        control=control,
        public_url=parse_public_url(settings.public_url) if settings.public_url else None,
    )
    admin = Admin(
        journal=journal,
        limiter=limiter,
        exports=exports,
        renderer=renderer,
        control=control,
        reset_all=settings.reset_all,
    )
    if settings.replay is not None:
        handlers.replay = admin.replay = Replay.load(settings.replay, spec, only=settings.replay_only)
    mock = Mock(
        settings, spec, team, history, reports, renderer, exports, journal, limiter, handlers, admin, control
    )

    resolve = handlers.operation if "operations" in settings.fast_paths else _through_connexion(handlers)
    app = MockApp(
        mock,
        middlewares=_middlewares(settings),
        resolver=Resolver(function_resolver=resolve),
        security_map=security_map_for(auth),
        validator_map={"body": MediaTypeDict({"*/*json": body_validator_for(requests)})},
        validate_responses=settings.validate_responses,
        swagger_ui_options=SwaggerUIOptions(swagger_ui=settings.swagger_ui),
    )
    app.add_api(served_document(spec), base_path=main)
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
    for path, name, endpoint, methods in admin.routes():
        app.add_url_rule(path, name, endpoint, methods=methods)
    return app
