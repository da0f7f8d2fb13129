"""Connexion's routing, remembered per request line once it has found an operation.

Connexion's RoutingMiddleware walks a Starlette router (a mount per base path, then the spec's
paths, each a regular expression) on every request, only to write two facts into the scope: the
API's base path and the operationId. Those depend on the method and the path alone, so once the
router has found an operation for a (method, root path, path), later requests get the same facts
written the same way without the walk. Anything the router did not route to an operation (unknown
paths, 405s, the mock's own routes) goes through the router every time, as before.
"""

from __future__ import annotations

from typing import Any

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

from connexion.middleware.abstract import ROUTING_CONTEXT
from connexion.middleware.routing import RoutingMiddleware, _scope
from starlette.types import ASGIApp, Receive, Scope, Send

# Distinct routed request lines remembered (the spec's paths have no path parameters, so this is
# the number of operations times the methods and base paths they answer on).
ROUTE_CACHE = 1024

Route = tuple[str | None, str, dict[str, Any]]  # operationId, API base path, path parameters


class CachedRoutingMiddleware(RoutingMiddleware):  # type: ignore[misc]  # connexion is untyped
    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self._routes: dict[tuple[str, str, str], Route] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        key = (scope["method"], scope.get("root_path", ""), scope["path"])
        found = self._routes.get(key)
        if found is not None:
            operation_id, base_path, path_params = found
            routed = dict(scope)
            routed.setdefault("path_params", {}).update(path_params)
            routing = routed.setdefault("extensions", {}).setdefault(ROUTING_CONTEXT, {})
            routing.update({"api_base_path": base_path, "operation_id": operation_id})
            await self.app(routed, receive, send)
            return
        # Connexion's own way (RoutingMiddleware.__call__), keeping a handle on the scope its
        # RoutingOperation fills in.
        original = dict(scope)
        _scope.set(original)
        await self.router(scope, receive, send)
        routing = original.get("extensions", {}).get(ROUTING_CONTEXT, {})
        if routing.get("operation_id") is not None and len(self._routes) < ROUTE_CACHE:
            self._routes[key] = (
                routing["operation_id"],
                routing["api_base_path"],
                dict(original.get("path_params", {})),
            )
