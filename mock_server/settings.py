"""Everything that can be set on one mock instance (CLI flags and ``create_app`` arguments)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mock_server.ratelimit import DEFAULT_RATE_LIMIT, RateLimit

# Connexion's per-request steps the mock replaces by leaner ones (routing.py, connexion_internals.py);
# ``--no-fast-paths`` / ``create_app(fast_paths=False)`` runs Connexion's own (make bench compares).
FAST_PATHS = frozenset({"routing", "request_validation", "operations"})
# The example token of the source documents, accepted unless told otherwise.
DOCUMENTED_TOKEN = "12345678-1234-1234-1234-123456789"


@dataclass(frozen=True)
class Settings:
    tokens: tuple[str, ...] = (DOCUMENTED_TOKEN,)
    rate_limit: RateLimit = DEFAULT_RATE_LIMIT
    validate_responses: bool = False
    export_delay: float = 2.0  # seconds until an export job is complete; 0 = at the first poll
    latency_ms: float = 0.0  # added before every answer
    max_body_bytes: int = 1024 * 1024  # larger request bodies are answered 413 Payload too large
    fixtures: Path | None = None  # None = the fixture set shipped in mock_server/fixtures
    spec: Path | None = None  # None = openapi.yaml found next to the package
    swagger_ui: bool = True
    fast_paths: frozenset[str] = FAST_PATHS
    # A mock shared by many clients (docs/robustness.md).
    public_url: str | None = None  # base of export URLs; None = the mock's own address
    reset_all: bool = True  # POST /_mock/reset?all=true forgets every token's state; False: 403
    clock: Callable[[], float] = field(default=time.time)  # wall clock, for "starting date is a future date"
    monotonic: Callable[[], float] = field(default=time.monotonic)  # rate limit and export delays
