"""Per-token sliding-window rate limit (the documents: 100 requests per 5 minutes per API token).

A sliding log rather than fixed windows: at most ``limit`` requests are accepted in *any*
``window`` seconds, which is what a client's own throttle expects. The check and the count happen
in one synchronous call with no ``await`` in between, so concurrent requests on the event loop can
never both take the last slot.
"""

from __future__ import annotations

import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    limit: int  # requests per window; 0 switches limiting off
    window: float  # seconds

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def __str__(self) -> str:
        return f"{self.limit}/{self.window:g}" if self.enabled else "0"


DEFAULT_RATE_LIMIT = RateLimit(100, 300.0)
_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def parse_rate_limit(text: str) -> RateLimit:
    """``N/SECONDS`` (e.g. ``100/300``), or ``0`` for no limit."""
    if text.strip() == "0":
        return RateLimit(0, 0.0)
    match = _SPEC.match(text)
    if not match or int(match.group(1)) < 1 or float(match.group(2)) <= 0:
        raise ValueError(f"rate limit must be N/SECONDS with N >= 1 and SECONDS > 0, or 0 (got {text!r})")
    return RateLimit(int(match.group(1)), float(match.group(2)))


class RateLimiter:
    def __init__(self, rate: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> int | None:
        """Counts one request for ``key``. None if accepted, else the whole seconds until a slot
        frees (the ``Retry-After`` value, at least 1)."""
        if not self.rate.enabled:
            return None
        now = self._clock()
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque()
        horizon = now - self.rate.window
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) < self.rate.limit:
            hits.append(now)
            return None
        # Rejected requests are not counted: a client that backs off as told gets through.
        return max(1, math.ceil(hits[0] + self.rate.window - now))

    def reset(self, key: str | None = None) -> None:
        if key is None:
            self._hits.clear()
        else:
            self._hits.pop(key, None)
