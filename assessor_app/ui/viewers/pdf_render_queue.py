"""The render request queue: one entry per (page, scale), most urgent first, stale dropped.

Pure Python (no Qt) so that it can be tested and reasoned about on its own.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

VIEW, PREFETCH, THUMBNAILS = "view", "prefetch", "thumbnails"
VISIBLE_PRIORITY, NEARBY_PRIORITY, PREFETCH_PRIORITY, THUMBNAIL_PRIORITY = 0, 1, 2, 3

PageKey = tuple[int, float]  # (0-based page index, scale = zoom × device pixel ratio)


def quantize_scale(scale: float) -> float:
    """Scales are cache keys: round them so that float noise does not miss the cache."""
    return round(scale, 3)


@dataclass(frozen=True)
class RenderRequest:
    page: int
    scale: float
    dpr: float = 1.0
    priority: int = VISIBLE_PRIORITY

    @property
    def key(self) -> PageKey:
        return (self.page, self.scale)


@dataclass
class _Pending:
    request: RenderRequest
    seq: int
    priorities: dict[str, int] = field(default_factory=dict)  # channel -> priority

    def rank(self) -> tuple[int, int]:
        return (min(self.priorities.values()), self.seq)


class RenderQueue:
    """Thread-safe queue of render requests, one per (page, scale), most urgent first.

    Requests belong to channels. ``submit(..., replace=True)`` states everything a channel
    still wants: its pending requests that are not named again are dropped as stale. A request
    already being rendered (taken, and its result not yet received) is not queued again.

    ``hold(key)`` reserves the workers for one page the reader is waiting for: until
    ``hold(None)``, only that page is handed out. PyMuPDF keeps the GIL while it renders, so
    a neighbour page started at the wrong moment would delay the painting of the awaited one.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: dict[PageKey, _Pending] = {}
        self._in_flight: set[PageKey] = set()
        self._seq = itertools.count()
        self._closed = False
        self._held: PageKey | None = None
        self.dropped = 0  # stale requests dropped so far

    def submit(
        self, requests: Iterable[RenderRequest], *, channel: str, replace: bool = True
    ) -> int:
        """Queue ``requests`` (in the order given) for ``channel``; returns how many are new."""
        wanted = list(requests)
        added = 0
        with self._cond:
            if self._closed:
                return 0
            if replace:
                keep = {r.key for r in wanted}
                for key, entry in list(self._pending.items()):
                    if channel in entry.priorities and key not in keep:
                        del entry.priorities[channel]
                        if not entry.priorities:
                            del self._pending[key]
                            self.dropped += 1
            for request in wanted:
                if request.key in self._in_flight:
                    continue
                queued = self._pending.get(request.key)
                if queued is None:
                    queued = _Pending(request, next(self._seq))
                    self._pending[request.key] = queued
                    added += 1
                elif channel not in queued.priorities or replace:
                    queued.seq = next(self._seq)
                queued.priorities[channel] = request.priority
            if wanted and self._ready():
                # Waking a worker that finds nothing to take still costs a GIL hand-over.
                self._cond.notify_all()
        return added

    def take(self, timeout: float | None = None) -> RenderRequest | None:
        """The most urgent request, marked in flight; None when closed (or on timeout)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._closed or self._ready(), timeout):
                return None
            if self._closed:
                return None
            if self._held is not None:
                key = self._held
            else:
                key = min(self._pending, key=lambda k: self._pending[k].rank())
            entry = self._pending.pop(key)
            self._in_flight.add(key)
            return entry.request

    def _ready(self) -> bool:
        if self._held is not None:
            return self._held in self._pending
        return bool(self._pending)

    def hold(self, key: PageKey | None) -> None:
        """Hand out only ``key`` from now on (None: everything again, most urgent first)."""
        with self._cond:
            self._held = key
            if self._ready():
                self._cond.notify_all()

    @property
    def held(self) -> PageKey | None:
        return self._held

    def done(self, request: RenderRequest) -> None:
        """The result of ``request`` has reached its consumer: it may be requested again."""
        with self._cond:
            self._in_flight.discard(request.key)

    def close(self) -> None:
        """Wake every waiting worker; ``take`` returns None from now on."""
        with self._cond:
            self._closed = True
            self._pending.clear()
            self._cond.notify_all()

    def pending(self) -> list[RenderRequest]:
        """Queued requests, most urgent first (for tests and diagnostics)."""
        with self._cond:
            ranked = sorted(self._pending.values(), key=_Pending.rank)
            return [e.request for e in ranked]

    def is_idle(self) -> bool:
        """Nothing queued and no result outstanding."""
        with self._cond:
            return not self._pending and not self._in_flight

    def is_queued_or_running(self, key: PageKey) -> bool:
        with self._cond:
            return key in self._pending or key in self._in_flight
