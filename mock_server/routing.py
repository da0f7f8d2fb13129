"""The routing fast path: which operation a request line is for is worked out once, not per request.

Connexion walks two Starlette routers on every request before an operation runs: the Swagger UI
middleware's (a mount per base path, then each of its routes, tried again with a slash added when
none matches) only to pass the request on, and the routing middleware's (a mount per base path, then
each path's regular expression) only to write the API's base path and the operationId into the scope.
Here:

- ``UIOnlyWhenAsked``: the Swagger UI middleware looks only at the paths it can serve (``/ui``,
  ``openapi``); every other request goes straight on.
- ``RememberedRouting``: once Connexion's router has routed a (method, root path, path) to an
  operation, later requests with the same line get the same facts written the same way, without the
  walk. Requests it did not route to an operation (unknown paths, 405s, the ``/_mock`` routes) go
  through the router every time.

Both are public Connexion middleware classes, subclassed and put in the public ``middlewares`` list;
no private name of Connexion is used. Measured on the validated POST (server CPU per request over
HTTP, docs/mock-internals.md): together 1.36x; the checks and answers are Connexion's own
(tests/mock/test_mock_fast_paths.py).
"""

from __future__ import annotations

from typing import Any

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

from connexion.middleware.abstract import ROUTING_CONTEXT
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.swagger_ui import SwaggerUIMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_server.cache import BoundedCache

# Distinct routed request lines remembered (the spec's paths have no path parameters, so this is
# the number of operations times the methods and base paths they answer on).
ROUTE_CACHE = 1024

Route = tuple[str, str, dict[str, Any]]  # operationId, API base path, path parameters


class UIOnlyWhenAsked(SwaggerUIMiddleware):  # type: ignore[misc]  # connexion is untyped
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and "/ui" not in path and "openapi" not in path:
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class RememberedRouting(RoutingMiddleware):  # type: ignore[misc]  # connexion is untyped
    def __init__(self, app: ASGIApp) -> None:
        self._next = app
        self._routes: BoundedCache[tuple[str, str, str], Route] = BoundedCache(ROUTE_CACHE)
        # Connexion's routing operations pass the routed scope to this, which remembers it.
        super().__init__(self._remember)

    async def _remember(self, scope: Scope, receive: Receive, send: Send) -> None:
        routing = scope.get("extensions", {}).get(ROUTING_CONTEXT, {})
        if routing.get("operation_id") is not None:
            key = (scope["method"], scope.get("root_path", ""), scope["path"])
            self._routes.put(
                key, (routing["operation_id"], routing["api_base_path"], dict(scope.get("path_params", {})))
            )
        await self._next(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._next(scope, receive, send)
            return
        found = self._routes.get((scope["method"], scope.get("root_path", ""), scope["path"]))
        if found is None:
            await super().__call__(scope, receive, send)  # Connexion's router, then _remember
            return
        operation_id, base_path, path_params = found
        routed = dict(scope)
        routed.setdefault("path_params", {}).update(path_params)
        routing = routed.setdefault("extensions", {}).setdefault(ROUTING_CONTEXT, {})
        routing.update({"api_base_path": base_path, "operation_id": operation_id})
        await self._next(routed, receive, send)
