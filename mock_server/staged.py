"""What the control API stages per token (faults, report overrides, export plans): kept in the order
given, each with an id, at most a bounded number per token, forgotten per token or all at once."""

from __future__ import annotations

import itertools
from typing import Generic, Protocol, TypeVar

from mock_server.control_input import refused


class Identified(Protocol):
    id: int


T = TypeVar("T", bound=Identified)


class StagedPerToken(Generic[T]):
    def __init__(self, limit: int, refusal: str) -> None:
        self._limit = limit
        self._refusal = refusal  # the 400 message when a token has staged ``limit`` already
        self._by_token: dict[str, list[T]] = {}
        self._ids = itertools.count(1)

    def stage(self, token: str, item: T) -> T:
        staged = self._by_token.setdefault(token, [])
        if len(staged) >= self._limit:
            raise refused(self._refusal)
        item.id = next(self._ids)
        staged.append(item)
        return item

    def pending(self, token: str) -> list[T]:
        return list(self._by_token.get(token, ()))

    def forget(self, token: str | None = None) -> int:
        if token is None:
            count = sum(map(len, self._by_token.values()))
            self._by_token.clear()
            return count
        return len(self._by_token.pop(token, ()))
