"""The one bounded cache of the mock: least recently used entries go first.

Every memory the mock keeps across requests is one of these, bounded either by how many entries it
holds or by the total size of its values (``weigh``, e.g. ``len`` of rendered bytes), so it stays
bounded however long the mock runs and whatever clients send. The newest entry is always kept,
even when it alone is over the bound.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_value: object) -> int:
    return 1


class BoundedCache(Generic[K, V]):
    """At most ``limit`` entries (with ``weigh``: ``limit`` units of weight), least recently used
    dropped first."""

    def __init__(self, limit: int, weigh: Callable[[V], int] = _one) -> None:
        if limit < 1:
            raise ValueError("a cache's limit must be at least 1")
        self.limit = limit
        self.weigh = weigh
        self.weight = 0  # the sum of weigh(value) over the entries held
        self._entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: K) -> bool:
        return key in self._entries

    def get(self, key: K) -> V | None:
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> V:
        old = self._entries.pop(key, None)
        if old is not None:
            self.weight -= self.weigh(old)
        self._entries[key] = value
        self.weight += self.weigh(value)
        while self.weight > self.limit and len(self._entries) > 1:
            _, dropped = self._entries.popitem(last=False)
            self.weight -= self.weigh(dropped)
        return value

    def get_or_make(self, key: K, make: Callable[[K], V]) -> V:
        """The value kept for ``key``, made (and kept) on first use."""
        found = self.get(key)
        return found if found is not None else self.put(key, make(key))

    def clear(self) -> None:
        self._entries.clear()
        self.weight = 0
