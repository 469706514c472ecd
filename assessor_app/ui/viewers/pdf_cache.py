"""A least-recently-used cache with a byte budget (the rendered-page cache).

Pure Python (no Qt): the caller says how many bytes each value holds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteBudgetLru(Generic[K, V]):
    """Least-recently-used map that evicts until its entries fit in ``budget`` bytes.

    The newest entry always stays, even alone over budget, so that the page on screen shows.
    """

    def __init__(self, budget: int) -> None:
        if budget <= 0:
            raise ValueError("the cache budget must be positive")
        self.budget = budget
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0

    @property
    def total_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[K]:
        """Keys, least recently used first (a snapshot: safe to change the cache meanwhile)."""
        return iter(list(self._items))

    def get(self, key: K) -> V | None:
        """The value, marked most recently used; None when absent."""
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def put(self, key: K, value: V, nbytes: int) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[key] = (value, nbytes)
        self._bytes += nbytes
        while self._bytes > self.budget and len(self._items) > 1:
            _, (_, size) = self._items.popitem(last=False)
            self._bytes -= size

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0
