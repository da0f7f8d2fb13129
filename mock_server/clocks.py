"""The mock's clock per API token (``/_mock/clock``): set, frozen or moved on by a test.

By default every token sees the real time. A token whose clock was set sees its own time, which
runs on from the value set (or stands still while frozen). It decides, for that token's requests:

- the future-date rule (``Invalid report - starting date is a future date``);
- export timing: a job is complete once the token's clock has moved ``--export-delay`` seconds
  past its start, so freezing the clock keeps new jobs pending and ``advance`` completes them.

The rate limit keeps real time (``POST /_mock/reset`` clears its count). Each clock keeps two
readings that move together: the wall time (for dates) and a monotonic time (for delays, the
same scale export jobs are timed on); a jump moves both by the same amount.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class TokenClock:
    wall: float  # the token's wall time (epoch seconds) at ``anchor``
    mono: float  # the token's monotonic time at ``anchor``
    anchor: float  # the real monotonic time when it was last set
    frozen: bool


class Clocks:
    def __init__(self, wall: Callable[[], float], monotonic: Callable[[], float]) -> None:
        self._wall = wall
        self._monotonic = monotonic
        self._set: dict[str, TokenClock] = {}

    def _elapsed(self, clock: TokenClock) -> float:
        return 0.0 if clock.frozen else self._monotonic() - clock.anchor

    def now(self, token: str) -> float:
        """The token's wall time, epoch seconds."""
        clock = self._set.get(token)
        return self._wall() if clock is None else clock.wall + self._elapsed(clock)

    def monotonic(self, token: str) -> float:
        """The token's monotonic time (export delays are measured on it)."""
        clock = self._set.get(token)
        return self._monotonic() if clock is None else clock.mono + self._elapsed(clock)

    def is_set(self, token: str) -> bool:
        return token in self._set

    def is_frozen(self, token: str) -> bool:
        clock = self._set.get(token)
        return clock is not None and clock.frozen

    def set(
        self, token: str, *, now: float | None = None, advance: float = 0.0, frozen: bool | None = None
    ) -> None:
        """Jumps the token's clock to ``now`` (or by ``advance`` seconds) and freezes or releases it."""
        wall, mono = self.now(token), self.monotonic(token)
        target = (now if now is not None else wall) + advance
        self._set[token] = TokenClock(
            wall=target,
            mono=mono + (target - wall),
            anchor=self._monotonic(),
            frozen=self.is_frozen(token) if frozen is None else frozen,
        )

    def forget(self, token: str | None = None) -> None:
        if token is None:
            self._set.clear()
        else:
            self._set.pop(token, None)
