"""API-token authentication and the per-token rate limit, run by Connexion's security layer.

Connexion reads the spec's ``ApiToken`` scheme (apiKey in the ``Auth-Api-Token`` header) and asks
the handler registered for ``apiKey`` in ``security_map`` to verify it. Registering a handler class
bound to this app's tokens (rather than naming a function in ``x-apikeyInfoFunc``) keeps Python
names out of openapi.yaml and lets several apps with different tokens live in one process (tests).
The handler also distinguishes the two documented 401s, which Connexion's stock handler cannot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, ClassVar

import mock_server.quiet_imports  # noqa: F401  # before Connexion: see that module

from connexion.lifecycle import ConnexionRequest
from connexion.security import ApiKeySecurityHandler

from mock_server.errors import RATE_LIMITED, TOKEN_NOT_MATCHING, UNAUTHORIZED, ApiError
from mock_server.ratelimit import RateLimiter

# Where the authenticated token is left for the handlers (export jobs belong to it).
TOKEN_SCOPE_KEY = "lexer_mock.token"


def header_value(scope: MutableMapping[str, Any], name: bytes) -> str | None:
    """A request header straight from the ASGI scope (``name`` lower-case)."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class Auth:
    def __init__(self, tokens: Iterable[str], limiter: RateLimiter) -> None:
        self.tokens = frozenset(tokens)
        self.limiter = limiter

    def check(self, token: str | None) -> str:
        """The token if it may proceed; else the documented 401 or 429."""
        if token is None or token == "":
            raise ApiError(401, UNAUTHORIZED, "Missing authentication data.")
        if token not in self.tokens:
            raise ApiError(401, TOKEN_NOT_MATCHING, "Your API token provided is not valid.")
        retry_after = self.limiter.hit(token)
        if retry_after is not None:
            raise ApiError(
                429,
                RATE_LIMITED,
                f"You're making too many requests: at most {self.limiter.rate.limit} every "
                f"{self.limiter.rate.window:g} seconds per API token. Retry in {retry_after} s.",
                {"Retry-After": str(retry_after)},
            )
        return token


class TokenSecurityHandler(ApiKeySecurityHandler):  # type: ignore[misc]  # connexion is untyped
    auth: ClassVar[Auth]

    def get_fn(
        self, security_scheme: dict[str, Any], required_scopes: Any
    ) -> Callable[[ConnexionRequest], Awaitable[dict[str, Any]]]:
        if security_scheme.get("in") != "header":
            raise ValueError("the mock only knows API keys sent in a header")
        name = str(security_scheme["name"]).lower().encode("latin-1")
        auth = self.auth

        async def verify(request: ConnexionRequest) -> dict[str, Any]:
            scope = request.scope
            token = auth.check(header_value(scope, name))
            scope[TOKEN_SCOPE_KEY] = token
            return {"sub": token}

        return verify


def security_map_for(auth: Auth) -> dict[str, type[TokenSecurityHandler]]:
    bound = type("BoundTokenSecurityHandler", (TokenSecurityHandler,), {"auth": auth})
    return {"apiKey": bound}
